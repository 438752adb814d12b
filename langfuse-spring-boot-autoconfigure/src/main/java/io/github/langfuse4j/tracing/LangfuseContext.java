package io.github.langfuse4j.tracing;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A captured current context: the trace or observation that new observations started through {@link Langfuse}
 * nest under. Each thread (platform or virtual) has its own current context, set with
 * {@link LangfuseHandle#makeCurrent()}; it is not inherited by new threads or pool threads. To carry it into
 * another thread, capture it with {@link #current()} and {@link #makeCurrent()} it there, or wrap the task with
 * {@link #wrap(Runnable)}, {@link Langfuse#wrap(Runnable)} or an executor from
 * {@link Langfuse#wrap(java.util.concurrent.ExecutorService)}.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class LangfuseContext {

	private static final Log logger = LogFactory.getLog(LangfuseContext.class);

	private static final ThreadLocal<LangfuseHandle> CURRENT = new ThreadLocal<>();

	private static final LangfuseContext EMPTY = new LangfuseContext(null);

	private final LangfuseHandle handle;

	private LangfuseContext(LangfuseHandle handle) {
		this.handle = handle;
	}

	/**
	 * Captures the current context of the calling thread.
	 * @return the captured context, empty if nothing is current
	 */
	public static LangfuseContext current() {
		LangfuseHandle handle = CURRENT.get();
		return (handle != null) ? new LangfuseContext(handle) : EMPTY;
	}

	/**
	 * The empty context, in which {@link Langfuse#span(String)} and the like start new traces.
	 * @return the empty context
	 */
	public static LangfuseContext empty() {
		return EMPTY;
	}

	/**
	 * The context in which the given trace or observation is current.
	 * @param handle the handle
	 * @return the context
	 * @throws NullPointerException if {@code handle} is {@code null}
	 */
	public static LangfuseContext of(LangfuseHandle handle) {
		return new LangfuseContext(Objects.requireNonNull(handle, "handle must not be null"));
	}

	/**
	 * The trace or observation of this context.
	 * @return the handle, or empty if this is the empty context
	 */
	public Optional<LangfuseHandle> handle() {
		return Optional.ofNullable(this.handle);
	}

	/**
	 * Makes this context the current context of the calling thread until the returned scope is closed.
	 * @return the scope; closing it restores the previous context
	 */
	public LangfuseScope makeCurrent() {
		return attach(this.handle);
	}

	/**
	 * Wraps a task so that it runs in this context, on whatever thread runs it.
	 * @param task the task
	 * @return the wrapped task
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	public Runnable wrap(Runnable task) {
		Objects.requireNonNull(task, "task must not be null");
		return () -> {
			try (LangfuseScope scope = makeCurrent()) {
				task.run();
			}
		};
	}

	/**
	 * Wraps a task so that it runs in this context, on whatever thread runs it.
	 * @param <T> the result type
	 * @param task the task
	 * @return the wrapped task
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	public <T> Callable<T> wrap(Callable<T> task) {
		Objects.requireNonNull(task, "task must not be null");
		return () -> {
			try (LangfuseScope scope = makeCurrent()) {
				return task.call();
			}
		};
	}

	@Override
	public String toString() {
		return (this.handle != null) ? "LangfuseContext[" + this.handle + "]" : "LangfuseContext[empty]";
	}

	static LangfuseHandle currentHandle() {
		return CURRENT.get();
	}

	static LangfuseScope attach(LangfuseHandle handle) {
		LangfuseHandle previous = CURRENT.get();
		set(handle);
		return new ThreadScope(Thread.currentThread(), previous, handle);
	}

	private static void set(LangfuseHandle handle) {
		if (handle != null) {
			CURRENT.set(handle);
		}
		else {
			CURRENT.remove();
		}
	}

	/** Restores the previous context once, on the thread that opened the scope (so no other thread races it). */
	private static final class ThreadScope implements LangfuseScope {

		private final Thread owner;

		private final LangfuseHandle previous;

		private final LangfuseHandle attached;

		private boolean closed;

		ThreadScope(Thread owner, LangfuseHandle previous, LangfuseHandle attached) {
			this.owner = owner;
			this.previous = previous;
			this.attached = attached;
		}

		@Override
		public void close() {
			if (Thread.currentThread() != this.owner) {
				if (logger.isDebugEnabled()) {
					logger.debug("Ignored closing a Langfuse scope on another thread than the one that opened it");
				}
				return;
			}
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (CURRENT.get() != this.attached && logger.isDebugEnabled()) {
				logger.debug("Langfuse scopes were closed out of order; restoring the context before this scope");
			}
			set(this.previous);
		}

	}

}
