package io.github.langfuse4j.internal.transport;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.ingest.model.LenientValue;

/**
 * A structured value (map, list, record, bean) already written as JSON text, as the span
 * buffer keeps it: the text is what the OTLP encoder puts into the attribute, its length
 * is what the buffer counts, and the application's object is no longer referenced.
 * Written by Jackson as the raw JSON it holds, so that its size as a field is the size of
 * the value it stands for.
 *
 * @param json the value's JSON text
 */
@JsonSerialize(using = RenderedJson.Serializer.class)
record RenderedJson(String json) {

	/**
	 * Writes a value as JSON text. A value the mapper cannot write becomes a placeholder
	 * string instead: for a {@link LenientValue} (the tracing API's wrapper) the one
	 * {@link LenientValue#placeholder} writes, naming the application's type and the
	 * reason; for any other value {@code <unserializable: ClassName>}.
	 * @param mapper the mapper
	 * @param value the value, not {@code null}
	 * @return the {@link RenderedJson}, or the placeholder {@link String}
	 */
	static Object render(JsonMapper mapper, Object value) {
		if (value instanceof RenderedJson) {
			return value;
		}
		Object target = (value instanceof LenientValue lenient) ? lenient.value() : value;
		try {
			return new RenderedJson(mapper.writeValueAsString(target));
		}
		catch (RuntimeException | StackOverflowError ex) {
			if (value instanceof LenientValue) {
				return LenientValue.placeholder(target, ex);
			}
			return "<unserializable: " + culprit(value, ex) + ">";
		}
	}

	private static String culprit(Object value, Throwable ex) {
		if (ex instanceof InvalidDefinitionException definition && definition.getType() != null) {
			return definition.getType().getRawClass().getName();
		}
		return value.getClass().getName();
	}

	/** Writes the JSON text as it is. */
	static final class Serializer extends ValueSerializer<RenderedJson> {

		@Override
		public void serialize(RenderedJson value, JsonGenerator generator, SerializationContext context)
				throws JacksonException {
			generator.writeRawValue(value.json());
		}

	}

}
