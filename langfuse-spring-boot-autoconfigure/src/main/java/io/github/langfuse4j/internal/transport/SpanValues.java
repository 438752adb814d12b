package io.github.langfuse4j.internal.transport;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

/**
 * Prepares a trace or observation event for the span buffer, on the worker, as it enters
 * the buffer:
 * <ul>
 * <li>every structured value among input, output and the metadata (each top-level value
 * of a metadata map) is written to its JSON text once ({@link RenderedJson}), so that the
 * buffer counts exactly what it holds, whatever the type of the value, and no longer
 * holds the application's objects;</li>
 * <li>a field among input, output and metadata whose JSON alone is larger than a span may
 * be is replaced by the truncation marker right away ({@link EventShrinker#cap}): no span
 * holding it could be sent, and a truncated event fits the buffer where the whole one
 * might not.</li>
 * </ul>
 * The OTLP encoder writes a {@link RenderedJson} exactly as it would have written the
 * value, so the wire format does not change. Used by one thread at a time.
 */
final class SpanValues {

	private final JsonMapper mapper;

	private final EventShrinker shrinker;

	/**
	 * Creates the renderer of span values.
	 * @param mapper the mapper that writes the values
	 * @param shrinker the span shrinker, whose limit and marker apply
	 */
	SpanValues(JsonMapper mapper, EventShrinker shrinker) {
		this.mapper = mapper;
		this.shrinker = shrinker;
	}

	/**
	 * The event with its values rendered and its oversized fields truncated.
	 * @param event a trace or observation event
	 * @return the same event if nothing changed, else a copy
	 */
	IngestionEvent prepare(IngestionEvent event) {
		if (event instanceof ObservationEvent observation) {
			ObservationBody body = observation.body();
			Object input = this.shrinker.cap("input", render(body.input()));
			Object output = this.shrinker.cap("output", render(body.output()));
			Object metadata = this.shrinker.cap("metadata", metadata(body.metadata()));
			if (input == body.input() && output == body.output() && metadata == body.metadata()) {
				return event;
			}
			return observation.withBody(body.toBuilder().input(input).output(output).metadata(metadata).build());
		}
		if (event instanceof TraceCreate trace) {
			TraceBody body = trace.body();
			Object input = this.shrinker.cap("input", render(body.input()));
			Object output = this.shrinker.cap("output", render(body.output()));
			Object metadata = this.shrinker.cap("metadata", metadata(body.metadata()));
			if (input == body.input() && output == body.output() && metadata == body.metadata()) {
				return event;
			}
			return trace.withBody(body.toBuilder().input(input).output(output).metadata(metadata).build());
		}
		return event;
	}

	/**
	 * A map stays a map (the encoder makes each key an attribute) with each value
	 * rendered.
	 */
	private Object metadata(Object metadata) {
		if (!(metadata instanceof Map<?, ?> map)) {
			return render(metadata);
		}
		Map<Object, Object> rendered = null;
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			Object value = render(entry.getValue());
			if (value != entry.getValue() && rendered == null) {
				rendered = new LinkedHashMap<>(map);
			}
			if (rendered != null) {
				rendered.put(entry.getKey(), value);
			}
		}
		return (rendered != null) ? rendered : metadata;
	}

	/**
	 * Strings, numbers and booleans stay as they are; anything else becomes its JSON text
	 * or a placeholder.
	 */
	private Object render(Object value) {
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
				|| value instanceof RenderedJson) {
			return value;
		}
		return RenderedJson.render(this.mapper, value);
	}

}
