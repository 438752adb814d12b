package io.github.langfuse4j.springai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseContext;
import io.github.langfuse4j.tracing.LangfuseHandle;

/**
 * What the bridge's handlers do on the calling threads (request threads, Reactor
 * threads): read the time, the application's current Langfuse handle and what the handler
 * must keep now ({@link #keepAtStart}, {@link #keepAtStop}: copies of lists the
 * application may change afterwards), and hand the callback to the exporter's own thread
 * ({@link Langfuse#defer(Runnable)}), where {@link #start} and {@link #stop} build the
 * Langfuse handles and events. That thread runs the callbacks in the order they were
 * handed over, so a parent's start is always made before its children's. A start dropped
 * because the queue was full marks the context, so that its stop and its children are
 * dropped too, never recorded in the wrong place. Never throws into Spring AI.
 */
abstract class DeferringHandler implements ObservationHandler<Observation.Context> {

	private final Bridge bridge;

	DeferringHandler(Bridge bridge) {
		this.bridge = bridge;
	}

	Bridge bridge() {
		return this.bridge;
	}

	@Override
	public final void onStart(Observation.Context context) {
		try {
			Langfuse langfuse = this.bridge.langfuse();
			if (langfuse == null) {
				return;
			}
			long nanoTime = System.nanoTime();
			LangfuseHandle current = LangfuseContext.current().handle().orElse(null);
			Object kept = keepAtStart(context, current);
			if (!langfuse.defer(new Callback(this, langfuse, context, true, nanoTime, current, kept))) {
				Bridge.drop(context);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.bridge.failed(context, ex);
		}
	}

	@Override
	public final void onStop(Observation.Context context) {
		try {
			if (Bridge.isDropped(context)) {
				return;
			}
			Langfuse langfuse = this.bridge.resolved();
			if (langfuse == null) {
				return;
			}
			long nanoTime = System.nanoTime();
			langfuse.defer(new Callback(this, langfuse, context, false, nanoTime, null, keepAtStop(context)));
		}
		catch (RuntimeException | LinkageError ex) {
			this.bridge.failed(context, ex);
		}
	}

	/**
	 * On the calling thread, at the start: what cannot be read later. Nothing by default.
	 * @param context the observation's context
	 * @param current the application's current handle, else {@code null}
	 * @return what {@link #start} gets as {@link Callback#kept()}
	 */
	@Nullable Object keepAtStart(Observation.Context context, @Nullable LangfuseHandle current) {
		return null;
	}

	/**
	 * On the calling thread, at the stop: what cannot be read later. Nothing by default.
	 * @param context the observation's context
	 * @return what {@link #stop} gets as {@link Callback#kept()}
	 */
	@Nullable Object keepAtStop(Observation.Context context) {
		return null;
	}

	/**
	 * On the bridge's thread: records the observation's start.
	 * @param callback the start
	 */
	abstract void start(Callback callback);

	/**
	 * On the bridge's thread: completes and ends what {@link #start} recorded.
	 * @param callback the stop
	 */
	abstract void stop(Callback callback);

}
