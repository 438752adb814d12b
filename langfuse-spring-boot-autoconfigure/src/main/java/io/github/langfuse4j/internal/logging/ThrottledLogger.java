package io.github.langfuse4j.internal.logging;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;

/**
 * Writes one kind of log line at most once per interval and counts the lines it held
 * back, so that a failing server or a stream of bad events produces a few lines a minute,
 * not one per batch or per event. The next line that gets through says how many were held
 * back, always in the same words: {@code " (N similar messages not
 * logged since the last one)"}. The message is built only when the line is written.
 * <p>
 * One instance per kind of line; thread-safe.
 */
public final class ThrottledLogger {

	private final Log logger;

	private final long intervalNanos;

	private final LongSupplier nanoClock;

	private long lastNanos;

	private boolean logged;

	private long suppressed;

	/**
	 * Creates a logger that writes at most one line per {@code interval} through
	 * {@code logger}.
	 * @param logger where the lines go
	 * @param interval the shortest time between two lines
	 */
	public ThrottledLogger(Log logger, Duration interval) {
		this(logger, interval, System::nanoTime);
	}

	ThrottledLogger(Log logger, Duration interval, LongSupplier nanoClock) {
		this.logger = Objects.requireNonNull(logger, "logger");
		this.intervalNanos = interval.toNanos();
		this.nanoClock = nanoClock;
	}

	/**
	 * Writes a warning unless one was written less than the interval ago.
	 * @param message builds the line; called only when it is written
	 */
	public void warn(Supplier<String> message) {
		if (this.logger.isWarnEnabled()) {
			long held = tryAcquire();
			if (held >= 0) {
				this.logger.warn(message.get() + suffix(held));
			}
		}
	}

	/**
	 * Writes an error unless one was written less than the interval ago.
	 * @param message builds the line; called only when it is written
	 */
	public void error(Supplier<String> message) {
		if (this.logger.isErrorEnabled()) {
			long held = tryAcquire();
			if (held >= 0) {
				this.logger.error(message.get() + suffix(held));
			}
		}
	}

	/**
	 * Writes a debug line, when debug is on for the logger, unless one was written less
	 * than the interval ago.
	 * @param message builds the line; called only when it is written
	 */
	public void debug(Supplier<String> message) {
		if (this.logger.isDebugEnabled()) {
			long held = tryAcquire();
			if (held >= 0) {
				this.logger.debug(message.get() + suffix(held));
			}
		}
	}

	/**
	 * Asks whether a line may be written now, for a caller that writes it itself (for
	 * example with a stack trace); it must then end the line with {@link #suffix(long)}.
	 * @return {@code -1} if not; otherwise how many lines were held back since the last
	 * one
	 */
	public synchronized long tryAcquire() {
		long now = this.nanoClock.getAsLong();
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

	/**
	 * The end of a line that says how many were held back: empty for none.
	 * @param held what {@link #tryAcquire()} returned
	 * @return for example {@code " (3 similar messages not logged since the last one)"}
	 */
	public static String suffix(long held) {
		return (held > 0) ? " (" + held + " similar messages not logged since the last one)" : "";
	}

}
