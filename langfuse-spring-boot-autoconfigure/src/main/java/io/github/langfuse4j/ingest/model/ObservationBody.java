package io.github.langfuse4j.ingest.model;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.internal.model.GenerationFieldRules;

/**
 * Body of every observation event (span, generation, event and the other generation-like
 * types). Observations are upserted by {@code id}. The generation fields
 * ({@code completionStartTime}, {@code model}, {@code modelParameters}, {@code usage},
 * {@code usageDetails}, {@code costDetails}, {@code promptName}, {@code promptVersion})
 * are only allowed on generation-like events, see {@link #hasGenerationFields()}.
 *
 * @param id the observation id (required)
 * @param traceId the trace the observation belongs to (always send it)
 * @param name the observation name
 * @param startTime the start time
 * @param endTime the end time (not allowed on events)
 * @param completionStartTime when the model started to return output
 * @param metadata metadata, any JSON value
 * @param input the input, any JSON value
 * @param output the output, any JSON value
 * @param level the level
 * @param statusMessage a status message, e.g. an error description
 * @param parentObservationId the id of the parent observation
 * @param version the version
 * @param environment the environment
 * @param model the model name
 * @param modelParameters model parameters: values must be strings, finite numbers,
 * booleans, lists of strings, maps of strings to strings, or {@code null}
 * @param usage usage and cost (deprecated by the server in favour of usage and cost
 * details)
 * @param usageDetails usage counts by free-form key, e.g. {@code input}, {@code output}
 * @param costDetails costs in USD by free-form key, e.g. {@code input}, {@code output},
 * {@code total}
 * @param promptName the name of the prompt used, together with {@code promptVersion}
 * @param promptVersion the version of the prompt used, together with {@code promptName}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObservationBody(String id, @Nullable String traceId, @Nullable String name, @Nullable Instant startTime,
		@Nullable Instant endTime, @Nullable Instant completionStartTime, @Nullable Object metadata,
		@Nullable Object input, @Nullable Object output, @Nullable ObservationLevel level,
		@Nullable String statusMessage, @Nullable String parentObservationId, @Nullable String version,
		@Nullable String environment, @Nullable String model, @Nullable Map<String, Object> modelParameters,
		@Nullable Usage usage, @Nullable Map<String, Integer> usageDetails, @Nullable Map<String, Double> costDetails,
		@Nullable String promptName, @Nullable Integer promptVersion) {

	/**
	 * Create a new {@link ObservationBody}.
	 * @throws IllegalArgumentException if a value is invalid
	 */
	public ObservationBody {
		Checks.id(id, "id");
		if (traceId != null) {
			Checks.id(traceId, "traceId");
		}
		if (promptName != null && promptVersion == null) {
			throw new IllegalArgumentException("promptName requires promptVersion");
		}
		if (promptVersion != null && promptName == null) {
			throw new IllegalArgumentException("promptVersion requires promptName");
		}
		if (promptVersion != null && promptVersion < 1) {
			throw new IllegalArgumentException("promptVersion must be >= 1");
		}
		metadata = Checks.copyJson(metadata);
		input = Checks.copyJson(input);
		output = Checks.copyJson(output);
		modelParameters = GenerationFieldRules.modelParameters(modelParameters);
		usageDetails = copyUsageDetails(usageDetails);
		costDetails = GenerationFieldRules.costDetails(costDetails);
	}

	/**
	 * Return whether any generation-only field is set (model, model parameters, usage,
	 * usage or cost details, prompt or completion start time).
	 * @return {@code true} if the body needs a generation-like event
	 */
	@JsonIgnore
	public boolean hasGenerationFields() {
		return this.model != null || this.modelParameters != null || this.usage != null || this.usageDetails != null
				|| this.costDetails != null || this.promptName != null || this.promptVersion != null
				|| this.completionStartTime != null;
	}

	/**
	 * Start a builder for an observation with the given id.
	 * @param id the observation id
	 * @return a new builder
	 */
	public static Builder builder(String id) {
		return new Builder(id);
	}

	/**
	 * Return a builder initialized with the values of this body.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder(this.id);
		builder.traceId = this.traceId;
		builder.name = this.name;
		builder.startTime = this.startTime;
		builder.endTime = this.endTime;
		builder.completionStartTime = this.completionStartTime;
		builder.metadata = this.metadata;
		builder.input = this.input;
		builder.output = this.output;
		builder.level = this.level;
		builder.statusMessage = this.statusMessage;
		builder.parentObservationId = this.parentObservationId;
		builder.version = this.version;
		builder.environment = this.environment;
		builder.model = this.model;
		builder.modelParameters = this.modelParameters;
		builder.usage = this.usage;
		builder.usageDetails = this.usageDetails;
		builder.costDetails = this.costDetails;
		builder.promptName = this.promptName;
		builder.promptVersion = this.promptVersion;
		return builder;
	}

	/**
	 * Usage details counted in tokens: {@code input}, {@code output} and their
	 * {@code total}, as an unmodifiable map that the constructor keeps as it is (no copy,
	 * no second check).
	 * @param inputTokens the input (prompt) tokens
	 * @param outputTokens the output (completion) tokens
	 * @return the usage details
	 * @throws IllegalArgumentException if a count is negative
	 * @throws ArithmeticException if the total overflows an {@code int}
	 */
	public static Map<String, Integer> tokenUsage(int inputTokens, int outputTokens) {
		return new TokenUsage(inputTokens, outputTokens);
	}

	private static Map<String, Integer> copyUsageDetails(Map<String, Integer> details) {
		return (details instanceof TokenUsage) ? details : GenerationFieldRules.usageDetails(details);
	}

	/**
	 * Builder for {@link ObservationBody}. Every setter accepts {@code null} to leave the
	 * field absent.
	 */
	public static final class Builder {

		private String id;

		private String traceId;

		private String name;

		private Instant startTime;

		private Instant endTime;

		private Instant completionStartTime;

		private Object metadata;

		private Object input;

		private Object output;

		private ObservationLevel level;

		private String statusMessage;

		private String parentObservationId;

		private String version;

		private String environment;

		private String model;

		private Map<String, Object> modelParameters;

		private Usage usage;

		private Map<String, Integer> usageDetails;

		private Map<String, Double> costDetails;

		private String promptName;

		private Integer promptVersion;

		private Builder(String id) {
			this.id = id;
		}

		/**
		 * Set the observation id.
		 * @param id the id
		 * @return this builder
		 */
		public Builder id(String id) {
			this.id = id;
			return this;
		}

		/**
		 * Set the trace id.
		 * @param traceId the trace id
		 * @return this builder
		 */
		public Builder traceId(@Nullable String traceId) {
			this.traceId = traceId;
			return this;
		}

		/**
		 * Set the name.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(@Nullable String name) {
			this.name = name;
			return this;
		}

		/**
		 * Set the start time.
		 * @param startTime the start time
		 * @return this builder
		 */
		public Builder startTime(@Nullable Instant startTime) {
			this.startTime = startTime;
			return this;
		}

		/**
		 * Set the end time.
		 * @param endTime the end time
		 * @return this builder
		 */
		public Builder endTime(@Nullable Instant endTime) {
			this.endTime = endTime;
			return this;
		}

		/**
		 * Set the completion start time (generation-like observations only).
		 * @param completionStartTime the completion start time
		 * @return this builder
		 */
		public Builder completionStartTime(@Nullable Instant completionStartTime) {
			this.completionStartTime = completionStartTime;
			return this;
		}

		/**
		 * Set the metadata.
		 * @param metadata any JSON value
		 * @return this builder
		 */
		public Builder metadata(@Nullable Object metadata) {
			this.metadata = metadata;
			return this;
		}

		/**
		 * Set the input.
		 * @param input any JSON value
		 * @return this builder
		 */
		public Builder input(@Nullable Object input) {
			this.input = input;
			return this;
		}

		/**
		 * Set the output.
		 * @param output any JSON value
		 * @return this builder
		 */
		public Builder output(@Nullable Object output) {
			this.output = output;
			return this;
		}

		/**
		 * Set the level.
		 * @param level the level
		 * @return this builder
		 */
		public Builder level(@Nullable ObservationLevel level) {
			this.level = level;
			return this;
		}

		/**
		 * Set the status message.
		 * @param statusMessage the status message
		 * @return this builder
		 */
		public Builder statusMessage(@Nullable String statusMessage) {
			this.statusMessage = statusMessage;
			return this;
		}

		/**
		 * Set the parent observation id.
		 * @param parentObservationId the parent observation id
		 * @return this builder
		 */
		public Builder parentObservationId(@Nullable String parentObservationId) {
			this.parentObservationId = parentObservationId;
			return this;
		}

		/**
		 * Set the version.
		 * @param version the version
		 * @return this builder
		 */
		public Builder version(@Nullable String version) {
			this.version = version;
			return this;
		}

		/**
		 * Set the environment.
		 * @param environment the environment
		 * @return this builder
		 */
		public Builder environment(@Nullable String environment) {
			this.environment = environment;
			return this;
		}

		/**
		 * Set the model name (generation-like observations only).
		 * @param model the model
		 * @return this builder
		 */
		public Builder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		/**
		 * Set the model parameters (generation-like observations only).
		 * @param modelParameters the model parameters
		 * @return this builder
		 */
		public Builder modelParameters(@Nullable Map<String, Object> modelParameters) {
			this.modelParameters = modelParameters;
			return this;
		}

		/**
		 * Set the usage (generation-like observations only).
		 * @param usage the usage
		 * @return this builder
		 */
		public Builder usage(@Nullable Usage usage) {
			this.usage = usage;
			return this;
		}

		/**
		 * Set the usage details (generation-like observations only).
		 * @param usageDetails usage counts by key
		 * @return this builder
		 */
		public Builder usageDetails(@Nullable Map<String, Integer> usageDetails) {
			this.usageDetails = usageDetails;
			return this;
		}

		/**
		 * Set the cost details (generation-like observations only).
		 * @param costDetails costs in USD by key
		 * @return this builder
		 */
		public Builder costDetails(@Nullable Map<String, Double> costDetails) {
			this.costDetails = costDetails;
			return this;
		}

		/**
		 * Set the prompt name and version (generation-like observations only).
		 * @param promptName the prompt name
		 * @param promptVersion the prompt version, at least 1
		 * @return this builder
		 */
		public Builder prompt(@Nullable String promptName, Integer promptVersion) {
			this.promptName = promptName;
			this.promptVersion = promptVersion;
			return this;
		}

		/**
		 * Set the prompt name (generation-like observations only); requires a prompt
		 * version.
		 * @param promptName the prompt name
		 * @return this builder
		 */
		public Builder promptName(@Nullable String promptName) {
			this.promptName = promptName;
			return this;
		}

		/**
		 * Set the prompt version (generation-like observations only); requires a prompt
		 * name.
		 * @param promptVersion the prompt version, at least 1
		 * @return this builder
		 */
		public Builder promptVersion(@Nullable Integer promptVersion) {
			this.promptVersion = promptVersion;
			return this;
		}

		/**
		 * Build the body.
		 * @return the body
		 * @throws IllegalArgumentException if a value is invalid
		 */
		public ObservationBody build() {
			return new ObservationBody(this.id, this.traceId, this.name, this.startTime, this.endTime,
					this.completionStartTime, this.metadata, this.input, this.output, this.level, this.statusMessage,
					this.parentObservationId, this.version, this.environment, this.model, this.modelParameters,
					this.usage, this.usageDetails, this.costDetails, this.promptName, this.promptVersion);
		}

	}

}
