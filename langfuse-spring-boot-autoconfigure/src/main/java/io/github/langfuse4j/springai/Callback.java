package io.github.langfuse4j.springai;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseHandle;

/**
 * A start or a stop of a Spring AI observation, as the calling thread handed it to the
 * bridge's thread ({@link Langfuse#defer(Runnable)}), with what the calling thread read
 * then because it could not be read later.
 *
 * @param handler the handler it is for
 * @param langfuse the tracing API
 * @param context the observation's context
 * @param start {@code true} for the start, {@code false} for the stop
 * @param nanoTime when it happened, a {@link System#nanoTime()} reading
 * @param current the application's current Langfuse handle on the calling thread at the
 * start, else {@code null}
 * @param kept what the handler kept of the context on the calling thread (see
 * {@link DeferringHandler#keepAtStart} and {@link DeferringHandler#keepAtStop}), else
 * {@code null}
 */
record Callback(DeferringHandler handler, Langfuse langfuse, Observation.Context context, boolean start, long nanoTime,
		@Nullable LangfuseHandle current, @Nullable Object kept) implements Runnable {

	/** Runs the handler on the bridge's thread; a failure is counted and logged. */
	@Override
	public void run() {
		try {
			if (this.start) {
				this.handler.start(this);
			}
			else {
				this.handler.stop(this);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.handler.bridge().failed(this.context, ex);
		}
	}

}
