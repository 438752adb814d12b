package io.github.langfuse4j.internal.transport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.LoopbackServer.Response;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.AgentCreate;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.SpanCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.internal.transport.OtlpExportTest.assertBalanced;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.at;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The low-level wire form for issue 11: envelope ids of hand-built trace events (item 1),
 * defaults that never overwrite what the application set (item 4), prompt links only on
 * generations (item 6), and typed observations that an old server rejects, sent again as
 * spans (item 9).
 */
@ExtendWith(OutputCaptureExtension.class)
class IngestionStoredAsSetTest {

	private static final Duration AWAIT = Duration.ofSeconds(30);

	private final LoopbackServer server = new LoopbackServer();

	@AfterEach
	void stop() {
		this.server.close();
	}

	private List<JsonNode> events() {
		List<JsonNode> events = new ArrayList<>();
		for (LoopbackServer.Recorded request : this.server.requests(LoopbackServer.INGESTION)) {
			TestJson.read(request.body()).path("batch").forEach(events::add);
		}
		return events;
	}

	@Test
	void handBuiltTraceCreateWithTheTraceIdAsEnvelopeIdGetsAUniqueEnvelopeId() {
		IngestConfig config = config(this.server).protocol(IngestConfig.Protocol.INGESTION).build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			ingest.enqueue(new TraceCreate("t-hand", Instant.now(), TraceBody.builder("t-hand").name("a").build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			ingest.enqueue(new TraceCreate("t-hand", Instant.now(), TraceBody.builder("t-hand").output("o").build()));
			ingest.enqueue(new TraceCreate("own-envelope", Instant.now(), TraceBody.builder("t-hand").build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			List<JsonNode> events = events();
			assertThat(events).hasSize(3);
			assertThat(events).allSatisfy((e) -> assertThat(e.path("body").path("id").asString()).isEqualTo("t-hand"));
			assertThat(events).extracting((e) -> e.path("id").asString())
				.doesNotHaveDuplicates()
				.doesNotContain("t-hand")
				.contains("own-envelope");
			assertThat(ingest.stats().sent()).isEqualTo(3);
		}
	}

	@Test
	void configuredReleaseIsFilledOnlyIntoTheFirstTraceCreateOfATrace() {
		IngestConfig config = config(this.server).protocol(IngestConfig.Protocol.INGESTION).release("r0").build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-1").name("first").build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-2").release("own").build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			// partial updates later: only output, only tags
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-1").output("o").build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-2").tags(List.of("late")).build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			List<JsonNode> events = events();
			assertThat(events).hasSize(4);
			assertThat(events.get(0).path("body").path("release").asString()).isEqualTo("r0");
			assertThat(events.get(1).path("body").path("release").asString()).isEqualTo("own");
			assertThat(events.get(2).path("body").has("release")).as("partial update of t-1").isFalse();
			assertThat(events.get(3).path("body").has("release")).as("partial update of t-2").isFalse();
		}
	}

