package io.github.langfuse4j.tracing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.ingest.model.ObservationLevel;
import io.github.langfuse4j.ingest.model.ObservationType;

import static io.github.langfuse4j.tracing.TracingRecorder.byBodyId;
import static io.github.langfuse4j.tracing.TracingRecorder.countByBodyId;
import static io.github.langfuse4j.tracing.TracingRecorder.instant;
import static io.github.langfuse4j.tracing.TracingRecorder.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted workflow through a real exporter in the ingestion protocol, checked field by
 * field on the wire.
 */
class LangfuseWorkflowTest {

	private final TracingRecorder recorder = new TracingRecorder();

	private final Langfuse langfuse = this.recorder.langfuse;

	@AfterEach
	void close() {
		this.recorder.close();
	}

	@Test
	void workflowProducesOneCompleteEventPerTraceObservationAndScore() {
		Instant before = Instant.now();
		Instant firstToken = before.plusMillis(5);
		List<Map<String, String>> messages = List.of(Map.of("role", "user", "content", "Capital of France?"));
		String traceId;
		String spanId;
		String llmId;
		String toolId;
		String eventId;
		String failedId;
		String helpfulnessId;
		String correctId;
		String sessionScoreId;
		try (LangfuseTrace trace = this.langfuse.trace("answer-question")
			.userId("user-42")
			.sessionId("session-7")
			.tags("beta")
			.input("Capital of France?")
			.metadata("tenant", "acme")
			.version("1.2.3")
			.start()) {
			traceId = trace.id();
			try (LangfuseSpan retrieval = trace.span("retrieve").input(Map.of("query", "france")).start();
					LangfuseScope scope = retrieval.makeCurrent()) {
				spanId = retrieval.id();
				LangfuseGeneration llm = this.langfuse.generation("llm-call")
					.model("gpt-4o-mini")
					.modelParameters(Map.of("temperature", 0.2))
					.prompt("qa", 3)
					.input(messages)
					.start();
				llmId = llm.id();
				try (LangfuseGeneration tool = llm.observation(ObservationType.TOOL, "weather")
					.input(Map.of("city", "Paris"))
					.start()) {
					toolId = tool.id();
					tool.output(Map.of("celsius", 21));
				}
				llm.completionStart(firstToken).output("Paris").usage(12, 5).cost(0.0000048).end();
				correctId = llm.score("correct", true);
				eventId = this.langfuse.event("cache-miss").metadata(Map.of("key", "k1")).emit().id();
				LangfuseGeneration failing = retrieval.generation("fallback").model("gpt-4o").start();
				failedId = failing.id();
				failing.error(new IllegalStateException("model overloaded"));
				failing.output("ignored after the end");
				failing.end();
				retrieval.output(List.of("doc-1", "doc-2"));
			}
			trace.output("Paris");
			helpfulnessId = trace.score("helpfulness", 0.9);
			sessionScoreId = this.langfuse.score("sentiment")
				.sessionId("session-7")
				.value("positive")
				.comment("friendly")
				.id("sentiment-session-7")
				.send();
		}
		Instant after = Instant.now();

		List<JsonNode> events = this.recorder.events();
		assertThat(events).hasSize(9);
		assertThat(countByBodyId(events)).hasSize(9).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
		assertThat(events).extracting((e) -> e.path("id").asString()).doesNotHaveDuplicates();
		assertThat(events).allSatisfy((e) -> {
			if (e.path("type").asString().equals("score-create") || e.path("type").asString().equals("trace-create")) {
				assertThat(e.path("id").asString()).matches("[0-9a-f]{32}")
					.isNotEqualTo(e.path("body").path("id").asString());
			}
			else {
				assertThat(e.path("id").asString()).isEqualTo(e.path("body").path("id").asString());
			}
		});
		assertThat(sessionScoreId).isEqualTo("sentiment-session-7");

		JsonNode trace = byBodyId(events, traceId);
		assertThat(trace.path("type").asString()).isEqualTo("trace-create");
		assertThat(traceId).matches("[0-9a-f]{32}");
		JsonNode tb = trace.path("body");
		assertThat(tb.path("name").asString()).isEqualTo("answer-question");
		assertThat(tb.path("userId").asString()).isEqualTo("user-42");
		assertThat(tb.path("sessionId").asString()).isEqualTo("session-7");
		assertThat(tb.path("tags").get(0).asString()).isEqualTo("beta");
		assertThat(tb.path("tags").size()).isEqualTo(1);
		assertThat(tb.path("input").asString()).isEqualTo("Capital of France?");
		assertThat(tb.path("output").asString()).isEqualTo("Paris");
		assertThat(tb.path("metadata").path("tenant").asString()).isEqualTo("acme");
		assertThat(tb.path("version").asString()).isEqualTo("1.2.3");
		assertThat(instant(tb.path("timestamp"))).isBetween(before, after);
		assertThat(tb.has("public")).isFalse();
		assertThat(events.get(events.size() - 1)).as("the trace is emitted when it ends, last").isEqualTo(trace);

		JsonNode span = byBodyId(events, spanId);
		assertThat(span.path("type").asString()).isEqualTo("span-create");
		JsonNode sb = span.path("body");
		assertThat(spanId).matches("[0-9a-f]{16}");
		assertThat(sb.path("traceId").asString()).isEqualTo(traceId);
		assertThat(sb.has("parentObservationId")).isFalse();
		assertThat(sb.path("name").asString()).isEqualTo("retrieve");
		assertThat(sb.path("input").path("query").asString()).isEqualTo("france");
		assertThat(sb.path("output").get(1).asString()).isEqualTo("doc-2");
		assertThat(instant(sb.path("startTime"))).isBetween(before, after);
		assertThat(instant(sb.path("endTime"))).isBetween(instant(sb.path("startTime")), after);
		assertThat(sb.has("model")).isFalse();

		JsonNode llm = byBodyId(events, llmId);
		assertThat(llm.path("type").asString()).isEqualTo("generation-create");
		JsonNode gb = llm.path("body");
		assertThat(gb.path("traceId").asString()).isEqualTo(traceId);
		assertThat(gb.path("parentObservationId").asString()).as("nested through the current context")
			.isEqualTo(spanId);
		assertThat(gb.path("name").asString()).isEqualTo("llm-call");
		assertThat(gb.path("model").asString()).isEqualTo("gpt-4o-mini");
		assertThat(gb.path("modelParameters").path("temperature").asDouble()).isEqualTo(0.2);
		assertThat(gb.path("promptName").asString()).isEqualTo("qa");
		assertThat(gb.path("promptVersion").asInt()).isEqualTo(3);
		assertThat(gb.path("input").get(0).path("content").asString()).isEqualTo("Capital of France?");
		assertThat(gb.path("output").asString()).isEqualTo("Paris");
		assertThat(instant(gb.path("completionStartTime"))).isEqualTo(firstToken);
		assertThat(gb.path("usageDetails").path("input").asInt()).isEqualTo(12);
		assertThat(gb.path("usageDetails").path("output").asInt()).isEqualTo(5);
		assertThat(gb.path("usageDetails").path("total").asInt()).isEqualTo(17);
		assertThat(gb.path("costDetails").path("total").asDouble()).isEqualTo(0.0000048);
		assertThat(gb.has("level")).isFalse();
		assertThat(instant(gb.path("endTime"))).isAfterOrEqualTo(instant(gb.path("startTime")));

		JsonNode tool = byBodyId(events, toolId);
		assertThat(tool.path("type").asString()).isEqualTo("tool-create");
		assertThat(tool.path("body").path("parentObservationId").asString()).isEqualTo(llmId);
		assertThat(tool.path("body").path("traceId").asString()).isEqualTo(traceId);
		assertThat(tool.path("body").path("input").path("city").asString()).isEqualTo("Paris");
		assertThat(tool.path("body").path("output").path("celsius").asInt()).isEqualTo(21);
		assertThat(tool.path("body").has("endTime")).isTrue();

		JsonNode event = byBodyId(events, eventId);
		assertThat(event.path("type").asString()).isEqualTo("event-create");
		assertThat(event.path("body").path("parentObservationId").asString()).isEqualTo(spanId);
		assertThat(event.path("body").path("traceId").asString()).isEqualTo(traceId);
		assertThat(event.path("body").path("metadata").path("key").asString()).isEqualTo("k1");
		assertThat(event.path("body").has("startTime")).isTrue();
		assertThat(event.path("body").has("endTime")).as("an event is a point in time").isFalse();

		JsonNode failed = byBodyId(events, failedId);
		assertThat(failed.path("type").asString()).isEqualTo("generation-create");
		assertThat(failed.path("body").path("parentObservationId").asString()).isEqualTo(spanId);
		assertThat(failed.path("body").path("level").asString()).isEqualTo(ObservationLevel.ERROR.name());
		assertThat(failed.path("body").path("statusMessage").asString())
			.isEqualTo("java.lang.IllegalStateException: model overloaded");
		assertThat(failed.path("body").has("output")).as("setter after the end is ignored").isFalse();
		assertThat(failed.path("body").has("endTime")).isTrue();

		List<JsonNode> scores = ofType(events, "score-create");
		assertThat(scores).hasSize(3);
		JsonNode helpfulness = byBodyId(events, helpfulnessId).path("body");
		assertThat(helpfulness.path("name").asString()).isEqualTo("helpfulness");
		assertThat(helpfulness.path("traceId").asString()).isEqualTo(traceId);
		assertThat(helpfulness.has("observationId")).isFalse();
		assertThat(helpfulness.path("value").asDouble()).isEqualTo(0.9);
		assertThat(helpfulness.path("dataType").asString()).isEqualTo("NUMERIC");
		JsonNode correct = byBodyId(events, correctId).path("body");
		assertThat(correct.path("traceId").asString()).isEqualTo(traceId);
		assertThat(correct.path("observationId").asString()).isEqualTo(llmId);
		assertThat(correct.path("value").asInt()).isEqualTo(1);
		assertThat(correct.path("dataType").asString()).isEqualTo("BOOLEAN");
		JsonNode sentiment = byBodyId(events, sessionScoreId).path("body");
		assertThat(sentiment.path("sessionId").asString()).isEqualTo("session-7");
		assertThat(sentiment.has("traceId")).isFalse();
		assertThat(sentiment.path("value").asString()).isEqualTo("positive");
		assertThat(sentiment.path("dataType").asString()).isEqualTo("CATEGORICAL");
		assertThat(sentiment.path("comment").asString()).isEqualTo("friendly");
		assertThat(this.recorder.ingest.stats().sent()).isEqualTo(9);
	}

