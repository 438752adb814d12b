package io.github.langfuse4j.ingest.model;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Writes a {@link LenientValue} into a buffer first and copies the buffer to the output only when the value was
 * written completely; otherwise writes the placeholder string. Nothing half-written reaches the output.
 */
final class LenientValueSerializer extends ValueSerializer<LenientValue> {

	LenientValueSerializer() {
	}

	@Override
	public void serialize(LenientValue lenient, JsonGenerator generator, SerializationContext context)
			throws JacksonException {
		Object value = lenient.value();
		TokenBuffer buffer;
		try {
			buffer = context.bufferForValueConversion();
			context.writeValue(buffer, value);
		}
		catch (RuntimeException | StackOverflowError ex) {
			generator.writeString(LenientValue.placeholder(value, ex));
			return;
		}
		try (TokenBuffer written = buffer) {
			written.serialize(generator);
		}
	}

}