	/**
	 * An observation without an environment stores its trace's environment in both
	 * protocols when the exporter has seen the trace's data first (OTLP has one
	 * {@code langfuse.environment} key for the observation and its trace, so there it
	 * cannot be otherwise without the child's row changing the trace's environment in
	 * v4); the configured environment fills only what neither set.
	 */
	@Test
	void observationWithoutEnvironmentStoresItsTracesEnvironmentInIngestionMode() {
		IngestConfig config = config(this.server).protocol(IngestConfig.Protocol.INGESTION).environment("e0").build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-env").name("env").environment("e1").build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("child").traceId("t-env").name("child").startTime(at(0)).build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("other").traceId("t-unseen").name("other").startTime(at(0)).build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			List<JsonNode> events = events();
			assertThat(events.get(0).path("body").path("environment").asString()).isEqualTo("e1");
			assertThat(events.get(1).path("body").path("environment").asString()).isEqualTo("e1");
			assertThat(events.get(2).path("body").path("environment").asString()).isEqualTo("e0");
		}
	}

	@Test
	void observationWithoutEnvironmentStoresItsTracesEnvironmentInOtlpMode() {
		IngestConfig config = config(this.server).environment("e0").build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-env").name("env").environment("e1").build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("child")
						.traceId("t-env")
						.name("child")
						.startTime(at(0))
						.endTime(at(1))
						.build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			List<SpanJson.Span> spans = SpanJson.spans(this.server);
			assertThat(SpanJson.byName(spans, "env").string("langfuse.environment")).isEqualTo("e1");
			assertThat(SpanJson.byName(spans, "child").string("langfuse.environment")).isEqualTo("e1");
		}
	}

	@Test
	void promptOnATypedObservationOtherThanAGenerationIsRejectedAtConstruction() {
		ObservationBody withPrompt = ObservationBody.builder("o")
			.traceId("t")
			.promptName("qa")
			.promptVersion(1)
			.build();
		for (ObservationType type : ObservationType.values()) {
			if (type == ObservationType.GENERATION) {
				assertThat(IngestionEvent.observation(type, withPrompt).body().promptName()).isEqualTo("qa");
				assertThat(IngestionEvent.observationUpdate(type, withPrompt).body().promptName()).isEqualTo("qa");
			}
			else {
				assertThatIllegalArgumentException().isThrownBy(() -> IngestionEvent.observation(type, withPrompt))
					.withMessageContaining("prompt");
			}
		}
	}

	/**
	 * Zod's error text for an unknown event type, as a JSON string (the shape of a server
	 * before 3.98.2).
	 */
	private static final String ZOD_UNION_ERROR = "\"[\\n  {\\n    \\\"code\\\": \\\"invalid_union_discriminator\\\","
			+ "\\n    \\\"options\\\": [\\\"trace-create\\\", \\\"span-create\\\", \\\"generation-create\\\"],"
			+ "\\n    \\\"path\\\": [\\n      \\\"type\\\"\\n    ],\\n    \\\"message\\\": \\\"Invalid "
			+ "discriminator value. Expected 'trace-create' | 'span-create' | 'generation-create'\\\"\\n  }\\n]\"";

	/**
	 * Answers like a server before 3.98.2: the seven newer observation types fail zod's
	 * discriminated union.
	 */
	static Response beforeTypedObservations(LoopbackServer.Recorded request) {
		StringBuilder successes = new StringBuilder();
		StringBuilder errors = new StringBuilder();
		for (JsonNode event : TestJson.read(request.body()).path("batch")) {
			String id = event.path("id").asString();
			String type = event.path("type").asString();
			if (List
				.of("agent-create", "tool-create", "chain-create", "retriever-create", "evaluator-create",
						"embedding-create", "guardrail-create")
				.contains(type)) {
				errors.append((errors.length() > 0) ? "," : "")
					.append("{\"id\":\"")
					.append(id)
					.append("\",\"status\":400,\"message\":\"Invalid request data\",\"error\":")
					.append(ZOD_UNION_ERROR)
					.append('}');
			}
			else {
				successes.append((successes.length() > 0) ? "," : "")
					.append("{\"id\":\"")
					.append(id)
					.append("\",\"status\":201}");
			}
		}
		return Response.json(207, "{\"successes\":[" + successes + "],\"errors\":[" + errors + "]}");
	}

	@Test
	void typedObservationRejectedByAnOldServerIsSentAgainAsASpanOrGeneration(CapturedOutput output) {
		this.server.respond(LoopbackServer.INGESTION, IngestionStoredAsSetTest::beforeTypedObservations);
		IngestConfig config = config(this.server).protocol(IngestConfig.Protocol.INGESTION).maxRetries(0).build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			AgentCreate agent = new AgentCreate("agent-envelope", at(0),
					ObservationBody.builder("a-1")
						.traceId("t-old")
						.name("planner")
						.startTime(at(0))
						.endTime(at(5))
						.metadata(Map.of("tenant", "acme"))
						.model("gpt-4o")
						.build());
			ingest.enqueue(agent);
			ingest.enqueue(IngestionEvent.observation(ObservationType.TOOL,
					ObservationBody.builder("tool-1")
						.traceId("t-old")
						.name("search")
						.startTime(at(1))
						.metadata("plain text")
						.build()));
			ingest.enqueue(new SpanCreate("span-envelope", at(2),
					ObservationBody.builder("s-1").traceId("t-old").name("step").build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			// a second batch: the warning is not repeated
			ingest.enqueue(IngestionEvent.observation(ObservationType.CHAIN,
					ObservationBody.builder("c-1").traceId("t-old").name("chain").build()));
			assertThat(ingest.flush(AWAIT)).isTrue();

			List<JsonNode> spans = events().stream()
				.filter((e) -> List.of("span-create", "generation-create").contains(e.path("type").asString()))
				.toList();
			JsonNode agentSpan = spans.stream()
				.filter((e) -> e.path("body").path("id").asString().equals("a-1"))
				.findFirst()
				.orElseThrow();
			assertThat(agentSpan.path("id").asString()).isNotEqualTo("agent-envelope");
			assertThat(agentSpan.path("timestamp").asString()).isEqualTo(at(0).toString());
			// it has a model, which a span cannot carry: a generation, as these servers
			// store it over OTLP
			assertThat(agentSpan.path("type").asString()).isEqualTo("generation-create");
			assertThat(agentSpan.path("body").path("model").asString()).isEqualTo("gpt-4o");
			assertThat(agentSpan.path("body").path("name").asString()).isEqualTo("planner");
			assertThat(agentSpan.path("body").path("metadata"))
				.isEqualTo(TestJson.read("{\"tenant\":\"acme\",\"langfuse_observation_type\":\"agent\"}"));
			JsonNode toolSpan = spans.stream()
				.filter((e) -> e.path("body").path("id").asString().equals("tool-1"))
				.findFirst()
				.orElseThrow();
			assertThat(toolSpan.path("type").asString()).isEqualTo("span-create");
			assertThat(toolSpan.path("body").path("metadata"))
				.isEqualTo(TestJson.read("{\"metadata\":\"plain text\",\"langfuse_observation_type\":\"tool\"}"));
			assertThat(spans).anySatisfy((e) -> assertThat(e.path("body").path("id").asString()).isEqualTo("c-1"));
			assertThat(events()).extracting((e) -> e.path("id").asString()).doesNotHaveDuplicates();

			IngestStats stats = ingest.stats();
			assertThat(stats.accepted()).isEqualTo(4);
			assertThat(stats.sent()).isEqualTo(4);
			assertThat(stats.rejected()).isZero();
			assertBalanced(stats);
		}
		assertThat(output.getAll().lines().filter((l) -> l.contains("langfuse_observation_type"))).hasSize(1);
	}

}
