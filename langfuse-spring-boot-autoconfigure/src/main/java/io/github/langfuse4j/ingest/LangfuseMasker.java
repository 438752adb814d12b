package io.github.langfuse4j.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Replaces what would leave the process: sees every input, output, metadata value, status
 * message and score comment of every event, in both protocols, and returns what is sent
 * instead. With the Spring Boot starter, declare one as a bean; several beans apply in
 * their order ({@code @Order}), each to the previous one's result. Without Spring Boot,
 * set them with {@link IngestConfig.Builder#maskers(List)}.
 *
 * <p>
 * A masker runs on the exporter's worker thread, never on the application's, after
 * sampling and the content switch (content that is not captured never reaches it) and
 * before the size limits truncate anything. It sees the value as it will be written, in
 * plain JSON-like form: a {@code String}, {@code Number} or {@code Boolean}, a
 * {@code List} of such values or a {@code Map<String, Object>} of them (an application
 * object has already been converted, the way it would be serialized). It is never called
 * with {@code null}; returning {@code null} removes the field.
 *
 * <p>
 * It fails closed: when it throws, the field is replaced by {@link #FAILED}, the event is
 * still sent, the failure is counted ({@link IngestStats#maskingFailures()}, metric
 * {@code langfuse.ingest.masking.failures}) and logged at most once per throttle window,
 * with the masker's class and the field, never the value or the exception's message.
 *
 * <pre>{@code
 * &#64;Bean
 * LangfuseMasker redactTickets() {
 *     return LangfuseMasker.strings((text) -> text.replaceAll("TICKET-\\d+", "TICKET-***"));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface LangfuseMasker {

	/** What is sent instead of a field whose masker threw. */
	String FAILED = "<masking failed>";

	/**
	 * Returns what is sent instead of a value.
	 * @param field the kind of field the value is
	 * @param value the value, in JSON-like form (see the class description)
	 * @return the value to send, or {@code null} to send none
	 */
	@Nullable Object mask(Field field, Object value);

	/**
	 * A masker that applies a function to every string in a value, however deeply it is
	 * nested in lists and maps (map keys are left as they are); numbers and booleans pass
	 * unchanged.
	 * @param function the replacement for one string
	 * @return the masker
	 */
	static LangfuseMasker strings(UnaryOperator<String> function) {
		Objects.requireNonNull(function, "function must not be null");
		return (field, value) -> mapStrings(value, function);
	}

	/**
	 * Applies a function to every string of a JSON-like value, rebuilding only the lists
	 * and maps that hold strings.
	 * @param value a string, number, boolean, list or map
	 * @param function the replacement for one string
	 * @return the value with every string replaced
	 */
	static @Nullable Object mapStrings(@Nullable Object value, UnaryOperator<String> function) {
		if (value instanceof String text) {
			return function.apply(text);
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> copy = new ArrayList<>(list.size());
			for (Object element : list) {
				copy.add(mapStrings(element, function));
			}
			return copy;
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, @Nullable Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
			map.forEach((key, element) -> copy.put(key, mapStrings(element, function)));
			return copy;
		}
		return value;
	}

	/** The kinds of field a masker sees. */
	enum Field {

		/** The input of a trace or an observation. */
		INPUT,

		/** The output of a trace or an observation. */
		OUTPUT,

		/** The metadata of a trace, an observation or a score: the whole map or value. */
		METADATA,

		/** The status message of an observation (an error's message, for example). */
		STATUS_MESSAGE,

		/** The comment of a score. */
		SCORE_COMMENT

	}

}
