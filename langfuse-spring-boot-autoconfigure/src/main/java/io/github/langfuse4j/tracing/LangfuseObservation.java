package io.github.langfuse4j.tracing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.ingest.model.ObservationLevel;
import io.github.langfuse4j.ingest.model.ObservationType;

/**
 * A started observation inside a trace: a span, a generation or another generation-like
 * step. Its one {@code -create} event, carrying start and end time and every field set so
 * far, is emitted when it ends; setters called after the end are ignored.
 * {@link LangfuseSpan} and {@link LangfuseGeneration} narrow the setters' return types
 * for chaining.
 */
public interface LangfuseObservation extends LangfuseHandle {

	/**
	 * The observation type.
	 * @return the type
	 */
	ObservationType type();

	/**
	 * The observation name.
	 * @return the name
	 */
	String name();

	/**
	 * The id of the parent observation.
	 * @return the parent's id, or {@code null} if the observation sits directly under its
	 * trace
	 */
	@Nullable String parentObservationId();

	/**
	 * Sets the input: any value the library's JSON mapper can write (a value it cannot
	 * write is sent as a placeholder string). The value is written when the event is
	 * sent, so do not change it afterwards.
	 * @param input the input, or {@code null} for none
	 * @return this observation
	 */
	LangfuseObservation input(@Nullable Object input);

	/**
	 * Sets the output, like {@link #input(Object)}.
	 * @param output the output, or {@code null} for none
	 * @return this observation
	 */
	LangfuseObservation output(@Nullable Object output);

	/**
	 * Sets the metadata, replacing what was set before: preferably a map (each key
	 * becomes a filterable attribute), or any value the library's JSON mapper can write.
	 * @param metadata the metadata, or {@code null} for none
	 * @return this observation
	 */
	LangfuseObservation metadata(@Nullable Object metadata);

	/**
	 * Adds one metadata key; metadata that was not a map is replaced by a map.
	 * @param key the key
	 * @param value the value
	 * @return this observation
	 * @throws NullPointerException if {@code key} is {@code null}
	 */
	LangfuseObservation metadata(String key, @Nullable Object value);

	/**
	 * Sets the level.
	 * @param level the level, or {@code null} for the server's default ({@code DEFAULT})
	 * @return this observation
	 */
	LangfuseObservation level(@Nullable ObservationLevel level);

	/**
	 * Sets the status message, for example the description of an error.
	 * @param statusMessage the message, or {@code null} for none
	 * @return this observation
	 */
	LangfuseObservation statusMessage(@Nullable String statusMessage);

	/**
	 * Sets the version of the code or prompt behind this observation.
	 * @param version the version, or {@code null} for none
	 * @return this observation
	 */
	LangfuseObservation version(@Nullable String version);

	/**
	 * Records a failure and ends the observation: level {@link ObservationLevel#ERROR},
	 * status message {@code "<exception class>: <message>"}. Does nothing if the
	 * observation has already ended.
	 * @param error the failure
	 * @throws NullPointerException if {@code error} is {@code null}
	 */
	void error(Throwable error);

	/**
	 * Ends the observation with the given end time (for timings measured elsewhere) and
	 * emits its event. Later calls do nothing. Never throws.
	 * @param endTime the end time
	 * @throws NullPointerException if {@code endTime} is {@code null}
	 */
	void end(Instant endTime);

}
