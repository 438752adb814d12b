package io.github.langfuse4j.ingest.model;

import java.time.Instant;

/**
 * The {@code trace-create} ingestion event. Creates (or upserts) a trace.
 *
 * @param id the event id (1 to 800 characters, no carriage return)
 * @param timestamp when the event was created on the client
 * @param body the body
 */
public record TraceCreate(String id, Instant timestamp, TraceBody body) implements IngestionEvent {

	/** The wire type of this event. */
	public static final String TYPE = "trace-create";

	/**
	 * Create a new {@link TraceCreate}.
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if the id or the body is not valid for this event
	 */
	public TraceCreate {
		Checks.envelope(id, timestamp, body);
	}

	/**
	 * Create an event with a random UUID id and the current time.
	 * @param body the body
	 * @return the event
	 */
	public static TraceCreate of(TraceBody body) {
		return new TraceCreate(Checks.newId(), Instant.now(), body);
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
	public TraceCreate withBody(TraceBody body) {
		return new TraceCreate(this.id, this.timestamp, body);
	}

}
