package io.github.langfuse4j.internal.ids;

/**
 * Keeps a fixed share of traces, decided from the trace id alone, by the rule of
 * OpenTelemetry's {@code TraceIdRatioBased} sampler: a trace is kept when the absolute
 * value of the lower 64 bits of its (OTLP) trace id, read as a signed long, is below
 * {@code (long) (ratio * Long.MAX_VALUE)}. Services that share a trace id and a ratio
 * therefore keep or drop a trace together, whether they use this starter or an
 * OpenTelemetry SDK. Two ends are exact: ratio 0 keeps nothing and ratio 1 keeps
 * everything without looking at the id (OpenTelemetry's ratio 1 would also drop the two
 * ids whose lower bits are {@code ±Long.MAX_VALUE}, one in 2^62).
 *
 * <p>
 * Deciding reads the id's digits in place: no allocation for ids of 32 hex digits or
 * UUIDs; other ids are hashed the way the OTLP transport maps them.
 */
public final class TraceIdRatio {

	private final double ratio;

	private final long bound;

	private TraceIdRatio(double ratio) {
		this.ratio = ratio;
		this.bound = (ratio <= 0) ? Long.MIN_VALUE : (long) (ratio * Long.MAX_VALUE);
	}

	/**
	 * A sampler for a ratio.
	 * @param ratio the share of traces to keep, 0 to 1
	 * @return the sampler
	 * @throws IllegalArgumentException if {@code ratio} is not between 0 and 1
	 */
	public static TraceIdRatio of(double ratio) {
		if (!(ratio >= 0 && ratio <= 1)) {
			throw new IllegalArgumentException("ratio must be between 0 and 1, not " + ratio);
		}
		return new TraceIdRatio(ratio);
	}

	/**
	 * Whether every trace is kept, so that no id needs to be looked at.
	 * @return {@code true} for ratio 1
	 */
	public boolean keepsAll() {
		return this.ratio >= 1;
	}

	/**
	 * Whether the trace with this id is kept.
	 * @param traceId a Langfuse trace id, or {@code null} for an event outside any trace
	 * (always kept)
	 * @return {@code true} if the trace's events are sent
	 */
	public boolean keeps(String traceId) {
		if (traceId == null || this.ratio >= 1) {
			return true;
		}
		return Math.abs(OtlpTraceIds.lowerBits(traceId)) < this.bound;
	}

	@Override
	public String toString() {
		return "TraceIdRatio[" + this.ratio + "]";
	}

}
