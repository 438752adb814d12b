package io.github.langfuse4j.tracing;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;
import io.github.langfuse4j.internal.logging.LogText;
import io.github.langfuse4j.internal.logging.ThrottledLogger;

/**
 * Turns ended handles into ingestion events and hands them to the exporter. With the
 * no-op exporter nothing is built at all. Emitting never throws: an event that cannot be
 * built (which the handles' argument checks should prevent), or that the exporter refuses
 * by throwing, is logged, throttled, and skipped. The exporter may be the application's
 * own bean, so it is never called while a handle's lock is held.
 */
final class Tracer {

	private static final Log logger = LogFactory.getLog(Tracer.class);

	private static final ThrottledLogger ignoredLog = new ThrottledLogger(logger, Duration.ofMinutes(1));

	private final ThrottledLogger failureLog = new ThrottledLogger(logger, Duration.ofSeconds(30));

	private final LangfuseIngest ingest;

	private final boolean enabled;

	private final boolean captureContent;

	/**
	 * Throttles the warning about scopes left open after their handle ended; see
	 * {@link ScopeLeaks}.
	 */
	final ThrottledLogger scopeLeakLog = ScopeLeaks.throttled();

	Tracer(LangfuseIngest ingest, boolean captureContent) {
		this.ingest = Objects.requireNonNull(ingest, "ingest must not be null");
		this.enabled = ingest != LangfuseIngest.noop();
		this.captureContent = captureContent;
	}

	/** Whether traces record inputs and outputs unless a trace says otherwise. */
	boolean captureContent() {
		return this.captureContent;
	}

	/**
	 * Whether a trace is sent under the exporter's sample rate; never fails the caller.
	 */
	boolean isSampled(String traceId) {
		if (!this.enabled) {
			return true;
		}
		try {
			return this.ingest.isSampled(traceId);
		}
		catch (RuntimeException ex) {
			failed("sampling decision", ex);
			return true;
		}
	}

	/**
	 * Counts an event not built because its trace is sampled out. Calls the exporter:
	 * never call this while holding a handle's lock.
	 */
	void sampledOut() {
		if (!this.enabled) {
			return;
		}
		try {
			this.ingest.countSampledOut(1);
		}
		catch (RuntimeException ex) {
			failed("sampled-out count", ex);
		}
	}

	LangfuseIngest ingest() {
		return this.ingest;
	}

	boolean enabled() {
		return this.enabled;
	}

	// Envelope ids must be unique per event: the ingestion server stores each event as a
	// file named after it under the entity's id and rebuilds the entity from all of them,
	// so a second event with the same envelope id replaces the first. A trace id can be
	// reused on purpose (a trace continued by id, Langfuse.traceIdFrom), so a
	// trace-create gets a random envelope id of its own; so does a score, whose id a user
	// may reuse to overwrite it. An observation id is random and never set by the user,
	// and an observation emits exactly one event, so its id doubles as the envelope id:
	// unique, and no second random id per observation on the application thread.

	/**
	 * Emits a trace's one event, stamped with the trace's end: {@code endTime}, or else
	 * the time now on the trace's clock (read only when exporting is enabled). The OTLP
	 * transport ends the trace's span there.
	 */
	void trace(Supplier<TraceBody> body, AnchoredClock clock, Instant endTime, Recording recording) {
		if (this.enabled && !recording.sampled()) {
			sampledOut();
			return;
		}
		emit("trace", () -> {
			TraceBody trace = body.get();
			Instant end = (endTime != null) ? endTime : clock.now();
			return new TraceCreate(Ids.eventId(), end, trace);
		});
	}

	/**
	 * Builds the observation's one event from the handle's fields. The caller holds the
	 * handle's lock, so this only builds; {@link #send} enqueues after the lock is
	 * released. Nothing is built when exporting is disabled.
	 * @return the event, or {@code null} if exporting is disabled or the body cannot be
	 * built (logged, throttled)
	 */
	IngestionEvent observation(ObservationType type, ObservationHandle handle, Instant endTime) {
		if (!this.enabled) {
			return null;
		}
		try {
			ObservationBody observation = handle.body(endTime);
			Instant at = (observation.endTime() != null) ? observation.endTime() : observation.startTime();
			return IngestionEvent.observation(type, observation.id(), at, observation);
		}
		catch (RuntimeException ex) {
			failed(type.wireName(), ex);
			return null;
		}
	}

	/**
	 * Hands an event built under a handle's lock to the exporter, which may be the
	 * application's own bean: never call this while holding a handle's lock.
	 */
	void send(String what, IngestionEvent event) {
		if (event == null) {
			return;
		}
		try {
			this.ingest.enqueue(event);
		}
		catch (RuntimeException ex) {
			failed(what, ex);
		}
	}

	/**
	 * Emits a score, unless it belongs to a sampled-out trace; a score of a session or a
	 * dataset run is always sent.
	 */
	void score(ScoreBody body) {
		if (this.enabled && body.traceId() != null && !isSampled(body.traceId())) {
			sampledOut();
			return;
		}
		emit("score", () -> new ScoreCreate(Ids.eventId(), Instant.now(), body));
	}

	private void emit(String what, Supplier<IngestionEvent> event) {
		if (!this.enabled) {
			return;
		}
		try {
			this.ingest.enqueue(event.get());
		}
		catch (RuntimeException ex) {
			failed(what, ex);
		}
	}

	private void failed(String what, RuntimeException ex) {
		this.failureLog
			.warn(() -> "Langfuse " + what + " was not exported: " + LogText.safe(ex.getMessage(), LogText.MESSAGE));
	}

	/**
	 * Logs, at debug level and at most once a minute, that a setter was called after the
	 * end.
	 */
	static void ignored(String setter, Object handle) {
		ignoredLog.debug(() -> "Ignored " + setter + "(..) on " + LogText.safe(String.valueOf(handle), LogText.MESSAGE)
				+ ": it has already ended");
	}

}
