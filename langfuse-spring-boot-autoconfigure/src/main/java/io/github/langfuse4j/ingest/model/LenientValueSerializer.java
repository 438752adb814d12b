package io.github.langfuse4j.ingest.model;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.util.JsonGeneratorDelegate;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Writes a {@link LenientValue} into a buffer first and copies the buffer to the output
 * only when the value was written completely, is a value at all and fits the output's
 * nesting limit; otherwise writes the placeholder string. Nothing half-written reaches
 * the output.
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
			int maxDepth = generator.streamWriteConstraints().getMaxNestingDepth();
			int available = maxDepth - generator.streamWriteContext().getNestingDepth();
			context.writeValue(new DepthLimited(buffer, available, maxDepth), value);
		}
		catch (RuntimeException | StackOverflowError ex) {
			generator.writeString(LenientValue.placeholder(value, ex));
			return;
		}
		try (TokenBuffer written = buffer) {
			if (written.isEmpty()) {
				// a value that writes itself as nothing (a custom serializer): a field
				// without a value would fail the whole event
				generator.writeString(LenientValue.placeholder(value, new IllegalStateException("wrote no value")));
				return;
			}
			written.serialize(generator);
		}
	}

	/**
	 * Refuses to open an object or array deeper than the output allows, so that a value
	 * too deep for the output fails while it is buffered (and becomes the placeholder)
	 * rather than halfway through the output.
	 */
	private static final class DepthLimited extends JsonGeneratorDelegate {

		private final int available;

		private final int maxDepth;

		DepthLimited(TokenBuffer buffer, int available, int maxDepth) {
			super(buffer, true);
			this.available = available;
			this.maxDepth = maxDepth;
		}

		@Override
		public JsonGenerator writeStartArray() {
			super.writeStartArray();
			return checkDepth();
		}

		@Override
		public JsonGenerator writeStartArray(Object forValue) {
			super.writeStartArray(forValue);
			return checkDepth();
		}

		@Override
		public JsonGenerator writeStartArray(Object forValue, int size) {
			super.writeStartArray(forValue, size);
			return checkDepth();
		}

		@Override
		public JsonGenerator writeStartObject() {
			super.writeStartObject();
			return checkDepth();
		}

		@Override
		public JsonGenerator writeStartObject(Object forValue) {
			super.writeStartObject(forValue);
			return checkDepth();
		}

		@Override
		public JsonGenerator writeStartObject(Object forValue, int size) {
			super.writeStartObject(forValue, size);
			return checkDepth();
		}

		private JsonGenerator checkDepth() {
			if (streamWriteContext().getNestingDepth() > this.available) {
				throw new StreamConstraintsException(
						"nested deeper than the " + this.maxDepth + " levels of nesting depth the JSON writer allows");
			}
			return this;
		}

	}

}
