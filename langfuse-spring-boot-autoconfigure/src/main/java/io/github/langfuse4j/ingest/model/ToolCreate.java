package io.github.langfuse4j.ingest.model;

import java.time.Instant;

/**
 * The {@code tool-create} ingestion event. Creates (or upserts) a tool observation; uses
 * the generation body.
 *
 * @param id the event id (1 to 800 characters, no carriage return)
 * @param timestamp when the event was created on the client
 * @param body the body
 */
public record ToolCreate(String id, Instant timestamp, ObservationBody body) implements ObservationEvent {

	/** The wire type of this event. */
	public static final String TYPE = "tool-create";

	/**
	 * Create a new {@link ToolCreate}.
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if the id or the body is not valid for this event,
	 * or the body links a prompt (only generations take a prompt link)
	 */
	public ToolCreate {
		Checks.envelope(id, timestamp, body);
		EventChecks.requireNoPrompt(body, TYPE);
	}

	/**
	 * Create an event with a random UUID id and the current time.
	 * @param body the body
	 * @return the event
	 */
	public static ToolCreate of(ObservationBody body) {
		return new ToolCreate(Checks.newId(), Instant.now(), body);
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public ObservationType observationType() {
		return ObservationType.TOOL;
	}

	@Override
	public boolean isUpdate() {
		return false;
	}

	@Override
	public ToolCreate withBody(ObservationBody body) {
		return new ToolCreate(this.id, this.timestamp, body);
	}

}
