package io.github.langfuse4j.ingest.model;

import java.time.Instant;

/**
 * The {@code generation-update} ingestion event. Updates (or upserts) a generation
 * observation.
 *
 * @param id the event id (1 to 800 characters, no carriage return)
 * @param timestamp when the event was created on the client
 * @param body the body
 */
public record GenerationUpdate(String id, Instant timestamp, ObservationBody body) implements ObservationEvent {

	/** The wire type of this event. */
	public static final String TYPE = "generation-update";

	/**
	 * Create a new {@link GenerationUpdate}.
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if the id or the body is not valid for this event
	 */
	public GenerationUpdate {
		Checks.envelope(id, timestamp, body);
	}

	/**
	 * Create an event with a random UUID id and the current time.
	 * @param body the body
	 * @return the event
	 */
	public static GenerationUpdate of(ObservationBody body) {
		return new GenerationUpdate(Checks.newId(), Instant.now(), body);
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public ObservationType observationType() {
		return ObservationType.GENERATION;
	}

	@Override
	public boolean isUpdate() {
		return true;
	}

	@Override
	public GenerationUpdate withBody(ObservationBody body) {
		return new GenerationUpdate(this.id, this.timestamp, body);
	}

}