	@Test
	void everyObservationTypeHasItsOwnCreateEvent() {
		String traceId;
		try (LangfuseTrace trace = this.langfuse.trace("all-types").start()) {
			traceId = trace.id();
			trace.span("span").start().end();
			trace.generation("generation").start().end();
			trace.event("event").emit();
			trace.observation(ObservationType.AGENT, "agent").start().end();
			trace.observation(ObservationType.TOOL, "tool").start().end();
			trace.observation(ObservationType.CHAIN, "chain").start().end();
			trace.observation(ObservationType.RETRIEVER, "retriever").start().end();
			trace.observation(ObservationType.EVALUATOR, "evaluator").start().end();
			trace.observation(ObservationType.EMBEDDING, "embedding").model("text-embedding-3-small").start().end();
			trace.observation(ObservationType.GUARDRAIL, "guardrail").start().end();
		}
		List<JsonNode> events = this.recorder.events();
		assertThat(events).extracting((e) -> e.path("type").asString())
			.containsExactly("span-create", "generation-create", "event-create", "agent-create", "tool-create",
					"chain-create", "retriever-create", "evaluator-create", "embedding-create", "guardrail-create",
					"trace-create");
		assertThat(events).allSatisfy((e) -> assertThat(e.path("body").path("traceId").asString().equals(traceId)
				|| e.path("body").path("id").asString().equals(traceId))
			.isTrue());
		assertThat(events).filteredOn((e) -> !e.path("type").asString().equals("trace-create"))
			.allSatisfy((e) -> assertThat(e.path("body").path("name").asString())
				.isEqualTo(e.path("type").asString().replace("-create", "")));
	}

