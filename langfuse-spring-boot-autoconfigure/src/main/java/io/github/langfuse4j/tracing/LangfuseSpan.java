package io.github.langfuse4j.tracing;

import io.github.langfuse4j.ingest.model.ObservationLevel;

/**
 * A started span: a unit of work with a duration, such as a step of a pipeline. Emitted as one
 * {@code span-create} event when it ends.
 */
public interface LangfuseSpan extends LangfuseObservation {

	@Override
	LangfuseSpan input(Object input);

	@Override
	LangfuseSpan output(Object output);

	@Override
	LangfuseSpan metadata(Object metadata);

	@Override
	LangfuseSpan metadata(String key, Object value);

	@Override
	LangfuseSpan level(ObservationLevel level);

	@Override
	LangfuseSpan statusMessage(String statusMessage);

	@Override
	LangfuseSpan version(String version);

}
