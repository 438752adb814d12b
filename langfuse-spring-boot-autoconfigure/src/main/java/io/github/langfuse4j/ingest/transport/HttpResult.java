package io.github.langfuse4j.ingest.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What one request returned: a status and a (size-limited) body, or an I/O failure before any response.
 *
 * @param status the HTTP status, or {@code 0} when no response arrived
 * @param body the first bytes of the response body (empty when there was none)
 * @param retryAfter the {@code Retry-After} delay of a 429 or 503, or {@code null}
 * @param failure what went wrong when no response arrived (exception type and message), or {@code null}
 */
record HttpResult(int status, byte[] body, Duration retryAfter, String failure) {

	static final HttpResult DEADLINE = new HttpResult(0, new byte[0], null, "shutdown deadline reached");

	static HttpResult failure(String failure) {
		return new HttpResult(0, new byte[0], null, failure);
	}

	boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

	/** Whether retrying the same request may succeed: no response, a 429, or a 500, 502, 503 or 504. */
	boolean isTransient() {
		return (this.status == 0 && this != DEADLINE) || this.status == 429 || this.status == 500 || this.status == 502
				|| this.status == 503 || this.status == 504;
	}

	/**
	 * The body as text, cut to {@code max} characters, for a log line.
	 * @param max the most characters
	 * @return the text
	 */
	String bodyText(int max) {
		String text = new String(this.body, StandardCharsets.UTF_8);
		return (text.length() > max) ? text.substring(0, max) + "..." : text;
	}

	/** A short description for logs and health: the status or the failure. */
	String describe() {
		return (this.status == 0) ? this.failure : "HTTP " + this.status;
	}

}
