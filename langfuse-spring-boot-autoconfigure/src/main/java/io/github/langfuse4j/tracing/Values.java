package io.github.langfuse4j.tracing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.github.langfuse4j.ingest.model.LenientValue;

/**
 * Prepares user values for the wire without serializing them: anything but a string, number, boolean or
 * {@code null} is wrapped in a {@link LenientValue}, which the exporter writes on its own thread. A metadata map
 * stays a map (the OTLP encoder turns each key into an attribute) with each top-level value wrapped.
 */
final class Values {

	private Values() {
	}

	static Object lenient(Object value) {
		return LenientValue.of(value);
	}

	static Object metadata(Object metadata) {
		if (metadata instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
			map.forEach((key, value) -> copy.put(String.valueOf(key), LenientValue.of(value)));
			return copy;
		}
		return LenientValue.of(metadata);
	}

	/** Adds one key to the metadata, turning it into a map if it was something else. */
	@SuppressWarnings("unchecked")
	static Object withMetadata(Object metadata, String key, Object value) {
		Objects.requireNonNull(key, "key must not be null");
		Map<String, Object> map = (metadata instanceof Map<?, ?>) ? (Map<String, Object>) metadata
				: new LinkedHashMap<>();
		map.put(key, LenientValue.of(value));
		return map;
	}


	static String name(String name) {
		Objects.requireNonNull(name, "name must not be null");
		if (name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank");
		}
		return name;
	}

}
