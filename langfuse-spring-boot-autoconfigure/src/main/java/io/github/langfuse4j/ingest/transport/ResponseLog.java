package io.github.langfuse4j.ingest.transport;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs failed requests without flooding: one line per kind of failure per interval, a clear error for bad
 * credentials, and never a header, a key or an event's contents.
 */
final class ResponseLog {

	private static final Log logger = LogFactory.getLog(ResponseLog.class);

	private static final Duration INTERVAL = Duration.ofSeconds(30);

	private final String host;

	private final String publicKey;

	private final LogThrottle authLog = new LogThrottle(Duration.ofMinutes(5));

	private final LogThrottle failureLog = new LogThrottle(INTERVAL);

	private boolean failing;

	ResponseLog(String host, String publicKey) {
		this.host = host;
		this.publicKey = publicKey;
	}

	synchronized void success() {
		if (this.failing) {
			this.failing = false;
			logger.info("Langfuse accepts events again at " + this.host);
		}
	}

	synchronized void failure(String path, HttpResult result, int events) {
		this.failing = true;
		if (result.status() == 401 || result.status() == 403) {
			long held = this.authLog.tryAcquire();
			if (held >= 0) {
				logger.error("Langfuse at " + this.host + " refused the credentials of public key " + this.publicKey
						+ " (HTTP " + result.status() + ": " + result.bodyText(300) + "); " + events
						+ " events rejected. Check langfuse.public-key, langfuse.secret-key and langfuse.host; "
						+ "sending continues in case the keys are rotated"
						+ ((held > 0) ? " (" + held + " more refusals since the last report)" : ""));
			}
			return;
		}
		long held = this.failureLog.tryAcquire();
		if (held < 0) {
			return;
		}
		String outcome = (result.status() == 0) ? "failed: " + result.failure()
				: "answered HTTP " + result.status() + ": " + result.bodyText(1024);
		logger.warn("Langfuse request POST " + this.host + path + " with " + events + " events " + outcome
				+ " (application unaffected)"
				+ ((held > 0) ? "; " + held + " more failed requests since the last report" : ""));
	}

}
