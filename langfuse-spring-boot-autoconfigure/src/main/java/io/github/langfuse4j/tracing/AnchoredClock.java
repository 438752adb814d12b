package io.github.langfuse4j.tracing;

import java.time.Instant;

/**
 * The time source of one trace: the wall clock read once, when the trace (or a lone
 * observation) starts, and advanced with {@link System#nanoTime()} from then on. Reading
 * the monotonic clock is cheaper than {@link Instant#now()}, so every later start and end
 * of the trace costs less; and durations within a trace are exact even if the wall clock
 * is stepped meanwhile. OpenTelemetry's SDK times the spans of a trace the same way. Over
 * a trace of hours the times may drift from the wall clock by what NTP slews it (at most
 * 0.05 %).
 */
final class AnchoredClock {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final long epochNanos;

	private final long nanoTime;

	private AnchoredClock(long epochNanos, long nanoTime) {
		this.epochNanos = epochNanos;
		this.nanoTime = nanoTime;
	}

	/** A clock anchored at the wall-clock time of now. */
	static AnchoredClock anchor() {
		Instant now = Instant.now();
		long nanoTime = System.nanoTime();
		return new AnchoredClock(now.getEpochSecond() * NANOS_PER_SECOND + now.getNano(), nanoTime);
	}

	/** The time now, in this clock. */
	Instant now() {
		long epochNanos = this.epochNanos + (System.nanoTime() - this.nanoTime);
		return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND),
				Math.floorMod(epochNanos, NANOS_PER_SECOND));
	}

	/** The clock of a handle of this API, or a new one for a handle from elsewhere. */
	static AnchoredClock of(Object handle) {
		if (handle instanceof TraceHandle trace) {
			return trace.clock();
		}
		if (handle instanceof ObservationHandle observation) {
			return observation.clock();
		}
		return anchor();
	}

}
