package io.github.langfuse4j.ingest.model;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.langfuse4j.internal.json.LangfuseJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the token usage details that {@link ObservationBody#tokenUsage(int, int)}
 * makes.
 */
class TokenUsageTest {

	@Test
	void isAMapOfInputOutputAndTotalInThisOrder() {
		Map<String, Integer> usage = ObservationBody.tokenUsage(12, 5);
		assertThat(usage).containsExactly(Map.entry("input", 12), Map.entry("output", 5), Map.entry("total", 17));
		assertThat(usage).isEqualTo(Map.of("input", 12, "output", 5, "total", 17));
		assertThat(usage.get("total")).isEqualTo(17);
		assertThat(usage.get("missing")).isNull();
	}

	@Test
	void isWrittenAsAJsonObject() {
		ObservationBody body = ObservationBody.builder("o").usageDetails(ObservationBody.tokenUsage(12, 5)).build();
		assertThat(LangfuseJson.mapper().writeValueAsString(body))
			.isEqualTo("{\"id\":\"o\",\"usageDetails\":{\"input\":12,\"output\":5,\"total\":17}}");
	}

	@Test
	void isKeptByTheBodyWithoutACopy() {
		Map<String, Integer> usage = ObservationBody.tokenUsage(1, 2);
		assertThat(ObservationBody.builder("o").usageDetails(usage).build().usageDetails()).isSameAs(usage);
		ObservationBody body = ObservationBody.builder("o").usageDetails(usage).build();
		assertThat(body.toBuilder().build().usageDetails()).isSameAs(usage);
	}

	@Test
	void isUnmodifiable() {
		Map<String, Integer> usage = ObservationBody.tokenUsage(1, 2);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> usage.put("input", 3));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> usage.remove("input"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> usage.entrySet().iterator().next().setValue(3));
		assertThat(List.copyOf(usage.values())).containsExactly(1, 2, 3);
	}

	@Test
	void refusesNegativeCountsAndAnOverflowingTotal() {
		assertThatIllegalArgumentException().isThrownBy(() -> ObservationBody.tokenUsage(-1, 2))
			.withMessage("token counts must not be negative: input -1, output 2");
		assertThatIllegalArgumentException().isThrownBy(() -> ObservationBody.tokenUsage(1, -2))
			.withMessageContaining("output -2");
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> ObservationBody.tokenUsage(Integer.MAX_VALUE, 1));
	}

}
