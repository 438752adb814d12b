package io.github.langfuse4j.tracing;

import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.ingest.model.ObservationLevel;

/**
 * A started span: a unit of work with a duration, such as a step of a pipeline. Emitted
 * as one {@code span-create} event when it ends.
 */
public interface LangfuseSpan extends LangfuseObservation {

	@Override
	LangfuseSpan input(@Nullable Object input);

	@Override
	LangfuseSpan output(@Nullable Object output);

	@Override
	LangfuseSpan metadata(@Nullable Object metadata);

	@Override
	LangfuseSpan metadata(String key, @Nullable Object value);

	@Override
	LangfuseSpan level(@Nullable ObservationLevel level);

	@Override
	LangfuseSpan statusMessage(@Nullable String statusMessage);

	@Override
	LangfuseSpan version(@Nullable String version);

}
