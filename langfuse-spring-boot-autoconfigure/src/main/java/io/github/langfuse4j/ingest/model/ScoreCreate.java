package io.github.langfuse4j.ingest.model;

import java.time.Instant;

/**
 * The {@code score-create} ingestion event. Creates (or upserts) a score; the envelope
 * timestamp is the score's timestamp.
 *
 * @param id the event id (1 to 800 characters, no carriage return)
 * @param timestamp when the event was created on the client
 * @param body the body
 */
public record ScoreCreate(String id, Instant timestamp, ScoreBody body) implements IngestionEvent {

	/** The wire type of this event. */
	public static final String TYPE = "score-create";

	/**
	 * Create a new {@link ScoreCreate}.
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if the id or the body is not valid for this event
	 */
	public ScoreCreate {
		Checks.envelope(id, timestamp, body);
	}

	/**
	 * Create an event with a random UUID id and the current time.
	 * @param body the body
	 * @return the event
	 */
	public static ScoreCreate of(ScoreBody body) {
		return new ScoreCreate(Checks.newId(), Instant.now(), body);
	}

	@Override
	public String type() {
		return TYPE;
	}

	/**
	 * Return this event with another body, keeping its id and timestamp.
	 * @param body the new body
	 * @return the new event
	 */
	public ScoreCreate withBody(ScoreBody body) {
		return new ScoreCreate(this.id, this.timestamp, body);
	}

}
