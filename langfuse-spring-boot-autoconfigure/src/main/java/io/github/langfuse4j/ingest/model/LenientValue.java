package io.github.langfuse4j.ingest.model;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A free-form value (input, output or a metadata value) that is written as JSON on the
 * exporter's thread and never fails the event it belongs to: if the library's mapper
 * cannot write the value, the string {@code "<unserializable: com.example.Foo: reason>"}
 * is written in its place and the rest of the event is sent unchanged. Strings, numbers,
 * booleans and {@code null} need no wrapping; {@link #of(Object)} leaves them as they
 * are.
 *
 * @param value the wrapped value, never {@code null}
 */
@JsonSerialize(using = LenientValueSerializer.class)
public record LenientValue(Object value) {

	/**
	 * Create a new {@link LenientValue}.
	 * @throws NullPointerException if {@code value} is {@code null}
	 */
	public LenientValue {
		Objects.requireNonNull(value, "value must not be null");
	}

	/**
	 * Wrap a value unless it is {@code null}, a {@link String}, a {@link Number}, a
	 * {@link Boolean} or already wrapped; those are returned as they are.
	 * @param value any value
	 * @return the value, wrapped if it needs to be
	 */
	public static @Nullable Object of(@Nullable Object value) {
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
				|| value instanceof LenientValue) {
			return value;
		}
		return new LenientValue(value);
	}

	/**
	 * The placeholder written instead of a value that cannot be written.
	 * @param value the value
	 * @param failure why it could not be written
	 * @return the placeholder, e.g.
	 * {@code "<unserializable: com.example.Foo: cannot be read>"}
	 */
	public static String placeholder(Object value, Throwable failure) {
		String reason = failure.getMessage();
		if (failure instanceof tools.jackson.core.JacksonException jackson && jackson.getOriginalMessage() != null) {
			reason = jackson.getOriginalMessage();
		}
		if (reason == null || reason.isBlank()) {
			reason = failure.getClass().getSimpleName();
		}
		if (reason.length() > 200) {
			reason = reason.substring(0, 200) + "...";
		}
		return "<unserializable: " + value.getClass().getName() + ": " + reason.replace('\n', ' ') + ">";
	}

}
