package io.github.langfuse4j.springai;

import java.time.Instant;

/**
 * Places the times the calling threads read ({@link System#nanoTime()}, the cheapest
 * clock) on the wall clock, on the bridge's thread: the wall clock is read once per tree
 * of observations the bridge records (at its first observation) and the times of the
 * whole tree are advanced from it with the monotonic clock, as the tracing API times a
 * trace. So every time is when the callback happened, not when the bridge's thread got to
 * it, and durations within a tree are exact even if the wall clock is stepped meanwhile.
 *
 * @param epochNanos the wall-clock time of {@code nanoTime}, in nanoseconds since the
 * epoch
 * @param nanoTime a {@link System#nanoTime()} reading
 */
record Anchor(long epochNanos, long nanoTime) {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	/**
	 * The anchor of a {@link System#nanoTime()} reading taken earlier: the wall clock
	 * now, less the time since.
	 * @param nanoTime the reading
	 * @return the anchor
	 */
	static Anchor of(long nanoTime) {
		Instant now = Instant.now();
		long elapsed = System.nanoTime() - nanoTime;
		return new Anchor(now.getEpochSecond() * NANOS_PER_SECOND + now.getNano() - elapsed, nanoTime);
	}

	/**
	 * The wall-clock time of a {@link System#nanoTime()} reading.
	 * @param nanoTime the reading
	 * @return its time
	 */
	Instant instant(long nanoTime) {
		long epochNanos = this.epochNanos + (nanoTime - this.nanoTime);
		return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND),
				Math.floorMod(epochNanos, NANOS_PER_SECOND));
	}

}
