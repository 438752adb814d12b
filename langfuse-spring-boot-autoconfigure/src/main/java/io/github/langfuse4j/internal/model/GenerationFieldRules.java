package io.github.langfuse4j.internal.model;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules for the generation fields that are maps: model parameters, usage details and
 * cost details. The observation body applies them in its constructor; the tracing API
 * applies them in its setters, so that an invalid value fails the call that passed it
 * rather than the end of the observation. Each rule returns an unmodifiable,
 * insertion-ordered copy, and returns a copy it made itself as it is: a value checked by
 * a setter is neither checked nor copied again when the body is built.
 */
public final class GenerationFieldRules {

	private static final String MODEL_PARAMETERS = "modelParameters";

	private static final String USAGE_DETAILS = "usageDetails";

	private static final String COST_DETAILS = "costDetails";

	private GenerationFieldRules() {
	}

	/**
	 * Checks model parameters: values must be strings, finite numbers, booleans, lists of
	 * strings, maps of strings to strings, or {@code null}.
	 * @param parameters the parameters, or {@code null}
	 * @return the checked copy, or {@code null}
	 * @throws IllegalArgumentException if a key is {@code null} or a value is not allowed
	 */
	public static Map<String, Object> modelParameters(Map<String, ?> parameters) {
		if (parameters == null) {
			return null;
		}
		if (CheckedCopy.madeBy(parameters, MODEL_PARAMETERS)) {
			return cast(parameters);
		}
		LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
		parameters.forEach((key, value) -> {
			if (key == null) {
				throw new IllegalArgumentException("modelParameters must not contain a null key");
			}
			copy.put(key, modelParameter(value, key));
		});
		return new CheckedCopy<>(MODEL_PARAMETERS, copy);
	}

	private static Object modelParameter(Object value, String key) {
		if (value == null || value instanceof String || value instanceof Boolean) {
			return value;
		}
		if (value instanceof Number number) {
			if (!isFinite(number)) {
				throw new IllegalArgumentException("modelParameters[" + key + "] must be a finite number");
			}
			return value;
		}
		if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
			return List.copyOf(list);
		}
		if (value instanceof Map<?, ?> map && map.entrySet()
			.stream()
			.allMatch((entry) -> entry.getKey() instanceof String && entry.getValue() instanceof String)) {
			return new CheckedCopy<>(MODEL_PARAMETERS + "[" + key + "]", new LinkedHashMap<>(map));
		}
		throw new IllegalArgumentException("modelParameters[" + key + "] has unsupported type "
				+ value.getClass().getName() + ": model parameter values must be a string, number, boolean, "
				+ "list of strings or map of strings to strings; pass complex values as JSON strings");
	}

	/**
	 * Checks usage details: counts by free-form key, none negative.
	 * @param details the usage details, or {@code null}
	 * @return the checked copy, or {@code null}
	 * @throws IllegalArgumentException if a key is {@code null} or a count {@code null}
	 * or negative
	 */
	public static Map<String, Integer> usageDetails(Map<String, Integer> details) {
		if (details == null || CheckedCopy.madeBy(details, USAGE_DETAILS)) {
			return details;
		}
		details.forEach((key, value) -> {
			if (key == null) {
				throw new IllegalArgumentException("usageDetails must not contain a null key");
			}
			if (value == null || value < 0) {
				throw new IllegalArgumentException("usageDetails[" + key + "] must be a non-negative integer");
			}
		});
		return new CheckedCopy<>(USAGE_DETAILS, new LinkedHashMap<>(details));
	}

	/**
	 * Checks cost details: amounts by free-form key, each finite and not negative.
	 * @param details the cost details, or {@code null}
	 * @return the checked copy, or {@code null}
	 * @throws IllegalArgumentException if a key is {@code null} or a cost {@code null},
	 * negative or not finite
	 */
	public static Map<String, Double> costDetails(Map<String, Double> details) {
		if (details == null || CheckedCopy.madeBy(details, COST_DETAILS)) {
			return details;
		}
		details.forEach((key, value) -> {
			if (key == null) {
				throw new IllegalArgumentException("costDetails must not contain a null key");
			}
			if (value == null || !isFinite(value) || value < 0) {
				throw new IllegalArgumentException("costDetails[" + key + "] must be a finite non-negative number");
			}
		});
		return new CheckedCopy<>(COST_DETAILS, new LinkedHashMap<>(details));
	}

	private static boolean isFinite(Number value) {
		double d = value.doubleValue();
		return !Double.isNaN(d) && !Double.isInfinite(d);
	}

	@SuppressWarnings("unchecked")
	private static <V> Map<String, V> cast(Map<String, ?> map) {
		return (Map<String, V>) map;
	}

	/**
	 * An unmodifiable copy made by one rule, which that rule recognizes and keeps as it
	 * is. The rule's name is part of it, so that a copy made by one rule (a nested map of
	 * strings, say) is not taken as checked by another.
	 */
	private static final class CheckedCopy<K, V> extends AbstractMap<K, V> {

		private final String rule;

		private final Map<K, V> entries;

		CheckedCopy(String rule, LinkedHashMap<K, V> entries) {
			this.rule = rule;
			this.entries = Collections.unmodifiableMap(entries);
		}

		static boolean madeBy(Map<?, ?> map, String rule) {
			return map instanceof CheckedCopy<?, ?> copy && copy.rule.equals(rule);
		}

		@Override
		public Set<Entry<K, V>> entrySet() {
			return this.entries.entrySet();
		}

		@Override
		public V get(Object key) {
			return this.entries.get(key);
		}

		@Override
		public boolean containsKey(Object key) {
			return this.entries.containsKey(key);
		}

		@Override
		public int size() {
			return this.entries.size();
		}

	}

}
