package io.github.langfuse4j.internal.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait between attempts: the backoff before retry {@code n} (from 0) is
 * {@code backoffBase * 2^n}, at most {@code backoffMax}, of which a random part of up to
 * a half is taken off (jitter, so that many clients do not retry in step); after a 429
 * without a usable {@code Retry-After}, all sending pauses for {@code defaultPause}. Not
 * a setting: the defaults suit Langfuse, and tests shorten them. Internal.
 *
 * @param backoffBase the backoff before the first retry
 * @param backoffMax the longest backoff
 * @param defaultPause the pause after a 429 without {@code Retry-After}
 */
public record RetryTimings(Duration backoffBase, Duration backoffMax, Duration defaultPause) {

	/**
	 * 250 ms doubling up to 30 s, and a 1 s pause after a 429 without
	 * {@code Retry-After}.
	 */
	public static final RetryTimings DEFAULT = new RetryTimings(Duration.ofMillis(250), Duration.ofSeconds(30),
			Duration.ofSeconds(1));

	public RetryTimings {
		Objects.requireNonNull(backoffBase, "backoffBase");
		Objects.requireNonNull(backoffMax, "backoffMax");
		Objects.requireNonNull(defaultPause, "defaultPause");
		if (backoffBase.isNegative() || backoffMax.compareTo(backoffBase) < 0 || defaultPause.isNegative()) {
			throw new IllegalArgumentException(
					"Invalid retry timings: " + backoffBase + ", " + backoffMax + ", " + defaultPause);
		}
	}

}
