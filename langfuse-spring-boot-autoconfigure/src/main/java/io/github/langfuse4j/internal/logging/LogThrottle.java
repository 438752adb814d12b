package io.github.langfuse4j.internal.logging;

import java.time.Duration;

/**
 * Lets a kind of log line through at most once per interval and counts the ones it held back, so that a
 * failing server produces a few lines a minute, not one per batch or per event. Internal.
 */
public final class LogThrottle {

	private final long intervalNanos;

	private long lastNanos;

	private boolean logged;

	private long suppressed;

	/**
	 * @param interval the shortest time between two lines
	 */
	public LogThrottle(Duration interval) {
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Asks whether a line may be logged now.
	 * @return {@code -1} if not; otherwise how many lines were held back since the last one
	 */
	public synchronized long tryAcquire() {
		long now = System.nanoTime();
		if (this.logged && now - this.lastNanos < this.intervalNanos) {
			this.suppressed++;
			return -1;
		}
		this.logged = true;
		this.lastNanos = now;
		long held = this.suppressed;
		this.suppressed = 0;
		return held;
	}

}