	@Test
	void anObservationWithoutContextStartsATraceNamedAfterIt() {
		LangfuseSpan span = this.langfuse.span("lonely-job").input("in").start();
		span.output("out").end();
		List<JsonNode> events = this.recorder.events();
		assertThat(events).hasSize(2);
		JsonNode trace = byBodyId(events, span.traceId());
		assertThat(trace.path("type").asString()).isEqualTo("trace-create");
		assertThat(trace.path("body").path("name").asString()).isEqualTo("lonely-job");
		assertThat(trace.path("body").path("input").asString()).isEqualTo("in");
		assertThat(trace.path("body").path("output").asString()).isEqualTo("out");
		JsonNode body = byBodyId(events, span.id()).path("body");
		assertThat(body.path("traceId").asString()).isEqualTo(span.traceId());
		assertThat(body.has("parentObservationId")).isFalse();
		assertThat(span.parentObservationId()).isNull();
	}

	@Test
	void endingTwiceOrFromAnotherThreadEmitsOnce() throws Exception {
		LangfuseTrace trace = this.langfuse.trace("t").start();
		LangfuseSpan span = trace.span("s").start();
		Thread other = new Thread(span::end);
		other.start();
		other.join(TracingRecorder.AWAIT.toMillis());
		span.end();
		span.close();
		assertThat(span.isEnded()).isTrue();
		trace.close();
		trace.end();
		trace.name("renamed");
		List<JsonNode> events = this.recorder.events();
		assertThat(countByBodyId(events)).containsOnly(Map.entry(span.id(), 1L), Map.entry(trace.id(), 1L));
		assertThat(byBodyId(events, trace.id()).path("body").path("name").asString()).isEqualTo("t");
	}

