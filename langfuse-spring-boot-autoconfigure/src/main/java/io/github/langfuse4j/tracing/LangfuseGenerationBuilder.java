package io.github.langfuse4j.tracing;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.ingest.model.ObservationLevel;

/**
 * Builds a generation or another generation-like observation (agent, tool, chain,
 * retriever, evaluator, embedding, guardrail); {@link #start()} starts it. A builder
 * starts one observation. Invalid values fail the setter that was given them.
 */
public interface LangfuseGenerationBuilder {

	/**
	 * Sets the input, see {@link LangfuseObservation#input(Object)}.
	 * @param input the input, or {@code null} for none
	 * @return this builder
	 */
	LangfuseGenerationBuilder input(@Nullable Object input);

	/**
	 * Sets the metadata, see {@link LangfuseObservation#metadata(Object)}.
	 * @param metadata the metadata, or {@code null} for none
	 * @return this builder
	 */
	LangfuseGenerationBuilder metadata(@Nullable Object metadata);

	/**
	 * Adds one metadata key, see {@link LangfuseObservation#metadata(String, Object)}.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 * @throws NullPointerException if {@code key} is {@code null}
	 */
	LangfuseGenerationBuilder metadata(String key, @Nullable Object value);

	/**
	 * Sets the level.
	 * @param level the level, or {@code null} for the default
	 * @return this builder
	 */
	LangfuseGenerationBuilder level(@Nullable ObservationLevel level);

	/**
	 * Sets the version.
	 * @param version the version, or {@code null} for none
	 * @return this builder
	 */
	LangfuseGenerationBuilder version(@Nullable String version);

	/**
	 * Sets the model name, see {@link LangfuseGeneration#model(String)}.
	 * @param model the model, or {@code null} for none
	 * @return this builder
	 */
	LangfuseGenerationBuilder model(@Nullable String model);

	/**
	 * Sets the model parameters, see {@link LangfuseGeneration#modelParameters(Map)}.
	 * @param modelParameters the parameters, or {@code null} for none; entries with a
	 * {@code null} key or value are left out
	 * @return this builder
	 * @throws IllegalArgumentException if a value has an unsupported type
	 */
	LangfuseGenerationBuilder modelParameters(@Nullable Map<String, ?> modelParameters);

	/**
	 * Links the Langfuse prompt that was used, see
	 * {@link LangfuseGeneration#prompt(String, int)}; generations only.
	 * @param name the prompt name
	 * @param version the prompt version, 1 or more
	 * @return this builder
	 * @throws IllegalStateException if the observation is not a generation
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code version} is less than 1
	 */
	LangfuseGenerationBuilder prompt(String name, int version);

	/**
	 * Sets the start time; the default is the time of {@link #start()}.
	 * @param startTime the start time
	 * @return this builder
	 * @throws NullPointerException if {@code startTime} is {@code null}
	 */
	LangfuseGenerationBuilder startTime(Instant startTime);

	/**
	 * Starts the observation. It is not made the current context; use
	 * {@link LangfuseGeneration#makeCurrent()} for that.
	 * @return the started observation
	 * @throws IllegalStateException if this builder already started an observation
	 */
	LangfuseGeneration start();

}
