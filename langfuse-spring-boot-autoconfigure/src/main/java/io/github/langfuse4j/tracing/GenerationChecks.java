package io.github.langfuse4j.tracing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.langfuse4j.internal.model.GenerationFieldRules;

/**
 * Checks generation fields when they are set, with the wire model's own rules
 * ({@link GenerationFieldRules}), so that an invalid value fails the setter that received
 * it instead of the end of the observation. Returns checked, unmodifiable copies, which
 * the body keeps without checking or copying them again. Entries with a {@code null} key
 * or value (and {@code null} elements of a model parameter's list or map) are left out
 * first, by the API's rule for {@code null} (see {@link Values}).
 */
final class GenerationChecks {

	private GenerationChecks() {
	}

	static Map<String, Object> modelParameters(Map<String, ?> parameters) {
		if (parameters == null) {
			return null;
		}
		Map<String, Object> kept = new LinkedHashMap<>();
		Values.withoutNulls(parameters).forEach((key, value) -> kept.put(key, withoutNulls(value)));
		return GenerationFieldRules.modelParameters(kept);
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
		return GenerationFieldRules.usageDetails(Values.withoutNulls(details));
	}

	static Map<String, Double> costDetails(Map<String, Double> details) {
		if (details == null) {
			return null;
		}
		return GenerationFieldRules.costDetails(Values.withoutNulls(details));
	}

}
