package io.github.langfuse4j.ingest.model;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of an {@code sdk-log} event: a diagnostic message the server only writes to its
 * own log.
 *
 * @param log the log entry, any non-null JSON value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SdkLogBody(Object log) {

	/**
	 * Create a new {@link SdkLogBody}.
	 * @throws NullPointerException if {@code log} is {@code null}
	 */
	public SdkLogBody {
		Objects.requireNonNull(log, "log must not be null");
		log = Checks.copyJson(log);
	}

}
