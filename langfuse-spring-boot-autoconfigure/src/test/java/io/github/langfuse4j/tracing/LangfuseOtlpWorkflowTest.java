package io.github.langfuse4j.tracing;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.model.ObservationType;

import static io.github.langfuse4j.tracing.TracingRecorder.attribute;
import static io.github.langfuse4j.tracing.TracingRecorder.attributes;
import static io.github.langfuse4j.tracing.TracingRecorder.byBodyId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripted workflow in the OTLP protocol: one span per observation plus the trace's
 * root span, correct parents, trace attributes on every span, the trace's input and
 * output on the root; scores as {@code score-create} on the ingestion endpoint.
 */
class LangfuseOtlpWorkflowTest {

	private final TracingRecorder recorder = new TracingRecorder(
			(config) -> config.protocol(IngestConfig.Protocol.OTLP).environment("staging").release("r-9"));

	private final Langfuse langfuse = this.recorder.langfuse;

	@AfterEach
	void close() {
		this.recorder.close();
	}

	@Test
	void workflowProducesOneSpanPerObservationUnderTheTracesRoot() {
		String traceId;
		String spanId;
		String llmId;
		String toolId;
		String eventId;
		String failedId;
		String scoreId;
		try (LangfuseTrace trace = this.langfuse.trace("answer-question")
			.userId("user-42")
			.sessionId("session-7")
			.tags("beta")
			.input("Capital of France?")
			.metadata("tenant", "acme")
			.start()) {
			traceId = trace.id();
			try (LangfuseSpan retrieval = trace.span("retrieve").input(Map.of("query", "france")).start();
					LangfuseScope scope = retrieval.makeCurrent()) {
				spanId = retrieval.id();
				LangfuseGeneration llm = this.langfuse.generation("llm-call")
					.model("gpt-4o-mini")
					.modelParameters(Map.of("temperature", 0.2))
					.input("messages")
					.start();
				llmId = llm.id();
				try (LangfuseGeneration tool = llm.observation(ObservationType.TOOL, "weather")
					.input(Map.of("city", "Paris"))
					.start()) {
					toolId = tool.id();
				}
				llm.output("Paris").usage(12, 5).cost(0.0000048).end();
				eventId = this.langfuse.event("cache-miss").emit().id();
				LangfuseGeneration failing = retrieval.generation("fallback").start();
				failedId = failing.id();
				failing.error(new IllegalStateException("model overloaded"));
			}
			trace.output("Paris");
			scoreId = trace.score("helpfulness", 0.9);
		}

		List<JsonNode> spans = this.recorder.spans();
		assertThat(spans).hasSize(6);
		assertThat(spans).extracting((s) -> s.path("spanId").asString()).doesNotHaveDuplicates();
		assertThat(spans).allSatisfy((s) -> {
			assertThat(s.path("traceId").asString()).isEqualTo(traceId);
			assertThat(attribute(s, "langfuse.trace.name")).isEqualTo("answer-question");
			assertThat(attribute(s, "user.id")).isEqualTo("user-42");
			assertThat(attribute(s, "session.id")).isEqualTo("session-7");
			assertThat(attributes(s).get("langfuse.trace.tags").toString()).contains("beta");
			// trace metadata only on the trace's root (issue 11 item 2)
			assertThat(attribute(s, "langfuse.trace.metadata.tenant")).isEqualTo(s.has("parentSpanId") ? null : "acme");
			assertThat(attribute(s, "langfuse.environment")).isEqualTo("staging");
			assertThat(attribute(s, "langfuse.release")).isEqualTo("r-9");
			assertThat(attribute(s, "langfuse.observation.type")).matches("[a-z]+");
		});

		JsonNode root = spans.stream().filter((s) -> !s.has("parentSpanId")).findFirst().orElseThrow();
		assertThat(spans).filteredOn((s) -> !s.has("parentSpanId")).hasSize(1);
		assertThat(root.path("name").asString()).isEqualTo("answer-question");
		assertThat(attribute(root, "langfuse.observation.input")).isEqualTo("Capital of France?");
		assertThat(attribute(root, "langfuse.observation.output")).isEqualTo("Paris");
		String rootId = root.path("spanId").asString();

		JsonNode span = span(spans, spanId);
		assertThat(span.path("parentSpanId").asString()).isEqualTo(rootId);
		assertThat(attribute(span, "langfuse.observation.type")).isEqualTo("span");
		assertThat(TestJson.read(attribute(span, "langfuse.observation.input")).path("query").asString())
			.isEqualTo("france");

		JsonNode llm = span(spans, llmId);
		assertThat(llm.path("parentSpanId").asString()).isEqualTo(spanId);
		assertThat(llm.path("name").asString()).isEqualTo("llm-call");
		assertThat(attribute(llm, "langfuse.observation.type")).isEqualTo("generation");
		assertThat(attribute(llm, "langfuse.observation.model.name")).isEqualTo("gpt-4o-mini");
		assertThat(TestJson.read(attribute(llm, "langfuse.observation.usage_details")).path("total").asInt())
			.isEqualTo(17);
		assertThat(TestJson.read(attribute(llm, "langfuse.observation.cost_details")).path("total").asDouble())
			.isEqualTo(0.0000048);
		assertThat(attribute(llm, "langfuse.observation.output")).isEqualTo("Paris");

		JsonNode tool = span(spans, toolId);
		assertThat(tool.path("parentSpanId").asString()).isEqualTo(llmId);
		assertThat(attribute(tool, "langfuse.observation.type")).isEqualTo("tool");

		JsonNode event = span(spans, eventId);
		assertThat(event.path("parentSpanId").asString()).isEqualTo(spanId);
		assertThat(attribute(event, "langfuse.observation.type")).isEqualTo("event");
		assertThat(event.path("endTimeUnixNano").asString()).isEqualTo(event.path("startTimeUnixNano").asString());

		JsonNode failed = span(spans, failedId);
		assertThat(failed.path("parentSpanId").asString()).isEqualTo(spanId);
		assertThat(attribute(failed, "langfuse.observation.level")).isEqualTo("ERROR");
		assertThat(failed.path("status").path("code").asInt()).isEqualTo(2);
		assertThat(failed.path("status").path("message").asString())
			.isEqualTo("java.lang.IllegalStateException: model overloaded");

		List<JsonNode> events = this.recorder.events();
		assertThat(events).extracting((e) -> e.path("type").asString()).containsExactly("score-create");
		JsonNode score = byBodyId(events, scoreId).path("body");
		assertThat(score.path("traceId").asString()).isEqualTo(traceId);
		assertThat(score.path("value").asDouble()).isEqualTo(0.9);
	}

	private static JsonNode span(List<JsonNode> spans, String id) {
		List<JsonNode> matching = spans.stream().filter((s) -> s.path("spanId").asString().equals(id)).toList();
		assertThat(matching).as("spans with id %s in %s", id, spans).hasSize(1);
		return matching.get(0);
	}

}
