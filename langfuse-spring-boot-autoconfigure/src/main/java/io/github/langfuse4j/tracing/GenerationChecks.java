package io.github.langfuse4j.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.langfuse4j.ingest.model.ObservationBody;

/**
 * Checks generation fields when they are set, with the wire model's own rules, so that an invalid value fails
 * the setter that received it instead of the end of the observation. Returns checked, unmodifiable copies.
 */
final class GenerationChecks {

	private static final String PROBE_ID = "probe";

	private GenerationChecks() {
	}

	static Map<String, Object> modelParameters(Map<String, ?> parameters) {
		if (parameters == null) {
			return null;
		}
		return ObservationBody.builder(PROBE_ID).modelParameters(new LinkedHashMap<>(parameters)).build()
			.modelParameters();
	}

	static Map<String, Integer> usageDetails(Map<String, Integer> details) {
		if (details == null) {
			return null;
		}
		return ObservationBody.builder(PROBE_ID).usageDetails(details).build().usageDetails();
	}

	static Map<String, Double> costDetails(Map<String, Double> details) {
		if (details == null) {
			return null;
		}
		return ObservationBody.builder(PROBE_ID).costDetails(details).build().costDetails();
	}

}
