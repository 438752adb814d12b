package io.github.langfuse4j.internal.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The rules for the generation fields that are maps: model parameters, usage details and
 * cost details. The observation body applies them in its constructor; the tracing API
 * applies them in its setters, so that an invalid value fails the call that passed it
 * rather than the end of the observation. Each rule returns an unmodifiable,
 * insertion-ordered {@link CompactMap} marked as checked by it, and returns a map it
 * marked as it is: a value checked by a setter is neither checked nor copied again when
 * the body is built. A compact map it is given is checked and marked, not copied (it
 * cannot change), unless a model parameter's value needs a copy of its own.
 */
public final class GenerationFieldRules {

	private static final String MODEL_PARAMETERS = "modelParameters";

	private static final String USAGE_DETAILS = "usageDetails";

	private static final String COST_DETAILS = "costDetails";

	/**
	 * The rule of a map that is a model parameter's value: not taken as checked by the
	 * others.
	 */
	private static final String MODEL_PARAMETER_VALUE = "modelParameters[]";

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
		if (CompactMap.checkedBy(parameters, MODEL_PARAMETERS)) {
			return cast(parameters);
		}
		if (parameters instanceof CompactMap<?> compact && keepsItsValues(compact)) {
			// it cannot change, and no value needs a copy of its own: marked, not copied
			return CompactMap.<Object>cast(compact).checked(MODEL_PARAMETERS);
		}
		Object[] table = new Object[parameters.size() * 2];
		int at = 0;
		for (Map.Entry<String, ?> entry : parameters.entrySet()) {
			String key = entry.getKey();
			if (key == null) {
				throw new IllegalArgumentException("modelParameters must not contain a null key");
			}
			if (at == table.length) {
				table = Arrays.copyOf(table, Math.max(8, at * 2));
			}
			table[at++] = key;
			table[at++] = modelParameter(entry.getValue(), key);
		}
		return CompactMap.of(table, at / 2, MODEL_PARAMETERS);
	}

	/** Checks each value of a compact map; whether each is kept as it is. */
	private static boolean keepsItsValues(CompactMap<?> parameters) {
		for (int i = 0; i < parameters.size(); i++) {
			Object value = parameters.valueAt(i);
			if (modelParameter(value, parameters.keyAt(i)) != value) {
				return false;
			}
		}
		return true;
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
		if (value instanceof List<?> list && allStrings(list)) {
			return List.copyOf(list);
		}
		if (value instanceof Map<?, ?> map && allStrings(map)) {
			return CompactMap.copy(cast(map), MODEL_PARAMETER_VALUE);
		}
		throw new IllegalArgumentException("modelParameters[" + key + "] has unsupported type "
				+ value.getClass().getName() + ": model parameter values must be a string, number, boolean, "
				+ "list of strings or map of strings to strings; pass complex values as JSON strings");
	}

	private static boolean allStrings(List<?> list) {
		for (Object element : list) {
			if (!(element instanceof String)) {
				return false;
			}
		}
		return true;
	}

	private static boolean allStrings(Map<?, ?> map) {
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			if (!(entry.getKey() instanceof String) || !(entry.getValue() instanceof String)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Checks usage details: counts by free-form key, none negative.
	 * @param details the usage details, or {@code null}
	 * @return the checked copy, or {@code null}
	 * @throws IllegalArgumentException if a key is {@code null} or a count {@code null}
	 * or negative
	 */
	public static Map<String, Integer> usageDetails(Map<String, Integer> details) {
		if (details == null || CompactMap.checkedBy(details, USAGE_DETAILS)) {
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
		return checked(details, USAGE_DETAILS);
	}

	/**
	 * Checks cost details: amounts by free-form key, each finite and not negative.
	 * @param details the cost details, or {@code null}
	 * @return the checked copy, or {@code null}
	 * @throws IllegalArgumentException if a key is {@code null} or a cost {@code null},
	 * negative or not finite
	 */
	public static Map<String, Double> costDetails(Map<String, Double> details) {
		if (details == null || CompactMap.checkedBy(details, COST_DETAILS)) {
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
		return checked(details, COST_DETAILS);
	}

	private static boolean isFinite(Number value) {
		double d = value.doubleValue();
		return !Double.isNaN(d) && !Double.isInfinite(d);
	}

	/** A checked map, marked: a compact map as it is, any other map copied. */
	private static <V> Map<String, V> checked(Map<String, V> details, String rule) {
		if (details instanceof CompactMap<V> compact) {
			return compact.checked(rule);
		}
		return CompactMap.copy(details, rule);
	}

	@SuppressWarnings("unchecked")
	private static <V> Map<String, V> cast(Map<?, ?> map) {
		return (Map<String, V>) map;
	}

}
