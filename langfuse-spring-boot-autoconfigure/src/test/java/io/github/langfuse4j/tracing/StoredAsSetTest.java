package io.github.langfuse4j.tracing;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.tracing.TracingRecorder.attribute;
import static io.github.langfuse4j.tracing.TracingRecorder.byBodyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The tracing API's wire form for issue 11: unique envelope ids for a continued trace
 * (item 1), prompt links only where the server honours them (item 6), model parameters
 * that arrive exact (item 7), in both protocols.
 */
class StoredAsSetTest {

	private static final Map<String, Object> PARAMETERS = Map.of("temperature", 0.2, "max_tokens", 256, "top_p", 0.95,
			"seed", 1234567890123L, "response_format", "json_object");

	@Test
	void continuedTraceSendsTwoTraceCreatesWithDistinctEnvelopeIds() {
		InMemoryIngest ingest = new InMemoryIngest();
		Langfuse langfuse = Langfuse.create(ingest);
		String traceId = Langfuse.traceIdFrom("order-42");
		langfuse.trace("checkout").id(traceId).sessionId("session-7").tags("beta").start().end();
		langfuse.trace("checkout").id(traceId).start().output("done").end();
		try (LangfuseTrace lone = langfuse.trace("lone").start()) {
			lone.span("step").start().end();
		}
		List<TraceCreate> traces = ingest.ofType("trace-create")
			.stream()
			.map(TraceCreate.class::cast)
			.filter((e) -> e.body().id().equals(traceId))
			.toList();
		assertThat(traces).hasSize(2);
		assertThat(traces).allSatisfy((e) -> assertThat(e.id()).matches("[0-9a-f]{32}").isNotEqualTo(traceId));
		assertThat(traces.get(0).id()).isNotEqualTo(traces.get(1).id());
		assertThat(traces.get(0).body().sessionId()).isEqualTo("session-7");
		assertThat(traces.get(1).body().sessionId()).isNull();
		assertThat(ingest.events()).extracting(IngestionEvent::id).doesNotHaveDuplicates();
	}

	@Test
	void promptOnANonGenerationIsRejectedAtOnce() {
		InMemoryIngest ingest = new InMemoryIngest();
		assertPromptRejectedExceptOnGenerations(Langfuse.create(ingest));
		ObservationBody generation = ((ObservationEvent) ingest.ofType("generation-create").get(0)).body();
		assertThat(generation.promptName()).isEqualTo("qa");
		assertThat(generation.promptVersion()).isEqualTo(3);
		assertThat(ingest.events()).hasSize(1 + 7 + 1);
	}

	@Test
	void promptOnANonGenerationIsRejectedAtOnceInOtlpMode() {
		try (TracingRecorder recorder = new TracingRecorder((c) -> c.protocol(IngestConfig.Protocol.OTLP))) {
			assertPromptRejectedExceptOnGenerations(recorder.langfuse);
			JsonNode span = recorder.spans()
				.stream()
				.filter((s) -> "generation".equals(attribute(s, "langfuse.observation.type")))
				.findFirst()
				.orElseThrow();
			assertThat(attribute(span, "langfuse.observation.prompt.name")).isEqualTo("qa");
			assertThat(TracingRecorder.attributes(span)
				.get("langfuse.observation.prompt.version")
				.path("intValue")
				.asInt()).isEqualTo(3);
		}
	}

	private static void assertPromptRejectedExceptOnGenerations(Langfuse langfuse) {
		try (LangfuseTrace trace = langfuse.trace("prompts").start()) {
			trace.generation("llm").prompt("qa", 3).start().end();
			for (ObservationType type : List.of(ObservationType.AGENT, ObservationType.TOOL, ObservationType.CHAIN,
					ObservationType.RETRIEVER, ObservationType.EVALUATOR, ObservationType.EMBEDDING,
					ObservationType.GUARDRAIL)) {
				LangfuseGenerationBuilder builder = trace.observation(type, type.wireName());
				assertThatIllegalStateException().isThrownBy(() -> builder.prompt("qa", 3))
					.withMessageContaining("prompt")
					.withMessageContaining(type.wireName())
					.withMessageContaining("generation");
				LangfuseGeneration handle = builder.start();
				assertThatIllegalStateException().isThrownBy(() -> handle.prompt("qa", 3))
					.withMessageContaining(type.wireName());
				handle.end();
			}
		}
	}

	@Test
	void modelParametersArriveExactInIngestionMode() {
		try (TracingRecorder recorder = new TracingRecorder()) {
			String id;
			try (LangfuseTrace trace = recorder.langfuse.trace("params").start()) {
				LangfuseGeneration llm = trace.generation("llm").modelParameters(PARAMETERS).start();
				id = llm.id();
				llm.end();
			}
			JsonNode parameters = byBodyId(recorder.events(), id).path("body").path("modelParameters");
			assertThat(parameters).isEqualTo(
					TestJson.read("{\"temperature\":0.2,\"max_tokens\":256,\"top_p\":0.95,\"seed\":1234567890123,"
							+ "\"response_format\":\"json_object\"}"));
			assertThat(parameters.path("max_tokens").isIntegralNumber()).isTrue();
			assertThat(parameters.path("seed").asLong()).isEqualTo(1234567890123L);
		}
	}

	@Test
	void modelParametersArriveExactInOtlpMode() {
		try (TracingRecorder recorder = new TracingRecorder((c) -> c.protocol(IngestConfig.Protocol.OTLP))) {
			try (LangfuseTrace trace = recorder.langfuse.trace("params").start()) {
				trace.generation("llm").modelParameters(PARAMETERS).start().end();
			}
			JsonNode span = recorder.spans()
				.stream()
				.filter((s) -> s.path("name").asString().equals("llm"))
				.findFirst()
				.orElseThrow();
			String json = attribute(span, "langfuse.observation.model.parameters");
			// numbers are JSON numbers, exactly as set, strings are JSON strings: the
			// server keeps both as they are
			assertThat(TestJson.read(json)).isEqualTo(
					TestJson.read("{\"temperature\":0.2,\"max_tokens\":256,\"top_p\":0.95,\"seed\":1234567890123,"
							+ "\"response_format\":\"json_object\"}"));
			assertThat(json).contains("\"temperature\":0.2")
				.contains("\"max_tokens\":256")
				.contains("\"seed\":1234567890123")
				.contains("\"response_format\":\"json_object\"");
		}
	}

}
