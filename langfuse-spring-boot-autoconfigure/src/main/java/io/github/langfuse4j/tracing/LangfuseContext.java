package io.github.langfuse4j.tracing;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A captured current context: the trace or observation that new observations started
 * through {@link Langfuse} nest under. Each thread (platform or virtual) has its own
 * current context, set with {@link LangfuseHandle#makeCurrent()}; it is not inherited by
 * new threads or pool threads. To carry it into another thread, capture it with
 * {@link #current()} and {@link #makeCurrent()} it there, or wrap the task with
 * {@link #wrap(Runnable)}, {@link Langfuse#wrap(Runnable)} or an executor from
 * {@link Langfuse#wrap(java.util.concurrent.ExecutorService)}.
 *
 * <p>
 * <b>An ended handle is never current.</b> The current context is the innermost handle,
 * among those made current on the thread and whose scopes are still open, that has not
 * ended: when the handle of the innermost scope has ended, new observations nest under
 * the handle of the scope around it, and with no live handle left they start a trace of
 * their own. A captured context keeps the scopes it was captured in, so it continues the
 * same way on another thread. A scope whose handle ended before the scope was closed is
 * most likely one that application code forgot to close (on a pooled thread it would
 * otherwise put the next request's observations on this request's trace): it is dropped
 * from the thread when found, and a warning says so at most once a minute.
 *
 * <p>
 * Instances are immutable and may be shared between threads.
 */
public final class LangfuseContext {

	private static final Log logger = LogFactory.getLog(LangfuseContext.class);

	/** The innermost open scope of each thread; each scope links to the one around it. */
	private static final ThreadLocal<ThreadScope> CURRENT = new ThreadLocal<>();

	private static final LangfuseContext EMPTY = new LangfuseContext(null);

	/**
	 * The captured scope, whose handle had not ended at capture time; {@code null} for
	 * the empty context.
	 */
	private final ThreadScope frame;

	private LangfuseContext(ThreadScope frame) {
		this.frame = frame;
	}

	/**
	 * Captures the current context of the calling thread.
	 * @return the captured context, empty if nothing is current
	 */
	public static LangfuseContext current() {
		ThreadScope frame = liveFrame();
		return (frame != null) ? new LangfuseContext(frame) : EMPTY;
	}

	/**
	 * The empty context, in which {@link Langfuse#span(String)} and the like start new
	 * traces.
	 * @return the empty context
	 */
	public static LangfuseContext empty() {
		return EMPTY;
	}

	/**
	 * The context in which the given trace or observation is current; once the handle has
	 * ended, nothing is.
	 * @param handle the handle
	 * @return the context
	 * @throws NullPointerException if {@code handle} is {@code null}
	 */
	public static LangfuseContext of(LangfuseHandle handle) {
		Objects.requireNonNull(handle, "handle must not be null");
		return new LangfuseContext(new ThreadScope(null, null, handle, null, false));
	}

	/**
	 * The trace or observation of this context, as captured (it may have ended since).
	 * @return the handle, or empty if this is the empty context
	 */
	public Optional<LangfuseHandle> handle() {
		return Optional.ofNullable((this.frame != null) ? this.frame.handle : null);
	}

	/**
	 * Makes this context the current context of the calling thread until the returned
	 * scope is closed. If its handle has ended meanwhile, observations nest under the
	 * nearest handle around it that has not.
	 * @return the scope; closing it restores the previous context
	 */
	public LangfuseScope makeCurrent() {
		ThreadScope previous = liveFrame();
		if (this.frame == null) {
			return open(new ThreadScope(Thread.currentThread(), previous, null, null, false));
		}
		return open(new ThreadScope(Thread.currentThread(), previous, this.frame.handle, this.frame.outer, false));
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
		return (this.frame != null) ? "LangfuseContext[" + this.frame.handle + "]" : "LangfuseContext[empty]";
	}

	/**
	 * The handle new observations nest under on this thread: the current one, unless it
	 * has ended.
	 */
	static LangfuseHandle currentHandle() {
		ThreadScope frame = liveFrame();
		return (frame != null) ? frame.handle : null;
	}

	/**
	 * Opens a scope in which the handle is current, inside the current scopes of this
	 * thread. A handle that has already ended is not current in it, and its scope is not
	 * one that leaks when the handle ends.
	 */
	static LangfuseScope attach(LangfuseHandle handle) {
		ThreadScope previous = liveFrame();
		return open(new ThreadScope(Thread.currentThread(), previous, handle, previous, !handle.isEnded()));
	}

	private static LangfuseScope open(ThreadScope scope) {
		set(scope);
		return scope;
	}

	/**
	 * The innermost scope of this thread whose handle has not ended, or {@code null}. If
	 * the innermost scope was opened on this thread by
	 * {@link LangfuseHandle#makeCurrent()} and its handle has ended, the scope leaked (or
	 * is closed late): the thread forgets it and the scopes inside the nearest live one,
	 * and says so (throttled).
	 */
	private static ThreadScope liveFrame() {
		ThreadScope top = CURRENT.get();
		if (top == null || top.handle == null) {
			return null;
		}
		if (!top.handle.isEnded()) {
			return top;
		}
		ThreadScope live = top.outer;
		while (live != null && live.handle.isEnded()) {
			live = live.outer;
		}
		if (top.opened) {
			set(live);
			ScopeLeaks.leaked(top.handle, top.openedAt);
		}
		return live;
	}

	private static void set(ThreadScope scope) {
		if (scope != null) {
			CURRENT.set(scope);
		}
		else {
			CURRENT.remove();
		}
	}

	/**
	 * A scope and the context it opened: its handle, and the scope around it, where the
	 * context continues if the handle ends. Closing restores the previous context once,
	 * on the thread that opened the scope (so no other thread races it).
	 */
	private static final class ThreadScope implements LangfuseScope {

		private final Thread owner;

		/** Restored when this scope is closed. */
		private final ThreadScope previous;

		/**
		 * The current handle in this scope, {@code null} only for a scope of the empty
		 * context.
		 */
		private final LangfuseHandle handle;

		/** Where the context continues when {@link #handle} has ended. */
		private final ThreadScope outer;

		/**
		 * Opened by {@link LangfuseHandle#makeCurrent()} (not by a captured context): its
		 * end means a leak.
		 */
		private final boolean opened;

		/**
		 * Where the scope was opened, recorded only while debug logging of
		 * {@link LangfuseScope} is on.
		 */
		private final Throwable openedAt;

		private boolean closed;

		ThreadScope(Thread owner, ThreadScope previous, LangfuseHandle handle, ThreadScope outer, boolean opened) {
			this.owner = owner;
			this.previous = previous;
			this.handle = handle;
			this.outer = outer;
			this.opened = opened;
			this.openedAt = opened ? ScopeLeaks.openedHere() : null;
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
			if (CURRENT.get() != this && logger.isDebugEnabled()) {
				logger.debug("Langfuse scopes were closed out of order; restoring the context before this scope");
			}
			set(this.previous);
		}

	}

}
