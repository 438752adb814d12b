package io.github.langfuse4j.tracing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.ingest.model.ObservationLevel;

/**
 * Builds a span; {@link #start()} starts it. A builder starts one span.
 */
public interface LangfuseSpanBuilder {

	/**
	 * Sets the input, see {@link LangfuseObservation#input(Object)}.
	 * @param input the input, or {@code null} for none
	 * @return this builder
	 */
	LangfuseSpanBuilder input(@Nullable Object input);

	/**
	 * Sets the metadata, see {@link LangfuseObservation#metadata(Object)}.
	 * @param metadata the metadata, or {@code null} for none
	 * @return this builder
	 */
	LangfuseSpanBuilder metadata(@Nullable Object metadata);

	/**
	 * Adds one metadata key, see {@link LangfuseObservation#metadata(String, Object)}.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 * @throws NullPointerException if {@code key} is {@code null}
	 */
	LangfuseSpanBuilder metadata(String key, @Nullable Object value);

	/**
	 * Sets the level.
	 * @param level the level, or {@code null} for the default
	 * @return this builder
	 */
	LangfuseSpanBuilder level(@Nullable ObservationLevel level);

	/**
	 * Sets the version.
	 * @param version the version, or {@code null} for none
	 * @return this builder
	 */
	LangfuseSpanBuilder version(@Nullable String version);

	/**
	 * Sets the start time, for work that started before the span could be created; the
	 * default is the time of {@link #start()}.
	 * @param startTime the start time
	 * @return this builder
	 * @throws NullPointerException if {@code startTime} is {@code null}
	 */
	LangfuseSpanBuilder startTime(Instant startTime);

	/**
	 * Starts the span. It is not made the current context; use
	 * {@link LangfuseSpan#makeCurrent()} for that.
	 * @return the started span
	 * @throws IllegalStateException if this builder already started a span
	 */
	LangfuseSpan start();

}
