package io.github.langfuse4j.ingest.model;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One event of an ingestion batch. On the wire it is the envelope {@code {id, timestamp,
 * type, body}}.
 * <p>
 * The envelope {@code id} identifies the event (retrying with the same id is safe); the
 * {@code body} id identifies the trace, observation or score the event creates or
 * updates.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "id", "timestamp", "type", "body" })
public sealed interface IngestionEvent permits TraceCreate, ObservationEvent, ScoreCreate, SdkLog {

	/**
	 * Return the event id: 1 to 800 characters without carriage return, unique per event.
	 * @return the event id
	 */
	String id();

	/**
	 * Return when the event was created on the client.
	 * @return the event timestamp
	 */
	Instant timestamp();

	/**
	 * Return the wire type of the event, e.g. {@code "trace-create"}.
	 * @return the event type
	 */
	@JsonProperty("type")
	String type();

	/**
	 * Return the event body.
	 * @return the body
	 */
	Object body();

	/**
	 * Create the {@code -create} event for an observation of the given type, with a
	 * random id and the current time.
	 * @param type the observation type
	 * @param body the observation body
	 * @return the event
	 */
	static ObservationEvent observation(ObservationType type, ObservationBody body) {
		return observation(type, Checks.newId(), Instant.now(), body);
	}

	/**
	 * Create the {@code -create} event for an observation of the given type.
	 * @param type the observation type
	 * @param id the event id
	 * @param timestamp when the event was created on the client
	 * @param body the observation body
	 * @return the event
	 * @throws IllegalArgumentException if the id or the body is not valid for this event
	 * type
	 */
	static ObservationEvent observation(ObservationType type, String id, Instant timestamp, ObservationBody body) {
		Objects.requireNonNull(type, "type must not be null");
		return switch (type) {
			case SPAN -> new SpanCreate(id, timestamp, body);
			case GENERATION -> new GenerationCreate(id, timestamp, body);
			case EVENT -> new EventCreate(id, timestamp, body);
			case AGENT -> new AgentCreate(id, timestamp, body);
			case TOOL -> new ToolCreate(id, timestamp, body);
			case CHAIN -> new ChainCreate(id, timestamp, body);
			case RETRIEVER -> new RetrieverCreate(id, timestamp, body);
			case EVALUATOR -> new EvaluatorCreate(id, timestamp, body);
			case EMBEDDING -> new EmbeddingCreate(id, timestamp, body);
			case GUARDRAIL -> new GuardrailCreate(id, timestamp, body);
		};
	}

	/**
	 * Create the event that updates an observation of the given type, with a random id
	 * and the current time. Spans and generations have {@code -update} events; the other
	 * types have none on the wire, so their {@code -create} event is returned (the server
	 * upserts observations by body id).
	 * @param type the observation type
	 * @param body the observation body
	 * @return the event
	 */
	static ObservationEvent observationUpdate(ObservationType type, ObservationBody body) {
		Objects.requireNonNull(type, "type must not be null");
		return switch (type) {
			case SPAN -> SpanUpdate.of(body);
			case GENERATION -> GenerationUpdate.of(body);
			default -> observation(type, body);
		};
	}

}
