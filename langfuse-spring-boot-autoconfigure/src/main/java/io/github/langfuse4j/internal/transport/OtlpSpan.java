package io.github.langfuse4j.internal.transport;

import java.time.Instant;

import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.TraceBody;

/**
 * One span ready to be encoded: an observation merged from all its events, or the root
 * span of a trace.
 *
 * @param traceId the OTLP trace id (32 lowercase hex digits)
 * @param spanId the OTLP span id (16 lowercase hex digits)
 * @param parentSpanId the OTLP parent span id, or {@code null} for none
 * @param name the span name
 * @param type the lowercase Langfuse observation type
 * @param start the start time
 * @param end the end time
 * @param observation the merged observation body, or {@code null} for a trace's root span
 * @param trace the trace's data: for a root span the whole merged trace body; for an
 * observation the trace attributes known when it was exported, or {@code null} if none
 * were
 * @param events how many ingestion events this span stands for (all get the span's
 * outcome)
 */
record OtlpSpan(String traceId, String spanId, String parentSpanId, String name, String type, Instant start,
		Instant end, ObservationBody observation, TraceBody trace, int events) {

	/** Whether this is a synthetic root span, made of a trace's own data only. */
	boolean isRoot() {
		return this.observation == null;
	}

	/**
	 * Whether this span represents its trace: a root span with the trace's data,
	 * synthetic or an observation that is its trace's root
	 * ({@link TraceBody#rootObservationId()}). Only such a span carries the trace's
	 * metadata and version. An observation with trace data always has a parent, the
	 * trace's root, unless it is the root.
	 */
	boolean carriesTrace() {
		return this.parentSpanId == null && this.trace != null;
	}

}
