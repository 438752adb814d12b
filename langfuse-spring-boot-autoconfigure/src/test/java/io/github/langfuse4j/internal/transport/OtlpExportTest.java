package io.github.langfuse4j.internal.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationLevel;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;
import io.github.langfuse4j.ingest.model.Usage;
import io.github.langfuse4j.ingest.model.UsageUnit;

import static io.github.langfuse4j.internal.transport.SpanJson.byName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole trace sent through {@link LangfuseIngest} in OTLP mode, checked span by span
 * against the wire contract ({@code reference/langfuse-otlp-api.md} sections 8 and 9).
 */
class OtlpExportTest {

	static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	static final String TRACE = "4BF92F35-77b3-4da6-a3ce-929d0e0e4736";

	static final String OTLP_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private final LoopbackServer server = new LoopbackServer();

	@AfterEach
	void stop() {
		this.server.close();
	}

	static IngestConfig.Builder config(LoopbackServer server) {
		return IngestConfig.builder()
			.host(server.url())
			.publicKey("pk-lf-test")
			.secretKey("sk-lf-test")
			.flushInterval(Duration.ofHours(1))
			.shutdownTimeout(Duration.ofSeconds(30));
	}

	static Instant at(long millis) {
		return T0.plusMillis(millis);
	}

	static void assertBalanced(IngestStats stats) {
		assertThat(stats.accepted()).as(stats.toString())
			.isEqualTo(stats.sent() + stats.rejected() + stats.droppedTotal() + stats.failed() + stats.queued());
	}

