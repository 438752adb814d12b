package io.github.langfuse4j.tracing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.langfuse4j.ingest.model.LenientValue;
import io.github.langfuse4j.internal.model.CompactMap;

/**
 * Prepares user values for the wire without serializing them: anything but a string,
 * number, boolean or {@code null} is wrapped in a {@link LenientValue}, which the
 * exporter writes on its own thread. A metadata map stays a map (the OTLP encoder turns
 * each key into an attribute) with each top-level value wrapped: a {@link CompactMap},
 * which the wire model keeps without copying it again.
 *
 * <p>
 * The API's rule for {@code null}: a required argument (a name, key, id, time, exception
 * or task) must not be {@code null}; any other argument is optional and {@code null}
 * means nothing: a {@code null} value, array, collection or map sets nothing, and so does
 * a {@code null} element of an array or collection, or a map entry with a {@code null}
 * key or value. The helpers here leave those out.
 */
final class Values {

	private Values() {
	}

	static Object lenient(Object value) {
		return LenientValue.of(value);
	}

	static Object metadata(Object metadata) {
		if (metadata instanceof Map<?, ?> map) {
			CompactMap.Builder<Object> copy = CompactMap.builder(map.size());
			map.forEach((key, value) -> {
				if (key != null) {
					copy.put(String.valueOf(key), LenientValue.of(value));
				}
			});
			return copy.build();
		}
		return LenientValue.of(metadata);
	}

	/**
	 * Adds one key to the metadata, turning it into a map if it was something else. The
	 * result is a builder that the handle keeps and adds to; {@link #frozen} makes the
	 * body's value of it.
	 */
	@SuppressWarnings("unchecked")
	static Object withMetadata(Object metadata, String key, Object value) {
		Objects.requireNonNull(key, "key must not be null");
		CompactMap.Builder<Object> builder;
		if (metadata instanceof CompactMap.Builder<?> added) {
			builder = (CompactMap.Builder<Object>) added;
		}
		else if (metadata instanceof Map<?, ?> map) {
			builder = CompactMap.<Object>builder(map.size() + 4).putAll((Map<String, Object>) map);
		}
		else {
			builder = CompactMap.builder(4);
		}
		return builder.put(key, LenientValue.of(value));
	}

	/**
	 * The metadata as a body takes it: the map of a builder (not copied, and never
	 * changed after: the builder copies its array before a later addition), or the value
	 * itself.
	 */
	static Object frozen(Object metadata) {
		return (metadata instanceof CompactMap.Builder<?> builder) ? builder.build() : metadata;
	}

	/**
	 * The elements that are not {@code null}, as an unmodifiable list; {@code null} for a
	 * {@code null} collection.
	 */
	static <T> List<T> withoutNulls(Collection<? extends T> values) {
		if (values == null) {
			return null;
		}
		List<T> kept = new ArrayList<>(values.size());
		for (T value : values) {
			if (value != null) {
				kept.add(value);
			}
		}
		return Collections.unmodifiableList(kept);
	}

	/**
	 * The entries with a key and a value; the map itself when it has no {@code null} (the
	 * caller copies it anyway), {@code null} for a {@code null} map.
	 */
	static <K, V> Map<K, V> withoutNulls(Map<K, V> map) {
		if (map == null) {
			return null;
		}
		boolean clean = true;
		for (Map.Entry<K, V> entry : map.entrySet()) {
			if (entry.getKey() == null || entry.getValue() == null) {
				clean = false;
				break;
			}
		}
		if (clean) {
			return map;
		}
		Map<K, V> kept = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			if (key != null && value != null) {
				kept.put(key, value);
			}
		});
		return kept;
	}

	static String name(String name) {
		Objects.requireNonNull(name, "name must not be null");
		if (name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank");
		}
		return name;
	}

}
