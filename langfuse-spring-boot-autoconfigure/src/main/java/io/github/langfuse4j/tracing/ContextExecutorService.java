package io.github.langfuse4j.tracing;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An executor service that runs each task in the Langfuse context that was current when
 * it was submitted; the life cycle methods go to the wrapped service unchanged.
 */
final class ContextExecutorService implements ExecutorService {

	private final ExecutorService delegate;

	ContextExecutorService(ExecutorService delegate) {
		this.delegate = delegate;
	}

	private static <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
		Objects.requireNonNull(tasks, "tasks must not be null");
		LangfuseContext context = LangfuseContext.current();
		return tasks.stream().map(context::wrap).toList();
	}

	@Override
	public void execute(Runnable command) {
		this.delegate.execute(LangfuseContext.current().wrap(command));
	}

	@Override
	public <T> Future<T> submit(Callable<T> task) {
		return this.delegate.submit(LangfuseContext.current().wrap(task));
	}

	@Override
	public <T> Future<T> submit(Runnable task, T result) {
		return this.delegate.submit(LangfuseContext.current().wrap(task), result);
	}

	@Override
	public Future<?> submit(Runnable task) {
		return this.delegate.submit(LangfuseContext.current().wrap(task));
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
		return this.delegate.invokeAll(wrapAll(tasks));
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException {
		return this.delegate.invokeAll(wrapAll(tasks), timeout, unit);
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
		return this.delegate.invokeAny(wrapAll(tasks));
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		return this.delegate.invokeAny(wrapAll(tasks), timeout, unit);
	}

	@Override
	public void shutdown() {
		this.delegate.shutdown();
	}

	@Override
	public List<Runnable> shutdownNow() {
		return this.delegate.shutdownNow();
	}

	@Override
	public boolean isShutdown() {
		return this.delegate.isShutdown();
	}

	@Override
	public boolean isTerminated() {
		return this.delegate.isTerminated();
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.delegate.awaitTermination(timeout, unit);
	}

	/**
	 * Closes the wrapped service. {@code ExecutorService.close()} exists from Java 19 on;
	 * this method overrides it there, so that the wrapped service's own close (for
	 * example of a virtual thread executor) runs.
	 */
	public void close() {
		Object service = this.delegate;
		if (service instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	@Override
	public String toString() {
		return "Langfuse context propagating " + this.delegate;
	}

}
