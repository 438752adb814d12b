package io.github.langfuse4j.tracing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.ingest.model.ObservationLevel;

/**
 * Builds an event, a point in time; {@link #emit()} records it at once. A builder emits
 * one event.
 */
public interface LangfuseEventBuilder {

	/**
	 * Sets the input, see {@link LangfuseObservation#input(Object)}.
	 * @param input the input, or {@code null} for none
	 * @return this builder
	 */
	LangfuseEventBuilder input(@Nullable Object input);

	/**
	 * Sets the output, see {@link LangfuseObservation#output(Object)}.
	 * @param output the output, or {@code null} for none
	 * @return this builder
	 */
	LangfuseEventBuilder output(@Nullable Object output);

	/**
	 * Sets the metadata, see {@link LangfuseObservation#metadata(Object)}.
	 * @param metadata the metadata, or {@code null} for none
	 * @return this builder
	 */
	LangfuseEventBuilder metadata(@Nullable Object metadata);

	/**
	 * Adds one metadata key, see {@link LangfuseObservation#metadata(String, Object)}.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 * @throws NullPointerException if {@code key} is {@code null}
	 */
	LangfuseEventBuilder metadata(String key, @Nullable Object value);

	/**
	 * Sets the level.
	 * @param level the level, or {@code null} for the default
	 * @return this builder
	 */
	LangfuseEventBuilder level(@Nullable ObservationLevel level);

	/**
	 * Sets the status message.
	 * @param statusMessage the message, or {@code null} for none
	 * @return this builder
	 */
	LangfuseEventBuilder statusMessage(@Nullable String statusMessage);

	/**
	 * Sets the version.
	 * @param version the version, or {@code null} for none
	 * @return this builder
	 */
	LangfuseEventBuilder version(@Nullable String version);

	/**
	 * Sets when the event happened; the default is the time of {@link #emit()}.
	 * @param time the time
	 * @return this builder
	 * @throws NullPointerException if {@code time} is {@code null}
	 */
	LangfuseEventBuilder time(Instant time);

	/**
	 * Records the event: its {@code event-create} event is emitted now.
	 * @return the recorded event, for its ids and scores
	 * @throws IllegalStateException if this builder already emitted an event
	 */
	LangfuseEvent emit();

}
