package io.github.langfuse4j.tracing;

import java.util.Map;

import io.github.langfuse4j.ingest.model.ObservationBody;

/**
 * Checks generation fields when they are set, with the wire model's own rules, so that an invalid value fails
 * the setter that received it instead of the end of the observation. Returns checked, unmodifiable copies.
 */
final class GenerationChecks {

	private GenerationChecks() {
	}

	static Map<String, Object> modelParameters(Map<String, ?> parameters) {
		if (parameters == null) {
			return null;
		}
		return ObservationBody.checkModelParameters(parameters);
	}

	static Map<String, Integer> usageDetails(Map<String, Integer> details) {
		if (details == null) {
			return null;
		}
		return ObservationBody.checkUsageDetails(details);
	}

	static Map<String, Double> costDetails(Map<String, Double> details) {
		if (details == null) {
			return null;
		}
		return ObservationBody.checkCostDetails(details);
	}

}
