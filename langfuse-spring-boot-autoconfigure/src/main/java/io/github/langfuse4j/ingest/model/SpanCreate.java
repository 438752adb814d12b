package io.github.langfuse4j.ingest.model;

import java.time.Instant;

/**
 * The {@code span-create} ingestion event. Creates (or upserts) a span observation.
 * Generation fields are rejected.
 *
 * @param id the event id (1 to 800 characters, no carriage return)
 * @param timestamp when the event was created on the client
 * @param body the body
 */
public record SpanCreate(String id, Instant timestamp, ObservationBody body) implements ObservationEvent {

	/** The wire type of this event. */
	public static final String TYPE = "span-create";

	/**
	 * Create a new {@link SpanCreate}.
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if the id or the body is not valid for this event
	 */
	public SpanCreate {
		Checks.envelope(id, timestamp, body);
		EventChecks.requireNoGenerationFields(body);
	}

	/**
	 * Create an event with a random UUID id and the current time.
	 * @param body the body
	 * @return the event
	 */
	public static SpanCreate of(ObservationBody body) {
		return new SpanCreate(Checks.newId(), Instant.now(), body);
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public ObservationType observationType() {
		return ObservationType.SPAN;
	}

	@Override
	public boolean isUpdate() {
		return false;
	}

	@Override
	public SpanCreate withBody(ObservationBody body) {
		return new SpanCreate(this.id, this.timestamp, body);
	}

}
