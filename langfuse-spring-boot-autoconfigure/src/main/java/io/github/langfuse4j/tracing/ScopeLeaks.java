package io.github.langfuse4j.tracing;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.langfuse4j.internal.logging.ThrottledLogger;

/**
 * Says that a scope was not closed: its handle ended while it was still the current
 * context of its thread. The warning goes to the log category of {@link LangfuseScope},
 * at most once a minute per {@link Langfuse} instance. Where the scope was opened is
 * recorded only while that category logs at debug level: capturing a stack trace on every
 * {@code makeCurrent()} would cost far more than the scope itself.
 */
final class ScopeLeaks {

	private static final Log logger = LogFactory.getLog(LangfuseScope.class);

	private static final int MAX_THREAD_NAME = 100;

	private ScopeLeaks() {
	}

	/** The throttle of one {@link Langfuse} instance's warnings: at most one a minute. */
	static ThrottledLogger throttled() {
		return new ThrottledLogger(logger, Duration.ofMinutes(1));
	}

	/**
	 * Where a scope is being opened, or {@code null} unless debug logging of
	 * {@link LangfuseScope} is on.
	 */
	static Throwable openedHere() {
		return logger.isDebugEnabled() ? new Throwable("The Langfuse scope that was not closed was opened here") : null;
	}

	/**
	 * Warns, throttled per instance, that the scope of an ended handle was still open on
	 * the current thread.
	 */
	static void leaked(LangfuseHandle handle, Throwable openedAt) {
		if (!logger.isWarnEnabled() || !(handle instanceof ParentHandle parent)) {
			return;
		}
		long held = parent.tracer().scopeLeakLog.tryAcquire();
		if (held < 0) {
			return;
		}
		String message = "A Langfuse scope was not closed: " + describe(handle)
				+ " ended while it was still the current context of thread '" + threadName()
				+ "'. Observations started later on this thread do not nest under it; close every scope from "
				+ "makeCurrent(), best with try-with-resources"
				+ ((openedAt != null) ? "" : ". To log where such scopes are opened, set logging.level."
						+ LangfuseScope.class.getName() + "=debug")
				+ ThrottledLogger.suffix(held);
		if (openedAt != null) {
			logger.warn(message, openedAt);
		}
		else {
			logger.warn(message);
		}
	}

	/**
	 * Names the handle by kind and ids only: its name is application text that does not
	 * belong in this line.
	 */
	private static String describe(LangfuseHandle handle) {
		if (handle instanceof LangfuseObservation observation) {
			return observation.type().wireName() + " " + handle.id() + " of trace " + handle.traceId();
		}
		return "trace " + handle.id();
	}

	private static String threadName() {
		String name = Thread.currentThread().getName();
		StringBuilder safe = new StringBuilder(Math.min(name.length(), MAX_THREAD_NAME));
		for (int i = 0; i < name.length() && i < MAX_THREAD_NAME; i++) {
			char c = name.charAt(i);
			safe.append(Character.isISOControl(c) ? '?' : c);
		}
		return safe.toString();
	}

}
