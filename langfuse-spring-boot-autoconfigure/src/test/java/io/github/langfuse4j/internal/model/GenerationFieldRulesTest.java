package io.github.langfuse4j.internal.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.model.ObservationBody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one home of the generation map rules: checked once, kept by the body without a
 * second copy.
 */
class GenerationFieldRulesTest {

	@Test
	void aCopyCheckedByARuleIsKeptAsItIsByThatRuleAndByTheBody() {
		Map<String, Object> parameters = GenerationFieldRules.modelParameters(Map.of("temperature", 0.2));
		Map<String, Integer> usage = GenerationFieldRules.usageDetails(Map.of("input", 3));
		Map<String, Double> cost = GenerationFieldRules.costDetails(Map.of("total", 0.5));
		assertThat(GenerationFieldRules.modelParameters(parameters)).isSameAs(parameters);
		assertThat(GenerationFieldRules.usageDetails(usage)).isSameAs(usage);
		assertThat(GenerationFieldRules.costDetails(cost)).isSameAs(cost);
		ObservationBody body = ObservationBody.builder("o")
			.modelParameters(parameters)
			.usageDetails(usage)
			.costDetails(cost)
			.build();
		assertThat(body.modelParameters()).isSameAs(parameters);
		assertThat(body.usageDetails()).isSameAs(usage);
		assertThat(body.costDetails()).isSameAs(cost);
	}

	@Test
	void aCopyMadeByOneRuleIsCheckedAgainByAnother() {
		Map<String, Object> parameters = GenerationFieldRules.modelParameters(Map.of("headers", Map.of("x", "1")));
		@SuppressWarnings("unchecked")
		Map<String, Integer> smuggled = (Map<String, Integer>) parameters.get("headers");
		// checked again, not taken as checked: its string values fail the usage rule's
		// integer reads
		assertThatExceptionOfType(ClassCastException.class)
			.isThrownBy(() -> GenerationFieldRules.usageDetails(smuggled));
	}

	@Test
	void copiesAreUnmodifiableInOrderAndIndependentOfTheOriginal() {
		Map<String, Double> original = new LinkedHashMap<>();
		original.put("output", 0.2);
		original.put("input", 0.1);
		Map<String, Double> copy = GenerationFieldRules.costDetails(original);
		original.put("total", 0.3);
		assertThat(copy).containsExactly(Map.entry("output", 0.2), Map.entry("input", 0.1));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> copy.put("x", 1.0));
		Map<String, Object> parameters = GenerationFieldRules.modelParameters(Map.of("stop", List.of("\n")));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> parameters.put("seed", 1));
		assertThat(GenerationFieldRules.modelParameters(null)).isNull();
	}

}
