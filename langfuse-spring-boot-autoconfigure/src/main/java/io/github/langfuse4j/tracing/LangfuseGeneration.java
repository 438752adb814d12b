package io.github.langfuse4j.tracing;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.ingest.model.ObservationLevel;

/**
 * A started generation (a call to a model) or another generation-like observation: agent,
 * tool, chain, retriever, evaluator, embedding or guardrail. They share this handle
 * because Langfuse accepts model, usage and cost on all of them (a prompt link on
 * generations only); {@link #type()} tells which it is. Emitted as one
 * {@code <type>-create} event when it ends.
 *
 * <p>
 * The setters check their arguments when called (an invalid value fails that call), so
 * that ending never fails and never loses the observation.
 */
public interface LangfuseGeneration extends LangfuseObservation {

	@Override
	LangfuseGeneration input(@Nullable Object input);

	@Override
	LangfuseGeneration output(@Nullable Object output);

	@Override
	LangfuseGeneration metadata(@Nullable Object metadata);

	@Override
	LangfuseGeneration metadata(String key, @Nullable Object value);

	@Override
	LangfuseGeneration level(@Nullable ObservationLevel level);

	@Override
	LangfuseGeneration statusMessage(@Nullable String statusMessage);

	@Override
	LangfuseGeneration version(@Nullable String version);

	/**
	 * Sets the model name, which Langfuse uses to infer costs.
	 * @param model the model, for example {@code gpt-4o-mini}, or {@code null} for none
	 * @return this observation
	 */
	LangfuseGeneration model(@Nullable String model);

	/**
	 * Sets the model parameters.
	 * @param modelParameters values must be strings, finite numbers, booleans, lists of
	 * strings or maps of strings to strings; {@code null} for none; entries with a
	 * {@code null} key or value are left out
	 * @return this observation
	 * @throws IllegalArgumentException if a value has another type
	 */
	LangfuseGeneration modelParameters(@Nullable Map<String, ?> modelParameters);

	/**
	 * Sets when the model started to return output (time to first token).
	 * @param completionStartTime the time, or {@code null} for none
	 * @return this observation
	 */
	LangfuseGeneration completionStart(Instant completionStartTime);

	/**
	 * Sets the token usage as usage details {@code input}, {@code output} and
	 * {@code total}.
	 * @param inputTokens tokens in the prompt
	 * @param outputTokens tokens in the completion
	 * @return this observation
	 * @throws IllegalArgumentException if a count is negative
	 * @throws ArithmeticException if their total overflows an {@code int}
	 */
	LangfuseGeneration usage(int inputTokens, int outputTokens);

	/**
	 * Sets usage details by free-form key, for example {@code input}, {@code output},
	 * {@code cache_read}.
	 * @param usageDetails non-negative counts, or {@code null} for none; entries with a
	 * {@code null} key or count are left out
	 * @return this observation
	 * @throws IllegalArgumentException if a count is negative
	 */
	LangfuseGeneration usageDetails(@Nullable Map<String, Integer> usageDetails);

	/**
	 * Sets the total cost in USD (cost details {@code total}); without it Langfuse infers
	 * the cost from the model and usage.
	 * @param totalCost the cost, finite and non-negative
	 * @return this observation
	 * @throws IllegalArgumentException if the cost is negative or not finite
	 */
	LangfuseGeneration cost(double totalCost);

	/**
	 * Sets cost details in USD by free-form key, for example {@code input},
	 * {@code output}, {@code total}.
	 * @param costDetails finite non-negative costs, or {@code null} for none; entries
	 * with a {@code null} key or cost are left out
	 * @return this observation
	 * @throws IllegalArgumentException if a cost is negative or not finite
	 */
	LangfuseGeneration costDetails(@Nullable Map<String, Double> costDetails);

	/**
	 * Links the Langfuse prompt that was used. Only a
	 * {@link io.github.langfuse4j.ingest.model.ObservationType#GENERATION generation}
	 * takes a prompt link: Langfuse links prompts only to generations over OTLP, so the
	 * other generation-like types reject it in both protocols rather than have it
	 * silently dropped.
	 * @param name the prompt name
	 * @param version the prompt version, 1 or more
	 * @return this observation
	 * @throws IllegalStateException if this observation is not a generation (an agent,
	 * tool, chain, retriever, evaluator, embedding or guardrail)
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code version} is less than 1
	 */
	LangfuseGeneration prompt(String name, int version);

}
