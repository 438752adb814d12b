package io.github.langfuse4j.internal.transport;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;

import io.github.langfuse4j.ingest.model.TraceBody;

/**
 * The {@link SpanAssembler}'s memory of what it exported: the ids of released
 * observations, so that a late event for one is recognised (a span can be sent only
 * once), and the attributes and root span id of traces whose root was released, so that
 * observations released afterwards still get the trace's attributes and parent. Both are
 * bounded: at most {@code rememberedObservations} ids, {@code rememberedTraces} traces
 * and {@code rememberedTraceBytes} estimated bytes of attributes; the oldest remembered
 * is forgotten first. Used by one thread at a time.
 */
final class ExportedSpans {

	private final int maxObservations;

	private final int maxTraces;

	private final long maxTraceBytes;

	/** Observation ids already exported, oldest first. */
	private final LinkedHashSet<String> observations = new LinkedHashSet<>();

	/**
	 * Trace attributes (without input and output) of traces whose root span was exported,
	 * oldest first.
	 */
	private final LinkedHashMap<String, Trace> traces = new LinkedHashMap<>();

	private long traceBytes;

	/**
	 * Creates an empty memory with these bounds.
	 * @param maxObservations the most observation ids remembered
	 * @param maxTraces the most traces remembered
	 * @param maxTraceBytes the most estimated bytes of remembered trace attributes (the
	 * latest trace is kept even if it alone is larger)
	 */
	ExportedSpans(int maxObservations, int maxTraces, long maxTraceBytes) {
		this.maxObservations = maxObservations;
		this.maxTraces = maxTraces;
		this.maxTraceBytes = maxTraceBytes;
	}

	/**
	 * Remembers that an observation was exported.
	 * @param id the observation id
	 */
	void observation(String id) {
		this.observations.add(id);
		if (this.observations.size() > this.maxObservations) {
			Iterator<String> it = this.observations.iterator();
			it.next();
			it.remove();
		}
	}

	/**
	 * Whether an observation was exported (and is still remembered).
	 * @param id the observation id
	 * @return {@code true} if it was
	 */
	boolean isExported(String id) {
		return this.observations.contains(id);
	}

	/**
	 * Remembers the attributes of a trace whose root was exported, replacing what was
	 * remembered for it.
	 * @param key the trace id
	 * @param attributes its attributes, without input and output
	 * @param rootSpanId the span id of its root
	 */
	void trace(String key, TraceBody attributes, String rootSpanId) {
		long bytes = SizeEstimate.of(attributes);
		Trace previous = this.traces.put(key, new Trace(attributes, rootSpanId, bytes));
		this.traceBytes += bytes - ((previous != null) ? previous.bytes() : 0);
		Iterator<Trace> it = this.traces.values().iterator();
		while (this.traces.size() > 1
				&& (this.traces.size() > this.maxTraces || this.traceBytes > this.maxTraceBytes)) {
			this.traceBytes -= it.next().bytes();
			it.remove();
		}
	}

	/**
	 * What is remembered of an exported trace.
	 * @param key the trace id
	 * @return its attributes and root span id, or {@code null} if not remembered
	 */
	Trace trace(String key) {
		return this.traces.get(key);
	}

	/**
	 * Attributes of an exported trace, the span id of its root and their estimated size.
	 *
	 * @param body the attributes
	 * @param rootSpanId the root's span id
	 * @param bytes the estimated size of the attributes
	 */
	record Trace(TraceBody body, String rootSpanId, long bytes) {
	}

}
