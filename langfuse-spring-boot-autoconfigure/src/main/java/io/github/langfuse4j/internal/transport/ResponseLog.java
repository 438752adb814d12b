package io.github.langfuse4j.internal.transport;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.langfuse4j.internal.logging.LogText;
import io.github.langfuse4j.internal.logging.ThrottledLogger;

/**
 * Logs failed requests without flooding: one line per kind of failure per interval, a
 * clear error for bad credentials, a hint at {@code langfuse.host} (or
 * {@code langfuse.otlp.endpoint}, for a request to it) for a 404, and never a header, a
 * key or an event's contents. A warning names the status and the server's short reason
 * (the {@code message} or {@code error} field of a JSON body, cut and escaped by
 * {@link LogText}); the body itself is logged at debug level only, like a 2xx body,
 * because a proxy may echo the request in it.
 */
final class ResponseLog {

	private static final Log logger = LogFactory.getLog(ResponseLog.class);

	private static final Duration INTERVAL = Duration.ofSeconds(30);

	/** Most characters of a server's reason in a warning. */
	private static final int REASON = 200;

	/** Most characters of a response body in a debug line. */
	private static final int BODY = 1024;

	private final String host;

	private final String publicKey;

	private final ThrottledLogger authLog = new ThrottledLogger(logger, Duration.ofMinutes(5));

	private final ThrottledLogger failureLog = new ThrottledLogger(logger, INTERVAL);

	private boolean failing;

	ResponseLog(String host, String publicKey) {
		this.host = LogText.safe(host, LogText.MESSAGE);
		this.publicKey = LogText.safe(publicKey, LogText.NAME);
	}

	synchronized void success() {
		if (this.failing) {
			this.failing = false;
			logger.info("Langfuse accepts events again at " + this.host);
		}
	}

	synchronized void failure(String path, HttpResult result, int events) {
		this.failing = true;
		if (logger.isDebugEnabled() && result.body().length > 0) {
			logger.debug("Langfuse answered HTTP " + result.status() + " to POST " + url(path) + " with body: "
					+ result.bodyText(BODY));
		}
		if (result.status() == 401 || result.status() == 403) {
			this.authLog.error(() -> "Langfuse at " + this.host + " refused the credentials of public key "
					+ this.publicKey + " (HTTP " + result.status() + reason(result) + "); " + events
					+ " events rejected. Check langfuse.public-key, langfuse.secret-key and langfuse.host; "
					+ "sending continues in case the keys are rotated");
			return;
		}
		this.failureLog.warn(() -> "Langfuse request POST " + url(path) + " with " + events + " events "
				+ ((result.status() == 0) ? "failed: " + result.failure()
						: "answered HTTP " + result.status() + reason(result) + hint(path, result.status()))
				+ " (application unaffected)");
	}

	/**
	 * The server's short reason, or the size of a body that has none; the body itself
	 * goes to debug level.
	 */
	private static String reason(HttpResult result) {
		String reason = result.reason(REASON);
		if (reason != null) {
			return ": " + reason;
		}
		return (result.body().length > 0) ? " (" + result.body().length + "-byte body, logged at debug level)" : "";
	}

	/**
	 * The URL of a request: a path below the host, or the configured OTLP endpoint as it
	 * is.
	 */
	private String url(String path) {
		return LangfuseHttp.isAbsolute(path) ? LogText.safe(path, LogText.MESSAGE) : this.host + path;
	}

	private static String hint(String path, int status) {
		if (status == 404 && LangfuseHttp.isAbsolute(path)) {
			return "; check langfuse.otlp.endpoint: it must be the full URL of an OTLP/HTTP traces endpoint, "
					+ "such as http://otel-collector:4318/v1/traces";
		}
		return (status == 404) ? "; check langfuse.host: it must be the base URL of Langfuse, such as "
				+ "https://cloud.langfuse.com or http://localhost:3000, without a path such as /api" : "";
	}

}
