package io.github.langfuse4j.ingest.model;

import java.time.Instant;

/**
 * The {@code event-create} ingestion event. Creates an event observation: a point in
 * time, so generation fields and an end time are rejected.
 *
 * @param id the event id (1 to 800 characters, no carriage return)
 * @param timestamp when the event was created on the client
 * @param body the body
 */
public record EventCreate(String id, Instant timestamp, ObservationBody body) implements ObservationEvent {

	/** The wire type of this event. */
	public static final String TYPE = "event-create";

	/**
	 * Create a new {@link EventCreate}.
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if the id or the body is not valid for this event
	 */
	public EventCreate {
		Checks.envelope(id, timestamp, body);
		EventChecks.requireNoGenerationFields(body);
		EventChecks.requireNoEndTime(body);
	}

	/**
	 * Create an event with a random UUID id and the current time.
	 * @param body the body
	 * @return the event
	 */
	public static EventCreate of(ObservationBody body) {
		return new EventCreate(Checks.newId(), Instant.now(), body);
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public ObservationType observationType() {
		return ObservationType.EVENT;
	}

	@Override
	public boolean isUpdate() {
		return false;
	}

	@Override
	public EventCreate withBody(ObservationBody body) {
		return new EventCreate(this.id, this.timestamp, body);
	}

}
