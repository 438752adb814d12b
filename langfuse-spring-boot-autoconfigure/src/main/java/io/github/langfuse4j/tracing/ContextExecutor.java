package io.github.langfuse4j.tracing;

import java.util.concurrent.Executor;

/**
 * An executor that runs each task in the Langfuse context that was current when it was
 * submitted.
 */
final class ContextExecutor implements Executor {

	private final Executor delegate;

	ContextExecutor(Executor delegate) {
		this.delegate = delegate;
	}

	@Override
	public void execute(Runnable command) {
		this.delegate.execute(LangfuseContext.current().wrap(command));
	}

	@Override
	public String toString() {
		return "Langfuse context propagating " + this.delegate;
	}

}
