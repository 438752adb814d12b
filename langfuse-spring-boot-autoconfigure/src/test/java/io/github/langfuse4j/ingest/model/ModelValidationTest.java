package io.github.langfuse4j.ingest.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.langfuse4j.internal.json.IngestionResponse;

import static io.github.langfuse4j.ingest.model.ModelFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for the construction-time validation of the model.
 */
class ModelValidationTest {

	// Usage

	@Test
	void usageRejectsNegativeCounts() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Usage(-1, null, null, null, null, null, null))
			.withMessageContaining("input");
		assertThatIllegalArgumentException().isThrownBy(() -> new Usage(null, -1, null, null, null, null, null))
			.withMessageContaining("output");
		assertThatIllegalArgumentException().isThrownBy(() -> new Usage(null, null, -1, null, null, null, null))
			.withMessageContaining("total");
	}

	@Test
	void usageRejectsNegativeOrNonFiniteCosts() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Usage(null, null, null, null, -0.1, null, null))
			.withMessageContaining("inputCost");
		assertThatIllegalArgumentException().isThrownBy(() -> new Usage(null, null, null, null, null, Double.NaN, null))
			.withMessageContaining("outputCost");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Usage(null, null, null, null, null, null, Double.POSITIVE_INFINITY))
			.withMessageContaining("totalCost");
	}

	@Test
	void usageTokens() {
		assertThat(Usage.tokens(3, 4)).isEqualTo(new Usage(3, 4, 7, UsageUnit.TOKENS, null, null, null));
		assertThatNoException().isThrownBy(() -> new Usage(null, null, null, null, null, null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> Usage.tokens(-1, 2));
	}

	// TraceBody

	@Test
	void traceRequiresId() {
		assertThatIllegalArgumentException().isThrownBy(() -> TraceBody.builder(null).build())
			.withMessageContaining("id");
		assertThatIllegalArgumentException().isThrownBy(() -> TraceBody.builder("  ").build())
			.withMessageContaining("id");
	}

	@Test
	void traceNameAtMost1000Characters() {
		assertThatNoException().isThrownBy(() -> TraceBody.builder("t").name("x".repeat(1000)).build());
		assertThatIllegalArgumentException().isThrownBy(() -> TraceBody.builder("t").name("x".repeat(1001)).build())
			.withMessageContaining("name");
	}

	@Test
	void traceCopiesCollections() {
		List<String> tags = new ArrayList<>(List.of("a"));
		Map<String, Object> metadata = new HashMap<>(Map.of("k", "v"));
		TraceBody body = TraceBody.builder("t").tags(tags).metadata(metadata).build();
		tags.add("b");
		metadata.put("k2", "v2");
		assertThat(body.tags()).containsExactly("a");
		assertThat(body.metadata()).isEqualTo(Map.of("k", "v"));
		assertThat(body.toBuilder().build()).isEqualTo(body);
		assertThat(ModelFixtures.trace().toBuilder().build()).isEqualTo(ModelFixtures.trace());
	}

	// ObservationBody

	@Test
	void observationRequiresId() {
		assertThatIllegalArgumentException().isThrownBy(() -> ObservationBody.builder(null).build())
			.withMessageContaining("id");
		assertThatIllegalArgumentException().isThrownBy(() -> ObservationBody.builder("").build())
			.withMessageContaining("id");
		assertThatIllegalArgumentException().isThrownBy(() -> ObservationBody.builder("a\rb").build())
			.withMessageContaining("id");
		assertThatIllegalArgumentException().isThrownBy(() -> ObservationBody.builder("x".repeat(801)).build())
			.withMessageContaining("id");
	}

	@Test
	void promptNameAndVersionGoTogether() {
		assertThatIllegalArgumentException().isThrownBy(() -> ObservationBody.builder("o").promptName("p").build())
			.withMessage("promptName requires promptVersion");
		assertThatIllegalArgumentException().isThrownBy(() -> ObservationBody.builder("o").promptVersion(1).build())
			.withMessage("promptVersion requires promptName");
		assertThatIllegalArgumentException().isThrownBy(() -> ObservationBody.builder("o").prompt("p", 0).build())
			.withMessageContaining("promptVersion");
		assertThatNoException().isThrownBy(() -> ObservationBody.builder("o").prompt("p", 1).build());
	}

	@Test
	void modelParametersAcceptSupportedValues() {
		Map<String, Object> parameters = ModelFixtures.map("s", "x", "i", 1, "d", 0.5, "b", true, "l", List.of("a"),
				"m", Map.of("k", "v"), "n", null);
		ObservationBody body = ObservationBody.builder("o").modelParameters(parameters).build();
		assertThat(body.modelParameters()).containsEntry("n", null).hasSize(7);
	}

	@Test
	void modelParametersRejectComplexValues() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ObservationBody.builder("o").modelParameters(Map.of("tools", List.of(Map.of()))).build())
			.withMessageContaining("modelParameters[tools]")
			.withMessageContaining("JSON strings");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ObservationBody.builder("o").modelParameters(Map.of("m", Map.of("k", 1))).build())
			.withMessageContaining("modelParameters[m]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ObservationBody.builder("o").modelParameters(Map.of("x", new Object())).build())
			.withMessageContaining("modelParameters[x]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ObservationBody.builder("o").modelParameters(Map.of("t", Double.NaN)).build())
			.withMessageContaining("modelParameters[t]");
	}

	@Test
	void usageDetailsMustBeNonNegative() {
		Map<String, Integer> withNull = new HashMap<>();
		withNull.put("input", null);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ObservationBody.builder("o").usageDetails(Map.of("input", -1)).build())
			.withMessageContaining("usageDetails[input]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ObservationBody.builder("o").usageDetails(withNull).build())
			.withMessageContaining("usageDetails[input]");
		assertThatNoException().isThrownBy(() -> ObservationBody.builder("o").usageDetails(Map.of("input", 0)).build());
	}

	@Test
	void costDetailsMustBeFiniteAndNonNegative() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ObservationBody.builder("o").costDetails(Map.of("total", -0.5)).build())
			.withMessageContaining("costDetails[total]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ObservationBody.builder("o").costDetails(Map.of("total", Double.NaN)).build())
			.withMessageContaining("costDetails[total]");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> ObservationBody.builder("o").costDetails(Map.of("total", Double.POSITIVE_INFINITY)).build())
			.withMessageContaining("costDetails[total]");
	}

	@Test
	void hasGenerationFields() {
		assertThat(ModelFixtures.span().hasGenerationFields()).isFalse();
		assertThat(ModelFixtures.generation().hasGenerationFields()).isTrue();
		assertThat(ObservationBody.builder("o").model("m").build().hasGenerationFields()).isTrue();
		assertThat(ObservationBody.builder("o").modelParameters(Map.of()).build().hasGenerationFields()).isTrue();
		assertThat(ObservationBody.builder("o").usage(Usage.tokens(1, 1)).build().hasGenerationFields()).isTrue();
		assertThat(ObservationBody.builder("o").usageDetails(Map.of()).build().hasGenerationFields()).isTrue();
		assertThat(ObservationBody.builder("o").costDetails(Map.of()).build().hasGenerationFields()).isTrue();
		assertThat(ObservationBody.builder("o").prompt("p", 1).build().hasGenerationFields()).isTrue();
		assertThat(ObservationBody.builder("o").completionStartTime(T0).build().hasGenerationFields()).isTrue();
		assertThat(ModelFixtures.generation().toBuilder().build()).isEqualTo(ModelFixtures.generation());
	}

	// ScoreBody

	@Test
	void scoreRequiresName() {
		assertThatIllegalArgumentException().isThrownBy(() -> ScoreBody.builder(" ").traceId("t").value(1).build())
			.withMessageContaining("name");
		assertThatIllegalArgumentException().isThrownBy(() -> ScoreBody.builder(null).traceId("t").value(1).build())
			.withMessageContaining("name");
	}

	@Test
	void scoreRequiresNumberOrStringValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> ScoreBody.builder("s").traceId("t").build())
			.withMessageContaining("value");
		assertThatIllegalArgumentException().isThrownBy(
				() -> new ScoreBody("id", "t", null, null, null, "s", List.of(1), null, null, null, null, null, null))
			.withMessageContaining("value must be a Number or a String");
	}

	@Test
	void scoreRequiresExactlyOneTarget() {
		assertThatIllegalArgumentException().isThrownBy(() -> ScoreBody.builder("s").value(1).build())
			.withMessageContaining("exactly one of traceId, sessionId or datasetRunId");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScoreBody.builder("s").value(1).traceId("t").sessionId("s").build())
			.withMessageContaining("exactly one of traceId, sessionId or datasetRunId");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScoreBody.builder("s").value(1).sessionId("s").datasetRunId("d").build())
			.withMessageContaining("exactly one of traceId, sessionId or datasetRunId");
		assertThatNoException().isThrownBy(() -> ScoreBody.builder("s").value(1).datasetRunId("d").build());
	}

	@Test
	void scoreObservationIdRequiresTraceId() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScoreBody.builder("s").value(1).sessionId("s").observationId("o").build())
			.withMessage("observationId requires traceId");
	}

	@Test
	void scoreValueMustFitDataType() {
		ScoreBody.Builder builder = ScoreBody.builder("s").traceId("t");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.value(Double.NaN).build())
			.withMessageContaining("NUMERIC");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.value("a").dataType(ScoreDataType.NUMERIC).build())
			.withMessageContaining("NUMERIC");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.value(0.5).dataType(ScoreDataType.BOOLEAN).build())
			.withMessageContaining("BOOLEAN");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.value(1).dataType(ScoreDataType.CATEGORICAL).build())
			.withMessageContaining("CATEGORICAL");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.value("").dataType(ScoreDataType.TEXT).build())
			.withMessageContaining("TEXT");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.value("x".repeat(501)).dataType(ScoreDataType.TEXT).build())
			.withMessageContaining("TEXT");
		assertThatNoException().isThrownBy(() -> builder.value("x".repeat(500)).dataType(ScoreDataType.TEXT).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.value(1).dataType(ScoreDataType.CORRECTION).build())
			.withMessageContaining("CORRECTION");
	}

	@Test
	void correctionScoreRules() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScoreBody.builder("s")
				.traceId("t")
				.value("fixed")
				.dataType(ScoreDataType.CORRECTION)
				.configId("c")
				.build())
			.withMessageContaining("configId");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScoreBody.builder("s")
				.sessionId("session")
				.value("fixed")
				.dataType(ScoreDataType.CORRECTION)
				.build())
			.withMessageContaining("CORRECTION")
			.withMessageContaining("traceId");
		assertThatNoException().isThrownBy(
				() -> ScoreBody.builder("s").traceId("t").value("fixed").dataType(ScoreDataType.CORRECTION).build());
	}

	@Test
	void scoreBuilderInfersDataTypeAndGeneratesId() {
		ScoreBody numeric = ScoreBody.builder("s").traceId("t").value(0.5).build();
		assertThat(numeric.dataType()).isEqualTo(ScoreDataType.NUMERIC);
		assertThat(numeric.id()).hasSize(36);
		assertThat(ScoreBody.builder("s").traceId("t").value(0.5).build().id()).isNotEqualTo(numeric.id());
		assertThat(ScoreBody.builder("s").traceId("t").value("good").build().dataType())
			.isEqualTo(ScoreDataType.CATEGORICAL);
		assertThat(ScoreBody.builder("s").traceId("t").dataType(ScoreDataType.TEXT).value("good").build().dataType())
			.isEqualTo(ScoreDataType.TEXT);
		ScoreBody bool = ScoreBody.builder("s").traceId("t").value(false).build();
		assertThat(bool.value()).isEqualTo(0);
		assertThat(bool.dataType()).isEqualTo(ScoreDataType.BOOLEAN);
		assertThat(ScoreBody.builder("s").id("fixed").traceId("t").value(1).build().id()).isEqualTo("fixed");
		assertThat(numeric.toBuilder().build()).isEqualTo(numeric);
		assertThat(numeric.toBuilder().value(0.7).build().id()).isEqualTo(numeric.id());
	}

	// SdkLogBody

	@Test
	void sdkLogRequiresLog() {
		assertThatNullPointerException().isThrownBy(() -> new SdkLogBody(null)).withMessageContaining("log");
	}

	// Events

	@Test
	void envelopeRequiresIdTimestampAndBody() {
		ObservationBody body = ModelFixtures.span();
		assertThatNullPointerException().isThrownBy(() -> new SpanCreate(null, T0, body)).withMessageContaining("id");
		assertThatNullPointerException().isThrownBy(() -> new SpanCreate("e", null, body))
			.withMessageContaining("timestamp");
		assertThatNullPointerException().isThrownBy(() -> new SpanCreate("e", T0, null)).withMessageContaining("body");
		assertThatNullPointerException().isThrownBy(() -> new TraceCreate("e", T0, null)).withMessageContaining("body");
		assertThatNullPointerException().isThrownBy(() -> new ScoreCreate(null, T0, ModelFixtures.score()))
			.withMessageContaining("id");
		assertThatNullPointerException().isThrownBy(() -> new SdkLog("e", null, ModelFixtures.sdkLog()))
			.withMessageContaining("timestamp");
	}

	@Test
	void envelopeIdRules() {
		TraceBody body = ModelFixtures.trace();
		assertThatIllegalArgumentException().isThrownBy(() -> new TraceCreate(" ", T0, body))
			.withMessageContaining("id");
		assertThatIllegalArgumentException().isThrownBy(() -> new TraceCreate("x".repeat(801), T0, body))
			.withMessageContaining("id")
			.withMessageContaining("800");
		assertThatIllegalArgumentException().isThrownBy(() -> new TraceCreate("a\rb", T0, body))
			.withMessageContaining("id");
		assertThatNoException().isThrownBy(() -> new TraceCreate("x".repeat(800), T0, body));
	}

	@Test
	void spanAndEventRejectGenerationFields() {
		ObservationBody generation = ModelFixtures.generation();
		String message = "model, usage, cost and prompt fields are only allowed on generation-like observations";
		assertThatIllegalArgumentException().isThrownBy(() -> SpanCreate.of(generation)).withMessage(message);
		assertThatIllegalArgumentException().isThrownBy(() -> SpanUpdate.of(generation)).withMessage(message);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventCreate.of(ObservationBody.builder("o").model("m").build()))
			.withMessage(message);
		assertThatNoException().isThrownBy(() -> GenerationCreate.of(generation));
		ObservationBody withoutPrompt = generation.toBuilder().promptName(null).promptVersion(null).build();
		assertThatNoException().isThrownBy(() -> ToolCreate.of(withoutPrompt));
		assertThatIllegalArgumentException().isThrownBy(() -> ToolCreate.of(generation))
			.withMessage("promptName and promptVersion are only allowed on generations, not on tool-create (Langfuse "
					+ "links prompts only to generations)");
	}

	@Test
	void eventRejectsEndTime() {
		assertThatIllegalArgumentException().isThrownBy(() -> EventCreate.of(ModelFixtures.span()))
			.withMessageContaining("endTime");
		assertThatNoException().isThrownBy(() -> EventCreate.of(ModelFixtures.event()));
	}

	@Test
	void ofGeneratesIdAndTimestamp() {
		Instant before = Instant.now();
		TraceCreate first = TraceCreate.of(ModelFixtures.trace());
		TraceCreate second = TraceCreate.of(ModelFixtures.trace());
		assertThat(first.id()).hasSize(36).isNotEqualTo(second.id());
		assertThat(first.timestamp()).isBetween(before, Instant.now());
	}

	@ParameterizedTest
	@EnumSource(ObservationType.class)
	void observationFactoriesMatchType(ObservationType type) {
		ObservationBody body = (type == ObservationType.GENERATION) ? ModelFixtures.generation()
				: type.isGenerationLike()
						? ModelFixtures.generation().toBuilder().promptName(null).promptVersion(null).build()
						: ModelFixtures.event();
		ObservationEvent create = IngestionEvent.observation(type, body);
		assertThat(create.type()).isEqualTo(type.wireName() + "-create");
		assertThat(create.observationType()).isEqualTo(type);
		assertThat(create.isUpdate()).isFalse();
		assertThat(create.body()).isSameAs(body);
		ObservationEvent update = IngestionEvent.observationUpdate(type, body);
		assertThat(update.observationType()).isEqualTo(type);
		boolean hasUpdateEvent = type == ObservationType.SPAN || type == ObservationType.GENERATION;
		assertThat(update.isUpdate()).isEqualTo(hasUpdateEvent);
		assertThat(update.type()).isEqualTo(type.wireName() + (hasUpdateEvent ? "-update" : "-create"));
	}

	@Test
	void observationTypeGenerationLike() {
		assertThat(ObservationType.SPAN.isGenerationLike()).isFalse();
		assertThat(ObservationType.EVENT.isGenerationLike()).isFalse();
		assertThat(ObservationType.GENERATION.isGenerationLike()).isTrue();
		assertThat(ObservationType.GUARDRAIL.isGenerationLike()).isTrue();
		assertThat(ObservationType.RETRIEVER.wireName()).isEqualTo("retriever");
	}

	// Batch and response

	@Test
	void batchCopiesEventsAndResponseDefaultsLists() {
		List<IngestionEvent> events = new ArrayList<>(List.of(TraceCreate.of(ModelFixtures.trace())));
		IngestionBatch batch = new IngestionBatch(events, null);
		events.clear();
		assertThat(batch.batch()).hasSize(1);
		assertThatNullPointerException().isThrownBy(() -> new IngestionBatch(null, null))
			.withMessageContaining("batch");
		IngestionResponse response = new IngestionResponse(null, null);
		assertThat(response.successes()).isEmpty();
		assertThat(response.errors()).isEmpty();
	}

}
