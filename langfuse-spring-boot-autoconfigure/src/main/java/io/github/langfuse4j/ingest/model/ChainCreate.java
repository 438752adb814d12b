package io.github.langfuse4j.ingest.model;

import java.time.Instant;

/**
 * The {@code chain-create} ingestion event. Creates (or upserts) a chain observation;
 * uses the generation body.
 *
 * @param id the event id (1 to 800 characters, no carriage return)
 * @param timestamp when the event was created on the client
 * @param body the body
 */
public record ChainCreate(String id, Instant timestamp, ObservationBody body) implements ObservationEvent {

	/** The wire type of this event. */
	public static final String TYPE = "chain-create";

	/**
	 * Create a new {@link ChainCreate}.
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if the id or the body is not valid for this event,
	 * or the body links a prompt (only generations take a prompt link)
	 */
	public ChainCreate {
		Checks.envelope(id, timestamp, body);
		EventChecks.requireNoPrompt(body, TYPE);
	}

	/**
	 * Create an event with a random UUID id and the current time.
	 * @param body the body
	 * @return the event
	 */
	public static ChainCreate of(ObservationBody body) {
		return new ChainCreate(Checks.newId(), Instant.now(), body);
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public ObservationType observationType() {
		return ObservationType.CHAIN;
	}

	@Override
	public boolean isUpdate() {
		return false;
	}

	@Override
	public ChainCreate withBody(ObservationBody body) {
		return new ChainCreate(this.id, this.timestamp, body);
	}

}
