package io.github.langfuse4j.ingest.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Argument checks and defensive copies shared by the model records.
 */
final class Checks {

	static final int MAX_ID_LENGTH = 800;

	private Checks() {
	}

	/**
	 * Check an envelope of an ingestion event.
	 */
	static void envelope(String id, Object timestamp, Object body) {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(timestamp, "timestamp must not be null");
		Objects.requireNonNull(body, "body must not be null");
		id(id, "id");
	}

	/**
	 * Check a required id field (non-null, non-blank, at most 800 characters, no carriage
	 * return).
	 */
	static void id(String value, String field) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(field + " must not be null or blank");
		}
		if (value.length() > MAX_ID_LENGTH) {
			throw new IllegalArgumentException(field + " must be at most " + MAX_ID_LENGTH + " characters");
		}
		if (value.indexOf('\r') >= 0) {
			throw new IllegalArgumentException(field + " must not contain a carriage return");
		}
	}

	static void notBlank(String value, String field) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(field + " must not be null or blank");
		}
	}

	static void nonNegative(Number value, String field) {
		if (value == null) {
			return;
		}
		double d = value.doubleValue();
		if (Double.isNaN(d) || Double.isInfinite(d)) {
			throw new IllegalArgumentException(field + " must be a finite number");
		}
		if (d < 0) {
			throw new IllegalArgumentException(field + " must not be negative");
		}
	}

	static boolean isFinite(Number value) {
		double d = value.doubleValue();
		return !Double.isNaN(d) && !Double.isInfinite(d);
	}

	static String newId() {
		return UUID.randomUUID().toString();
	}

	/**
	 * Copy a free-form JSON value: maps and collections are shallowly copied into
	 * unmodifiable containers that tolerate {@code null} elements, anything else is
	 * returned as is.
	 */
	static Object copyJson(Object value) {
		if (value == null || value instanceof String || value instanceof LenientValue) {
			// the values the tracing API passes, by class first: on Java 17 a failed test
			// against an interface (Map, Collection) scans the value's interfaces (its
			// maps pass the Map test, and CheckedMap.copyOf keeps them without a copy)
			return value;
		}
		if (value instanceof Map<?, ?> map) {
			return copyMap(map);
		}
		if (value instanceof Collection<?> collection) {
			return Collections.unmodifiableList(new ArrayList<>(collection));
		}
		return value;
	}

	/**
	 * Copy a map preserving order, tolerating {@code null} values.
	 */
	static <K, V> Map<K, V> copyMap(Map<? extends K, ? extends V> map) {
		if (map == null) {
			return null;
		}
		return CheckedMap.copyOf(map);
	}

	static <T> List<T> copyList(Collection<? extends T> list) {
		return (list != null) ? List.copyOf(list) : null;
	}

}
