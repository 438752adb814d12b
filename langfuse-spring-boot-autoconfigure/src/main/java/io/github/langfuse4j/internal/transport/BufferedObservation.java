package io.github.langfuse4j.internal.transport;

import java.time.Instant;

import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceBody;

/**
 * An observation in the {@link SpanAssembler}: its events merged so far, where it stands
 * (open, complete and waiting for its trace's data) and what it counts (events, estimated
 * bytes). Used by the assembler's thread only.
 */
final class BufferedObservation {

	final String id;

	ObservationType type;

	boolean typeFromUpdate;

	ObservationBody body;

	final Instant firstEventTimestamp;

	final long firstSeenNanos;

	/**
	 * The trace data, when this observation is its trace's root
	 * ({@link TraceBody#rootObservationId()}).
	 */
	TraceBody rootOf;

	long completedNanos = -1;

	String traceKey;

	int events;

	long bytes;

	BufferedObservation(String id, ObservationType type, boolean typeFromUpdate, ObservationBody body,
			Instant firstEventTimestamp, long firstSeenNanos) {
		this.id = id;
		this.type = type;
		this.typeFromUpdate = typeFromUpdate;
		this.body = body;
		this.firstEventTimestamp = firstEventTimestamp;
		this.firstSeenNanos = firstSeenNanos;
	}

}
