package io.github.langfuse4j.ingest.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An ingestion event that creates or updates an observation.
 */
public sealed interface ObservationEvent extends IngestionEvent
		permits SpanCreate, SpanUpdate, GenerationCreate, GenerationUpdate, EventCreate, AgentCreate, ToolCreate,
		ChainCreate, RetrieverCreate, EvaluatorCreate, EmbeddingCreate, GuardrailCreate {

	/**
	 * Return the observation body.
	 * @return the body
	 */
	@Override
	ObservationBody body();

	/**
	 * Return the type of the observation this event creates or updates.
	 * @return the observation type
	 */
	@JsonIgnore
	ObservationType observationType();

	/**
	 * Return whether this is an {@code -update} event.
	 * @return {@code true} for span and generation updates
	 */
	@JsonIgnore
	boolean isUpdate();

	/**
	 * Return this event with another body, keeping its type, id and timestamp.
	 * @param body the new body
	 * @return the new event
	 */
	ObservationEvent withBody(ObservationBody body);

}
