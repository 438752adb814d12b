package io.github.langfuse4j.ingest.model;

import java.time.Instant;

/**
 * The {@code embedding-create} ingestion event. Creates (or upserts) an embedding
 * observation; uses the generation body.
 *
 * @param id the event id (1 to 800 characters, no carriage return)
 * @param timestamp when the event was created on the client
 * @param body the body
 */
public record EmbeddingCreate(String id, Instant timestamp, ObservationBody body) implements ObservationEvent {

	/** The wire type of this event. */
	public static final String TYPE = "embedding-create";

	/**
	 * Create a new {@link EmbeddingCreate}.
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if the id or the body is not valid for this event,
	 * or the body links a prompt (only generations take a prompt link)
	 */
	public EmbeddingCreate {
		Checks.envelope(id, timestamp, body);
		EventChecks.requireNoPrompt(body, TYPE);
	}

	/**
	 * Create an event with a random UUID id and the current time.
	 * @param body the body
	 * @return the event
	 */
	public static EmbeddingCreate of(ObservationBody body) {
		return new EmbeddingCreate(Checks.newId(), Instant.now(), body);
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public ObservationType observationType() {
		return ObservationType.EMBEDDING;
	}

	@Override
	public boolean isUpdate() {
		return false;
	}

	@Override
	public EmbeddingCreate withBody(ObservationBody body) {
		return new EmbeddingCreate(this.id, this.timestamp, body);
	}

}
