package io.github.langfuse4j.internal.transport;

import java.time.Duration;

/**
 * When the {@link SpanAssembler} lets buffered data go at a tick, by time: a complete
 * observation waits at most {@code traceDataWait} for its trace's data, a trace's root at
 * most {@code rootWait} (from its data's first event) for the trace's open observations,
 * and an observation that never ends is sent as it is after {@code openMaxAge}. At
 * shutdown ({@code force}) everything is due.
 *
 * @param traceDataWaitNanos how long a complete observation waits for its trace's data
 * @param rootWaitNanos how long a trace's root waits for the trace's open observations
 * @param openMaxAgeNanos how long an observation may stay open before it is exported as
 * it is
 */
record ReleasePolicy(long traceDataWaitNanos, long rootWaitNanos, long openMaxAgeNanos) {

	/**
	 * Creates the policy with these waits.
	 * @param traceDataWait how long a complete observation waits for its trace's data
	 * @param rootWait how long a trace's root waits for the trace's open observations
	 * @param openMaxAge how long an observation may stay open before it is exported as it
	 * is
	 */
	ReleasePolicy(Duration traceDataWait, Duration rootWait, Duration openMaxAge) {
		this(traceDataWait.toNanos(), rootWait.toNanos(), openMaxAge.toNanos());
	}

	/**
	 * Whether a complete observation without trace data is due.
	 * @param completedNanos when it completed
	 * @param now the tick's time
	 * @param force at shutdown
	 * @return {@code true} if it leaves now
	 */
	boolean waitedForTraceData(long completedNanos, long now, boolean force) {
		return force || now - completedNanos >= this.traceDataWaitNanos;
	}

	/**
	 * Whether an observation that is still open is due, as it is.
	 * @param firstSeenNanos when its first event came
	 * @param now the tick's time
	 * @param force at shutdown
	 * @return {@code true} if it leaves now
	 */
	boolean openTooLong(long firstSeenNanos, long now, boolean force) {
		return force || now - firstSeenNanos >= this.openMaxAgeNanos;
	}

	/**
	 * Whether a trace's root is due.
	 * @param seenNanos when the trace's data first came
	 * @param hasOpenObservations whether any of the trace's observations is still open
	 * @param now the tick's time
	 * @param force at shutdown
	 * @return {@code true} if it leaves now
	 */
	boolean rootDue(long seenNanos, boolean hasOpenObservations, long now, boolean force) {
		return force || !hasOpenObservations || now - seenNanos >= this.rootWaitNanos;
	}

}
