package io.github.langfuse4j.ingest.model;

import java.time.Instant;

/**
 * The {@code sdk-log} ingestion event. Sends a diagnostic message to the server log; it
 * gets no entry in the response.
 *
 * @param id the event id (1 to 800 characters, no carriage return)
 * @param timestamp when the event was created on the client
 * @param body the body
 */
public record SdkLog(String id, Instant timestamp, SdkLogBody body) implements IngestionEvent {

	/** The wire type of this event. */
	public static final String TYPE = "sdk-log";

	/**
	 * Create a new {@link SdkLog}.
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if the id or the body is not valid for this event
	 */
	public SdkLog {
		Checks.envelope(id, timestamp, body);
	}

	/**
	 * Create an event with a random UUID id and the current time.
	 * @param body the body
	 * @return the event
	 */
	public static SdkLog of(SdkLogBody body) {
		return new SdkLog(Checks.newId(), Instant.now(), body);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
