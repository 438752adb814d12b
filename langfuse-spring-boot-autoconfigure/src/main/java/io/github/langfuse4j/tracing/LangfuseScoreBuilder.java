package io.github.langfuse4j.tracing;

import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.ingest.model.ScoreDataType;

/**
 * Builds a score; {@link #send()} emits its {@code score-create} event at once. A score
 * targets exactly one of a trace (optionally one of its observations) or a session, and
 * has a value. Builders from a handle start out targeting that handle;
 * {@link Langfuse#score(String)} starts with no target.
 */
public interface LangfuseScoreBuilder {

	/**
	 * Uses the given score id instead of a random one: sending a score with the same id
	 * again overwrites it.
	 * @param id the id
	 * @return this builder
	 * @throws NullPointerException if {@code id} is {@code null}
	 */
	LangfuseScoreBuilder id(String id);

	/**
	 * Scores a trace.
	 * @param traceId the trace id
	 * @return this builder
	 */
	LangfuseScoreBuilder traceId(@Nullable String traceId);

	/**
	 * Scores one observation of the trace set with {@link #traceId(String)}.
	 * @param observationId the observation id
	 * @return this builder
	 */
	LangfuseScoreBuilder observationId(@Nullable String observationId);

	/**
	 * Scores a session instead of a trace.
	 * @param sessionId the session id
	 * @return this builder
	 */
	LangfuseScoreBuilder sessionId(@Nullable String sessionId);

	/**
	 * Sets a numeric value (data type {@code NUMERIC}).
	 * @param value the value, a finite number
	 * @return this builder
	 */
	LangfuseScoreBuilder value(double value);

	/**
	 * Sets a boolean value (sent as 1 or 0, data type {@code BOOLEAN}).
	 * @param value the value
	 * @return this builder
	 */
	LangfuseScoreBuilder value(boolean value);

	/**
	 * Sets a categorical value (data type {@code CATEGORICAL} unless set otherwise with
	 * {@link #dataType(ScoreDataType)}).
	 * @param value the category
	 * @return this builder
	 * @throws NullPointerException if {@code value} is {@code null}
	 */
	LangfuseScoreBuilder value(String value);

	/**
	 * Sets the data type explicitly, for example {@link ScoreDataType#TEXT} for a
	 * free-text value.
	 * @param dataType the data type
	 * @return this builder
	 */
	LangfuseScoreBuilder dataType(@Nullable ScoreDataType dataType);

	/**
	 * Sets a comment.
	 * @param comment the comment, or {@code null} for none
	 * @return this builder
	 */
	LangfuseScoreBuilder comment(@Nullable String comment);

	/**
	 * Sets the metadata, any value the library's JSON mapper can write.
	 * @param metadata the metadata, or {@code null} for none
	 * @return this builder
	 */
	LangfuseScoreBuilder metadata(@Nullable Object metadata);

	/**
	 * Sends the score: its {@code score-create} event is emitted now.
	 * @return the score id
	 * @throws IllegalArgumentException if there is no value, no target or more than one
	 * target, or the value does not fit the data type
	 */
	String send();

}