	@Test
	void childrenStillOpenWhenTheTraceEndsAreExportedWhenTheyEnd() {
		LangfuseTrace trace = this.langfuse.trace("short").start();
		LangfuseSpan late = trace.span("late").start();
		trace.end();
		assertThat(late.isEnded()).isFalse();
		assertThat(this.recorder.events()).extracting((e) -> e.path("type").asString()).containsExactly("trace-create");
		late.output("done").end();
		JsonNode span = byBodyId(this.recorder.events(), late.id());
		assertThat(span.path("body").path("traceId").asString()).isEqualTo(trace.id());
		assertThat(span.path("body").path("output").asString()).isEqualTo("done");
	}

	@Test
	void aSuppliedTraceIdContinuesATrace() {
		String id = Langfuse.traceIdFrom("order-1234");
		try (LangfuseTrace trace = this.langfuse.trace("continued").id(id).start()) {
			assertThat(trace.id()).isEqualTo(id);
			trace.span("step").start().end();
		}
		List<JsonNode> events = this.recorder.events();
		assertThat(events).allSatisfy((e) -> assertThat(e.path("body").toString()).contains(id));
	}

	@Test
	void scoresForAKnownTraceAndObservation() {
		String traceId = Langfuse.traceIdFrom("request-9");
		String scoreId = this.langfuse.score("user-feedback")
			.traceId(traceId)
			.observationId("0123456789abcdef")
			.value(false)
			.comment("wrong answer")
			.send();
		JsonNode body = byBodyId(this.recorder.events(), scoreId).path("body");
		assertThat(body.path("traceId").asString()).isEqualTo(traceId);
		assertThat(body.path("observationId").asString()).isEqualTo("0123456789abcdef");
		assertThat(body.path("value").asInt()).isZero();
		assertThat(body.path("dataType").asString()).isEqualTo("BOOLEAN");
		assertThat(body.path("comment").asString()).isEqualTo("wrong answer");
	}

}
