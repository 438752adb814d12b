package io.github.langfuse4j.internal.transport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.TraceBody;

/**
 * A trace in the {@link SpanAssembler}, with buffered data or buffered observations: its
 * merged data, its root's span id and times, and what it counts (events, estimated bytes,
 * buffered observations). Used by the assembler's thread only.
 */
final class BufferedTrace {

	final String key;

	final List<BufferedObservation> waiting = new ArrayList<>(2);

	TraceBody body;

	/** The span id of the trace's current root: synthetic, or its root observation's. */
	String rootSpanId;

	/** The observation that is to be the trace's root, until its root is released. */
	String rootObservationId;

	String firstEventId;

	Instant firstEventTimestamp;

	Instant latestEventTimestamp;

	Instant earliestStart;

	long seenNanos;

	int events;

	long bytes;

	int buffered;

	boolean rootExported;

	/**
	 * The bytes counted for this trace among the assembler's complete roots, or -1 when
	 * not complete.
	 */
	long completeBytes = -1;

	BufferedTrace(String key) {
		this.key = key;
	}

	void observed(ObservationBody body) {
		if (body.startTime() != null && (this.earliestStart == null || body.startTime().isBefore(this.earliestStart))) {
			this.earliestStart = body.startTime();
		}
	}

}