	@Test
	void wholeTraceIsExportedSpanBySpan() {
		IngestConfig config = config(this.server).environment("production").release("1.4.2").build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			// observations first, like the tracing API: each one when it ends; the
			// trace's own data at the end
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("retrieve-1")
						.traceId(TRACE)
						.name("retrieve")
						.startTime(at(100))
						.input(Map.of("query", "otlp"))
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.GENERATION,
					ObservationBody.builder("b7ad6b7169203331")
						.traceId(TRACE)
						.parentObservationId("retrieve-1")
						.name("llm-call")
						.startTime(at(150))
						.endTime(at(1200))
						.completionStartTime(at(350))
						.model("gpt-4o-mini")
						.modelParameters(Map.of("temperature", 0.2))
						.usageDetails(Map.of("input", 12, "output", 5, "total", 17))
						.costDetails(Map.of("input", 0.0000018, "output", 0.000003, "total", 0.0000048))
						.prompt("qa-prompt", 3)
						.version("v7")
						.input(List.of(Map.of("role", "user", "content", "What is OTLP?")))
						.output(Map.of("role", "assistant", "content", "A telemetry protocol."))
						.metadata(Map.of("request_id", "req-991", "attempt", 2))
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.GENERATION,
					ObservationBody.builder("legacy-usage")
						.traceId(TRACE)
						.parentObservationId("retrieve-1")
						.name("legacy")
						.startTime(at(200))
						.endTime(at(300))
						.usage(new Usage(7, 3, 10, UsageUnit.TOKENS, 0.5, 0.25, 0.75))
						.build()));
			ingest.enqueue(IngestionEvent.observationUpdate(ObservationType.SPAN,
					ObservationBody.builder("retrieve-1")
						.traceId(TRACE)
						.endTime(at(1300))
						.output("three documents")
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.EVENT,
					ObservationBody.builder("cache-miss-1")
						.traceId(TRACE)
						.name("cache-miss")
						.startTime(at(1300))
						.level(ObservationLevel.WARNING)
						.statusMessage("prompt cache miss")
						.input(Map.of("key", "qa:otlp"))
						.metadata("plain note")
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.TOOL,
					ObservationBody.builder("tool-1")
						.traceId(TRACE)
						.name("search")
						.startTime(at(400))
						.endTime(at(500))
						.level(ObservationLevel.ERROR)
						.statusMessage("timeout")
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.AGENT,
					ObservationBody.builder("agent-1")
						.traceId(TRACE)
						.name("planner")
						.startTime(at(10))
						.endTime(at(20))
						.build()));
			ingest.enqueue(new TraceCreate("trace-event-1", at(1400),
					TraceBody.builder(TRACE)
						.timestamp(T0)
						.name("answer-question")
						.userId("user-41")
						.tags("beta", "chat")
						.metadata(Map.of("tenant", "acme"))
						.input(Map.of("question", "What is OTLP?"))
						.build()));
			ingest.enqueue(new TraceCreate("trace-event-2", at(1500),
					TraceBody.builder(TRACE)
						.userId("user-42")
						.sessionId("session-7")
						.tags("chat", "gamma")
						.metadata(Map.of("region", "eu"))
						.version("app-3")
						.output(Map.of("answer", "A telemetry protocol."))
						.build()));
			ingest.enqueue(ScoreCreate
				.of(ScoreBody.builder("accuracy").traceId(TRACE).observationId("retrieve-1").value(0.9).build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();

			List<LoopbackServer.Recorded> requests = this.server.requests(LoopbackServer.OTLP);
			assertThat(requests).hasSize(1);
			LoopbackServer.Recorded request = requests.get(0);
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.header("Content-Type")).contains("application/json");
			assertThat(request.header("x-langfuse-ingestion-version")).isEqualTo("4");
			assertThat(request.header("x-langfuse-sdk-name")).isEqualTo("langfuse-spring-boot-starter");
			assertThat(request.header("x-langfuse-sdk-version")).isNotBlank();
			assertThat(request.header("Authorization")).isEqualTo("Basic "
					+ Base64.getEncoder().encodeToString("pk-lf-test:sk-lf-test".getBytes(StandardCharsets.UTF_8)));

			JsonNode resourceSpans = TestJson.read(request.body()).path("resourceSpans").get(0);
			assertThat(SpanJson.attributes(resourceSpans.path("resource").path("attributes")))
				.containsOnlyKeys("service.name", "langfuse.environment", "langfuse.release");
			assertThat(resourceSpans.toString()).contains(
					"{\"key\":\"service.name\",\"value\":{\"stringValue\":\"langfuse-spring-boot-starter\"}}",
					"{\"key\":\"langfuse.environment\",\"value\":{\"stringValue\":\"production\"}}",
					"{\"key\":\"langfuse.release\",\"value\":{\"stringValue\":\"1.4.2\"}}");
			JsonNode scope = resourceSpans.path("scopeSpans").get(0).path("scope");
			assertThat(scope.path("name").asString()).isEqualTo("langfuse-sdk");
			assertThat(scope.path("version").asString()).isNotBlank();

			List<SpanJson.Span> spans = SpanJson.spans(request);
			assertThat(spans).hasSize(7);
			String rootId = byName(spans, "answer-question").spanId();
			String retrieveId = OtlpIds.spanId("retrieve-1");
			for (SpanJson.Span span : spans) {
				assertThat(span.traceId()).isEqualTo(OTLP_TRACE);
				assertThat(span.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("0000000000000000");
				assertThat(span.node().path("kind").isInt()).isTrue();
				assertThat(span.node().path("kind").asInt()).isEqualTo(1);
				assertThat(span.node().path("startTimeUnixNano").isString()).isTrue();
				assertThat(span.node().path("endTimeUnixNano").isString()).isTrue();
				// trace attributes on every span, the full merged tag list each time
				assertThat(span.string("langfuse.trace.name")).isEqualTo("answer-question");
				assertThat(span.string("user.id")).isEqualTo("user-42");
				assertThat(span.string("session.id")).isEqualTo("session-7");
				assertThat(span.attributes().get("langfuse.trace.tags").toString())
					.isEqualTo("{\"arrayValue\":{\"values\":[{\"stringValue\":\"beta\"},{\"stringValue\":\"chat\"},"
							+ "{\"stringValue\":\"gamma\"}]}}");
				// trace metadata only on the trace's root (issue 11 item 2)
				if (span.parentSpanId() == null) {
					assertThat(span.string("langfuse.trace.metadata.tenant")).isEqualTo("acme");
					assertThat(span.string("langfuse.trace.metadata.region")).isEqualTo("eu");
				}
				else {
					assertThat(span.attributes().keySet()).noneMatch((k) -> k.startsWith("langfuse.trace.metadata"));
				}
				assertThat(span.string("langfuse.environment")).isEqualTo("production");
				assertThat(span.string("langfuse.release")).isEqualTo("1.4.2");
				assertThat(span.attributes().get("langfuse.observation.type").path("stringValue").asString())
					.matches("[a-z]+");
			}

			SpanJson.Span root = byName(spans, "answer-question");
			assertThat(root.spanId()).isEqualTo(rootId);
			assertThat(root.parentSpanId()).isNull();
			assertThat(root.node().path("startTimeUnixNano").asString()).isEqualTo("1767225600000000000");
			// the root lasts from the trace's timestamp to its latest trace-create (issue
			// 11 item 8c)
			assertThat(root.node().path("endTimeUnixNano").asString()).isEqualTo("1767225601500000000");
			assertThat(root.string("langfuse.observation.type")).isEqualTo("span");
			assertThat(root.string("langfuse.observation.input")).isEqualTo("{\"question\":\"What is OTLP?\"}");
			assertThat(root.string("langfuse.observation.output")).isEqualTo("{\"answer\":\"A telemetry protocol.\"}");
			assertThat(root.string("langfuse.version")).isEqualTo("app-3");
			assertThat(root.node().path("status").toString()).isEqualTo("{}");

			SpanJson.Span retrieve = byName(spans, "retrieve");
			assertThat(retrieve.spanId()).isEqualTo(retrieveId);
			assertThat(retrieve.parentSpanId()).isEqualTo(rootId);
			assertThat(retrieve.node().path("startTimeUnixNano").asString()).isEqualTo("1767225600100000000");
			assertThat(retrieve.node().path("endTimeUnixNano").asString()).isEqualTo("1767225601300000000");
			assertThat(retrieve.string("langfuse.observation.type")).isEqualTo("span");
			assertThat(retrieve.string("langfuse.observation.input")).isEqualTo("{\"query\":\"otlp\"}");
			assertThat(retrieve.string("langfuse.observation.output")).isEqualTo("three documents");
			// no version of its own: none sent, the trace's is only on the root (issue 11
			// item 5)
			assertThat(retrieve.attributes()).doesNotContainKey("langfuse.version");

			SpanJson.Span generation = byName(spans, "llm-call");
			assertThat(generation.spanId()).isEqualTo("b7ad6b7169203331");
			assertThat(generation.parentSpanId()).isEqualTo(retrieveId);
			assertThat(generation.node().path("startTimeUnixNano").asString()).isEqualTo("1767225600150000000");
			assertThat(generation.node().path("endTimeUnixNano").asString()).isEqualTo("1767225601200000000");
			Map<String, JsonNode> g = generation.attributes();
			assertThat(generation.string("langfuse.observation.type")).isEqualTo("generation");
			assertThat(generation.string("langfuse.observation.model.name")).isEqualTo("gpt-4o-mini");
			assertThat(generation.string("langfuse.observation.model.parameters")).isEqualTo("{\"temperature\":0.2}");
			assertThat(TestJson.read(generation.string("langfuse.observation.usage_details")))
				.isEqualTo(TestJson.read("{\"input\":12,\"output\":5,\"total\":17}"));
			assertThat(TestJson.read(generation.string("langfuse.observation.cost_details")))
				.isEqualTo(TestJson.read("{\"input\":0.0000018,\"output\":0.000003,\"total\":0.0000048}"));
			assertThat(generation.string("langfuse.observation.completion_start_time"))
				.isEqualTo("2026-01-01T00:00:00.350Z");
			assertThat(generation.string("langfuse.observation.prompt.name")).isEqualTo("qa-prompt");
			assertThat(g.get("langfuse.observation.prompt.version").toString()).isEqualTo("{\"intValue\":3}");
			assertThat(TestJson.read(generation.string("langfuse.observation.input")))
				.isEqualTo(TestJson.read("[{\"role\":\"user\",\"content\":\"What is OTLP?\"}]"));
			assertThat(TestJson.read(generation.string("langfuse.observation.output")))
				.isEqualTo(TestJson.read("{\"role\":\"assistant\",\"content\":\"A telemetry protocol.\"}"));
			assertThat(generation.string("langfuse.observation.metadata.request_id")).isEqualTo("req-991");
			assertThat(generation.string("langfuse.observation.metadata.attempt")).isEqualTo("2");
			assertThat(generation.string("langfuse.version")).isEqualTo("v7");
			assertThat(g).doesNotContainKey("langfuse.observation.level");

			SpanJson.Span legacy = byName(spans, "legacy");
			assertThat(TestJson.read(legacy.string("langfuse.observation.usage_details")))
				.isEqualTo(TestJson.read("{\"input\":7,\"output\":3,\"total\":10}"));
			assertThat(TestJson.read(legacy.string("langfuse.observation.cost_details")))
				.isEqualTo(TestJson.read("{\"input\":0.5,\"output\":0.25,\"total\":0.75}"));
			assertThat(legacy.attributes()).doesNotContainKey("langfuse.observation.prompt.name");

			SpanJson.Span event = byName(spans, "cache-miss");
			assertThat(event.parentSpanId()).isEqualTo(rootId);
			assertThat(event.string("langfuse.observation.type")).isEqualTo("event");
			assertThat(event.node().path("startTimeUnixNano").asString()).isEqualTo("1767225601300000000");
			assertThat(event.node().path("endTimeUnixNano").asString()).isEqualTo("1767225601300000000");
			assertThat(event.string("langfuse.observation.level")).isEqualTo("WARNING");
			assertThat(event.string("langfuse.observation.status_message")).isEqualTo("prompt cache miss");
			assertThat(event.string("langfuse.observation.metadata")).isEqualTo("{\"metadata\":\"plain note\"}");
			assertThat(event.node().path("status").toString()).isEqualTo("{}");

			SpanJson.Span tool = byName(spans, "search");
			assertThat(tool.string("langfuse.observation.type")).isEqualTo("tool");
			assertThat(tool.string("langfuse.observation.level")).isEqualTo("ERROR");
			assertThat(tool.node().path("status").toString()).isEqualTo("{\"code\":2,\"message\":\"timeout\"}");
			assertThat(byName(spans, "planner").string("langfuse.observation.type")).isEqualTo("agent");

			// the score goes to the ingestion endpoint, with the exported ids
			List<LoopbackServer.Recorded> scores = this.server.requests(LoopbackServer.INGESTION);
			assertThat(scores).hasSize(1);
			JsonNode score = TestJson.read(scores.get(0).body()).path("batch").get(0);
			assertThat(score.path("type").asString()).isEqualTo("score-create");
			assertThat(score.path("body").path("traceId").asString()).isEqualTo(OTLP_TRACE);
			assertThat(score.path("body").path("observationId").asString()).isEqualTo(retrieveId);
			assertThat(score.path("body").path("environment").asString()).isEqualTo("production");

			IngestStats stats = ingest.stats();
			assertThat(stats.sent()).isEqualTo(10);
			assertThat(stats.queued()).isZero();
			assertBalanced(stats);
		}
	}

	@Test
	void createAndUpdateAreMergedIntoOneSpan() {
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-merge").name("merge").build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.GENERATION,
					ObservationBody.builder("gen-merge")
						.traceId("t-merge")
						.name("first-name")
						.startTime(at(0))
						.model("m1")
						.input("question")
						.metadata(Map.of("a", "1"))
						.build()));
			ingest.enqueue(IngestionEvent.observationUpdate(ObservationType.GENERATION,
					ObservationBody.builder("gen-merge")
						.traceId("t-merge")
						.name("final-name")
						.model("m2")
						.output("answer")
						.build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			// still open: nothing of the generation was sent; the root waits for it
			assertThat(SpanJson.spans(this.server)).isEmpty();
			assertThat(ingest.stats().queued()).isEqualTo(3);
			ingest.enqueue(IngestionEvent.observationUpdate(ObservationType.GENERATION,
					ObservationBody.builder("gen-merge").endTime(at(900)).build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();

			List<SpanJson.Span> spans = SpanJson.spans(this.server);
			assertThat(spans).extracting(SpanJson.Span::name).containsExactlyInAnyOrder("merge", "final-name");
			SpanJson.Span generation = byName(spans, "final-name");
			assertThat(generation.spanId()).isEqualTo(OtlpIds.spanId("gen-merge"));
			assertThat(generation.traceId()).isEqualTo(OtlpIds.traceId("t-merge"));
			assertThat(generation.string("langfuse.observation.model.name")).isEqualTo("m2");
			assertThat(generation.string("langfuse.observation.input")).isEqualTo("question");
			assertThat(generation.string("langfuse.observation.output")).isEqualTo("answer");
			assertThat(generation.string("langfuse.observation.metadata.a")).isEqualTo("1");
			assertThat(generation.node().path("endTimeUnixNano").asString()).isEqualTo("1767225600900000000");
			assertThat(ingest.stats().sent()).isEqualTo(4);
			assertThat(ingest.stats().queued()).isZero();
		}
	}

	@Test
	void scoresOfNonHexTracesLandOnTheExportedTrace() {
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("step/1")
						.traceId("order-4711")
						.name("step")
						.startTime(at(0))
						.endTime(at(5))
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("step/2")
						.traceId("order-4711")
						.parentObservationId("step/1")
						.name("child")
						.startTime(at(1))
						.endTime(at(4))
						.build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder("order-4711").name("order").build()));
			ingest.enqueue(ScoreCreate.of(ScoreBody.builder("quality").traceId("order-4711").value(1.0).build()));
			ingest.enqueue(ScoreCreate.of(ScoreBody.builder("step-quality")
				.traceId("order-4711")
				.observationId("step/2")
				.value(0.5)
				.build()));
			ingest.enqueue(ScoreCreate.of(ScoreBody.builder("session-score").sessionId("s-1").value(1.0).build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();

			String traceId = OtlpIds.traceId("order-4711");
			assertThat(traceId).matches("[0-9a-f]{32}");
			List<SpanJson.Span> spans = SpanJson.spans(this.server);
			assertThat(spans).extracting(SpanJson.Span::traceId).containsOnly(traceId);
			assertThat(byName(spans, "child").parentSpanId()).isEqualTo(byName(spans, "step").spanId());
			assertThat(byName(spans, "step").parentSpanId()).isEqualTo(byName(spans, "order").spanId());

			JsonNode batch = TestJson.read(this.server.requests(LoopbackServer.INGESTION).get(0).body()).path("batch");
			assertThat(batch).hasSize(3);
			assertThat(batch.get(0).path("body").path("traceId").asString()).isEqualTo(traceId);
			assertThat(batch.get(0).path("body").has("observationId")).isFalse();
			assertThat(batch.get(1).path("body").path("traceId").asString()).isEqualTo(traceId);
			assertThat(batch.get(1).path("body").path("observationId").asString())
				.isEqualTo(byName(spans, "child").spanId());
			assertThat(batch.get(2).path("body").path("sessionId").asString()).isEqualTo("s-1");
			assertThat(ingest.stats().sent()).isEqualTo(6);
		}
	}

	@Test
	void unserializableValuesBecomePlaceholders() {
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("bad-1")
						.traceId("t-bad")
						.name("bad")
						.startTime(at(0))
						.endTime(at(1))
						.input(new Exploding())
						.metadata(Map.of("ok", "fine", "broken", new Exploding()))
						.build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-bad").name("trace-bad").build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			SpanJson.Span span = byName(SpanJson.spans(this.server), "bad");
			assertThat(span.string("langfuse.observation.input"))
				.isEqualTo("<unserializable: " + Exploding.class.getName() + ">");
			assertThat(span.string("langfuse.observation.metadata.broken"))
				.isEqualTo("<unserializable: " + Exploding.class.getName() + ">");
			assertThat(span.string("langfuse.observation.metadata.ok")).isEqualTo("fine");
			assertThat(ingest.stats().sent()).isEqualTo(2);
		}
	}

	@Test
	void requestsAreCutByBytesAndOversizeSpansTruncated() {
		IngestConfig config = config(this.server).maxBatchBytes(6_000).build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			for (int i = 0; i < 40; i++) {
				ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
						ObservationBody.builder("cut-" + i)
							.traceId("t-cut")
							.name("span-" + i)
							.startTime(at(i))
							.endTime(at(i + 1))
							.input("x".repeat(200))
							.build()));
			}
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("huge")
						.traceId("t-cut")
						.name("huge")
						.startTime(at(0))
						.endTime(at(1))
						.input("y".repeat(10_000))
						.build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-cut").name("cut").build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			List<LoopbackServer.Recorded> requests = this.server.requests(LoopbackServer.OTLP);
			assertThat(requests).hasSizeGreaterThan(1);
			assertThat(requests).allSatisfy((r) -> assertThat(r.body().length).isLessThanOrEqualTo(6_000));
			List<SpanJson.Span> spans = SpanJson.spans(this.server);
			assertThat(spans).hasSize(42);
			assertThat(byName(spans, "huge").string("langfuse.observation.input"))
				.startsWith("<truncated by langfuse-spring-boot-starter: input was 10002 bytes");
			IngestStats stats = ingest.stats();
			assertThat(stats.dropped(io.github.langfuse4j.ingest.DropReason.OVERSIZE)).isZero();
			assertThat(stats.sent()).isEqualTo(42);
			assertBalanced(stats);
		}
	}

	/** A value Jackson cannot write: its getter throws. */
	static final class Exploding {

		public String getValue() {
			throw new IllegalStateException("boom");
		}

	}

}
