package io.github.langfuse4j.internal.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.model.ObservationBody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
		assertKeptAsTheyAre(parameters, usage, cost);
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

	@Test
	void aCompactMapIsCheckedAndMarkedWithoutACopy() {
		Map<String, Object> parameters = GenerationFieldRules
			.modelParameters(CompactMap.builder(2).put("temperature", 0.2).put("stream", false).build());
		Map<String, Integer> usage = GenerationFieldRules
			.usageDetails(CompactMap.<Integer>builder(2).put("input", 3).put("output", 4).build());
		Map<String, Double> cost = GenerationFieldRules
			.costDetails(CompactMap.<Double>builder(1).put("total", 0.5).build());
		assertThat(parameters).containsExactly(Map.entry("temperature", 0.2), Map.entry("stream", false));
		assertThat(usage).containsExactly(Map.entry("input", 3), Map.entry("output", 4));
		assertKeptAsTheyAre(parameters, usage, cost);
		// marked by one rule, checked again by another
		@SuppressWarnings("unchecked")
		Map<String, Integer> smuggled = (Map<String, Integer>) (Map<String, ?>) GenerationFieldRules
			.modelParameters(CompactMap.builder(1).put("input", "3").build());
		assertThatExceptionOfType(ClassCastException.class)
			.isThrownBy(() -> GenerationFieldRules.usageDetails(smuggled));
	}

	@Test
	void aCompactMapIsRejectedAsAnyOtherMapIs() {
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> GenerationFieldRules.usageDetails(CompactMap.<Integer>builder(1).put("input", -1).build()))
			.withMessage("usageDetails[input] must be a non-negative integer");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> GenerationFieldRules.usageDetails(CompactMap.<Integer>builder(1).put("input", null).build()))
			.withMessage("usageDetails[input] must be a non-negative integer");
		assertThatIllegalArgumentException().isThrownBy(
				() -> GenerationFieldRules.costDetails(CompactMap.<Double>builder(1).put("total", Double.NaN).build()))
			.withMessage("costDetails[total] must be a finite non-negative number");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> GenerationFieldRules
				.modelParameters(CompactMap.builder(1).put("top_p", Double.POSITIVE_INFINITY).build()))
			.withMessage("modelParameters[top_p] must be a finite number");
		assertThatIllegalArgumentException().isThrownBy(
				() -> GenerationFieldRules.modelParameters(CompactMap.builder(1).put("options", new Object()).build()))
			.withMessageStartingWith("modelParameters[options] has unsupported type java.lang.Object");
		// and so is the body built from one the rules never saw
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ObservationBody.builder("o")
				.usageDetails(CompactMap.<Integer>builder(1).put("output", -2).build())
				.build())
			.withMessage("usageDetails[output] must be a non-negative integer");
	}

	@Test
	void aListOrMapValueOfACompactMapIsCopied() {
		List<String> stop = new ArrayList<>(List.of("\n"));
		Map<String, String> headers = new LinkedHashMap<>(Map.of("x", "1"));
		Map<String, Object> parameters = GenerationFieldRules
			.modelParameters(CompactMap.builder(2).put("stop", stop).put("headers", headers).build());
		stop.add("END");
		headers.put("y", "2");
		assertThat(parameters).containsExactly(Map.entry("stop", List.of("\n")),
				Map.entry("headers", Map.of("x", "1")));
		assertThat(GenerationFieldRules.modelParameters(parameters)).isSameAs(parameters);
	}

	/** Checked maps are kept as they are, by the rules and by the wire model. */
	private static void assertKeptAsTheyAre(Map<String, Object> parameters, Map<String, Integer> usage,
			Map<String, Double> cost) {
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

}
