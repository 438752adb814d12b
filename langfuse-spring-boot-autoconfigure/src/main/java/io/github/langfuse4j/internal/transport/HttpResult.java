package io.github.langfuse4j.internal.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.internal.json.LangfuseJson;
import io.github.langfuse4j.internal.logging.LogText;

/**
 * What one request returned: a status and a (size-limited) body, or an I/O failure before
 * any response.
 *
 * @param status the HTTP status, or {@code 0} when no response arrived
 * @param body the first bytes of the response body (empty when there was none)
 * @param retryAfter the {@code Retry-After} delay of a 429 or 503, or {@code null}
 * @param failure what went wrong when no response arrived (exception type and message),
 * or {@code null}
 */
record HttpResult(int status, byte[] body, Duration retryAfter, String failure) {

	static final HttpResult DEADLINE = new HttpResult(0, new byte[0], null, "shutdown deadline reached");

	static HttpResult failure(String failure) {
		return new HttpResult(0, new byte[0], null, failure);
	}

	boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

	/**
	 * Whether retrying the same request may succeed: no response, a 429, or a 500, 502,
	 * 503 or 504.
	 */
	boolean isTransient() {
		return (this.status == 0 && this != DEADLINE) || this.status == 429 || this.status == 500 || this.status == 502
				|| this.status == 503 || this.status == 504;
	}

	/**
	 * The body as text, cut to {@code max} characters and escaped ({@link LogText}), for
	 * a debug log line: a body may echo the request, so it is never logged above debug
	 * level.
	 * @param max the most characters
	 * @return the text
	 */
	String bodyText(int max) {
		int bytes = Math.min(this.body.length, max * 4);
		return LogText.safe(new String(this.body, 0, bytes, StandardCharsets.UTF_8), max)
				+ ((bytes < this.body.length) ? " (" + this.body.length + " bytes)" : "");
	}

	/**
	 * The server's short reason for an error, for a warning: the {@code message} field of
	 * a JSON body, else its {@code error} field (a string, or the {@code message} of an
	 * object), cut to {@code max} characters and escaped. Never the body itself.
	 * @param max the most characters
	 * @return the reason, or {@code null} if the body is not JSON or has no such field
	 */
	String reason(int max) {
		if (this.body.length == 0 || this.body[0] != '{') {
			return null;
		}
		try {
			JsonNode node = LangfuseJson.mapper().readTree(this.body);
			for (JsonNode field : new JsonNode[] { node.path("message"), node.path("error"),
					node.path("error").path("message") }) {
				if (field.isString() && !field.asString().isBlank()) {
					return LogText.safe(field.asString(), max);
				}
			}
		}
		catch (RuntimeException ex) {
			// not JSON: no reason
		}
		return null;
	}

	/** A short description for logs and health: the status or the failure. */
	String describe() {
		return (this.status == 0) ? this.failure : "HTTP " + this.status;
	}

}
