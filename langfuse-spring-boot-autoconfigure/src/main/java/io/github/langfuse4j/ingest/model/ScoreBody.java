package io.github.langfuse4j.ingest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Body of a {@code score-create} event. Scores are upserted by {@code id}; the score's
 * timestamp is the envelope timestamp.
 * <p>
 * A score targets exactly one of a trace (optionally one of its observations), a session
 * or a dataset run, and its value must fit its data type: {@code NUMERIC} a finite
 * number, {@code BOOLEAN} the number 0 or 1, {@code CATEGORICAL} a string, {@code TEXT} a
 * string of 1 to 500 characters, {@code CORRECTION} a string on a trace without a score
 * config.
 *
 * @param id the score id (required: the server silently drops a score without one)
 * @param traceId the scored trace
 * @param observationId the scored observation, only together with {@code traceId}
 * @param sessionId the scored session
 * @param datasetRunId the scored dataset run
 * @param name the score name (required)
 * @param value the value, a {@link Number} or a {@link String} (required)
 * @param dataType the data type (inferred by the server from the value when absent)
 * @param comment a comment
 * @param metadata metadata, any JSON value
 * @param environment the environment
 * @param configId the score config the score must comply with
 * @param queueId the annotation queue the score was created in
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoreBody(String id, @Nullable String traceId, @Nullable String observationId, @Nullable String sessionId,
		@Nullable String datasetRunId, String name, Object value, @Nullable ScoreDataType dataType,
		@Nullable String comment, @Nullable Object metadata, @Nullable String environment, @Nullable String configId,
		@Nullable String queueId) {

	/** Maximum length of a {@link ScoreDataType#TEXT} value. */
	public static final int MAX_TEXT_LENGTH = 500;

	/**
	 * Create a new {@link ScoreBody}.
	 * @throws IllegalArgumentException if a value or the combination of targets is
	 * invalid
	 */
	public ScoreBody {
		Checks.id(id, "id");
		Checks.notBlank(name, "name");
		if (value == null) {
			throw new IllegalArgumentException("value must not be null");
		}
		if (!(value instanceof Number) && !(value instanceof String)) {
			throw new IllegalArgumentException("value must be a Number or a String, not " + value.getClass().getName());
		}
		int targets = ((traceId != null) ? 1 : 0) + ((sessionId != null) ? 1 : 0) + ((datasetRunId != null) ? 1 : 0);
		if (targets != 1) {
			throw new IllegalArgumentException("exactly one of traceId, sessionId or datasetRunId must be set");
		}
		if (observationId != null && traceId == null) {
			throw new IllegalArgumentException("observationId requires traceId");
		}
		if (dataType != null) {
			checkValue(dataType, value, traceId, configId);
		}
		metadata = Checks.copyJson(metadata);
	}

	private static void checkValue(ScoreDataType dataType, Object value, String traceId, String configId) {
		switch (dataType) {
			case NUMERIC -> {
				if (!(value instanceof Number number) || !Checks.isFinite(number)) {
					throw new IllegalArgumentException("value of a NUMERIC score must be a finite number");
				}
			}
			case BOOLEAN -> {
				if (!(value instanceof Number number) || (number.doubleValue() != 0.0 && number.doubleValue() != 1.0)) {
					throw new IllegalArgumentException("value of a BOOLEAN score must be the number 0 or 1");
				}
			}
			case CATEGORICAL -> {
				if (!(value instanceof String)) {
					throw new IllegalArgumentException("value of a CATEGORICAL score must be a string");
				}
			}
			case TEXT -> {
				if (!(value instanceof String text) || text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
					throw new IllegalArgumentException(
							"value of a TEXT score must be a string of 1 to " + MAX_TEXT_LENGTH + " characters");
				}
			}
			case CORRECTION -> {
				if (!(value instanceof String)) {
					throw new IllegalArgumentException("value of a CORRECTION score must be a string");
				}
				if (configId != null) {
					throw new IllegalArgumentException("a CORRECTION score must not have a configId");
				}
				if (traceId == null) {
					throw new IllegalArgumentException("a CORRECTION score requires traceId");
				}
			}
		}
	}

	/**
	 * Start a builder for a score with the given name and a random UUID id.
	 * @param name the score name
	 * @return a new builder
	 */
	public static Builder builder(String name) {
		return new Builder(Checks.newId(), name);
	}

	/**
	 * Return a builder initialized with the values of this score, including its id and
	 * data type.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder(this.id, this.name);
		builder.traceId = this.traceId;
		builder.observationId = this.observationId;
		builder.sessionId = this.sessionId;
		builder.datasetRunId = this.datasetRunId;
		builder.value = this.value;
		builder.dataType = this.dataType;
		builder.comment = this.comment;
		builder.metadata = this.metadata;
		builder.environment = this.environment;
		builder.configId = this.configId;
		builder.queueId = this.queueId;
		return builder;
	}

	/**
	 * Builder for {@link ScoreBody}.
	 */
	public static final class Builder {

		private String id;

		private final String name;

		private String traceId;

		private String observationId;

		private String sessionId;

		private String datasetRunId;

		private Object value;

		private ScoreDataType dataType;

		private ScoreDataType inferredDataType;

		private String comment;

		private Object metadata;

		private String environment;

		private String configId;

		private String queueId;

		private Builder(String id, String name) {
			this.id = id;
			this.name = name;
		}

		/**
		 * Set the score id, replacing the generated one. A stable id (e.g.
		 * {@code traceId + "-" + name}) makes re-sent scores overwrite each other.
		 * @param id the id
		 * @return this builder
		 */
		public Builder id(String id) {
			this.id = id;
			return this;
		}

		/**
		 * Set the scored trace.
		 * @param traceId the trace id
		 * @return this builder
		 */
		public Builder traceId(@Nullable String traceId) {
			this.traceId = traceId;
			return this;
		}

		/**
		 * Set the scored observation (requires a trace id).
		 * @param observationId the observation id
		 * @return this builder
		 */
		public Builder observationId(@Nullable String observationId) {
			this.observationId = observationId;
			return this;
		}

		/**
		 * Set the scored session.
		 * @param sessionId the session id
		 * @return this builder
		 */
		public Builder sessionId(@Nullable String sessionId) {
			this.sessionId = sessionId;
			return this;
		}

		/**
		 * Set the scored dataset run.
		 * @param datasetRunId the dataset run id
		 * @return this builder
		 */
		public Builder datasetRunId(@Nullable String datasetRunId) {
			this.datasetRunId = datasetRunId;
			return this;
		}

		/**
		 * Set a numeric value; the data type is {@link ScoreDataType#NUMERIC} unless set
		 * explicitly.
		 * @param value the value
		 * @return this builder
		 */
		public Builder value(double value) {
			this.value = value;
			this.inferredDataType = ScoreDataType.NUMERIC;
			return this;
		}

		/**
		 * Set a boolean value, sent as the number 1 or 0 with data type
		 * {@link ScoreDataType#BOOLEAN}.
		 * @param value the value
		 * @return this builder
		 */
		public Builder value(boolean value) {
			this.value = value ? 1 : 0;
			this.dataType = ScoreDataType.BOOLEAN;
			return this;
		}

		/**
		 * Set a string value; the data type is {@link ScoreDataType#CATEGORICAL} unless
		 * set explicitly (use {@link ScoreDataType#TEXT} or
		 * {@link ScoreDataType#CORRECTION} for those).
		 * @param value the value
		 * @return this builder
		 */
		public Builder value(String value) {
			this.value = value;
			this.inferredDataType = ScoreDataType.CATEGORICAL;
			return this;
		}

		/**
		 * Set the data type explicitly.
		 * @param dataType the data type
		 * @return this builder
		 */
		public Builder dataType(@Nullable ScoreDataType dataType) {
			this.dataType = dataType;
			return this;
		}

		/**
		 * Set the comment.
		 * @param comment the comment
		 * @return this builder
		 */
		public Builder comment(@Nullable String comment) {
			this.comment = comment;
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
		 * Set the environment.
		 * @param environment the environment
		 * @return this builder
		 */
		public Builder environment(@Nullable String environment) {
			this.environment = environment;
			return this;
		}

		/**
		 * Set the score config the score must comply with.
		 * @param configId the config id
		 * @return this builder
		 */
		public Builder configId(@Nullable String configId) {
			this.configId = configId;
			return this;
		}

		/**
		 * Set the annotation queue.
		 * @param queueId the queue id
		 * @return this builder
		 */
		public Builder queueId(@Nullable String queueId) {
			this.queueId = queueId;
			return this;
		}

		/**
		 * Build the body.
		 * @return the body
		 * @throws IllegalArgumentException if a value or the combination of targets is
		 * invalid
		 */
		public ScoreBody build() {
			ScoreDataType type = (this.dataType != null) ? this.dataType : this.inferredDataType;
			return new ScoreBody(this.id, this.traceId, this.observationId, this.sessionId, this.datasetRunId,
					this.name, this.value, type, this.comment, this.metadata, this.environment, this.configId,
					this.queueId);
		}

	}

}
