package io.github.langfuse4j.tracing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.langfuse4j.internal.model.CompactMap;
import io.github.langfuse4j.internal.model.GenerationFieldRules;

/**
 * Checks generation fields when they are set, with the wire model's own rules
 * ({@link GenerationFieldRules}), so that an invalid value fails the setter that received
 * it instead of the end of the observation. Returns checked, unmodifiable copies, which
 * the body keeps without checking or copying them again; a {@link CompactMap} without
 * {@code null}s is checked and kept as it is (it cannot change). Entries with a
 * {@code null} key or value (and {@code null} elements of a model parameter's list or
 * map) are left out first, by the API's rule for {@code null} (see {@link Values}).
 */
final class GenerationChecks {

	private GenerationChecks() {
	}

	static Map<String, Object> modelParameters(Map<String, ?> parameters) {
		if (parameters == null) {
			return null;
		}
		if (parameters instanceof CompactMap<?> compact && !compact.anyValue(GenerationChecks::hasNulls)) {
			// nothing to leave out: the rule checks it and keeps it, no copy
			return GenerationFieldRules.modelParameters(parameters);
		}
		Map<String, Object> kept = new LinkedHashMap<>();
		Values.withoutNulls(parameters).forEach((key, value) -> kept.put(key, withoutNulls(value)));
		return GenerationFieldRules.modelParameters(kept);
	}

	/** Whether a value is {@code null} or a list or map with a {@code null} in it. */
	private static boolean hasNulls(Object parameter) {
		if (parameter instanceof String || parameter instanceof Number || parameter instanceof Boolean) {
			// the scalars first, by class: on Java 17 a failed test against an interface
			// (List, Map) scans the value's interfaces each time, about 20 ns per value
			return false;
		}
		if (parameter instanceof List<?> list) {
			for (Object element : list) {
				if (element == null) {
					return true;
				}
			}
			return false;
		}
		if (parameter instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (entry.getKey() == null || entry.getValue() == null) {
					return true;
				}
			}
			return false;
		}
		return parameter == null;
	}

	/**
	 * The map itself when it is a compact map without {@code null}s (its keys never are).
	 */
	private static <V> Map<String, V> withoutNulls(Map<String, V> details) {
		if (details instanceof CompactMap<?> compact && !compact.anyValue(Objects::isNull)) {
			return details;
		}
		return Values.withoutNulls(details);
	}

	private static Object withoutNulls(Object parameter) {
		if (parameter instanceof List<?> list) {
			return Values.withoutNulls(list);
		}
		if (parameter instanceof Map<?, ?> map) {
			return Values.withoutNulls(map);
		}
		return parameter;
	}

	static Map<String, Integer> usageDetails(Map<String, Integer> details) {
		if (details == null) {
			return null;
		}
		return GenerationFieldRules.usageDetails(withoutNulls(details));
	}

	static Map<String, Double> costDetails(Map<String, Double> details) {
		if (details == null) {
			return null;
		}
		return GenerationFieldRules.costDetails(withoutNulls(details));
	}

}
