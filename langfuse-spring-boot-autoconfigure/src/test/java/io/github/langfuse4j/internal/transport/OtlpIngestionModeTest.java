package io.github.langfuse4j.internal.transport;

import java.time.Duration;
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
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.internal.transport.OtlpExportTest.assertBalanced;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.at;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other side of the protocol switch: {@code langfuse.protocol: ingestion} against a
 * v4 server (which accepts only scores there), and the configured environment and release
 * on ingestion events.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtlpIngestionModeTest {

	private final LoopbackServer server = new LoopbackServer();

	@AfterEach
	void stop() {
		this.server.close();
	}

	/**
	 * Answers like a v4 server: scores succeed, every other event gets "Event type not
	 * accepted".
	 */
	static Response v4(LoopbackServer.Recorded request) {
		StringBuilder successes = new StringBuilder();
		StringBuilder errors = new StringBuilder();
		for (JsonNode event : TestJson.read(request.body()).path("batch")) {
			String id = event.path("id").asString();
			if (event.path("type").asString().equals("score-create")) {
				successes.append((successes.length() > 0) ? "," : "")
					.append("{\"id\":\"")
					.append(id)
					.append("\",\"status\":201}");
			}
			else {
				errors.append((errors.length() > 0) ? "," : "")
					.append("{\"id\":\"")
					.append(id)
					.append("\",\"status\":400,\"message\":\"Event type not accepted\",\"error\":\"")
					.append(event.path("type").asString())
					.append(" is not accepted on v4\"}");
			}
		}
		return Response.json(207, "{\"successes\":[" + successes + "],\"errors\":[" + errors + "]}");
	}

	@Test
	void v4ServerInIngestionModeLogsOneErrorPointingToOtlp(CapturedOutput output) {
		this.server.respond(LoopbackServer.INGESTION, OtlpIngestionModeTest::v4);
		IngestConfig config = config(this.server).protocol(IngestConfig.Protocol.INGESTION).build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			for (int i = 0; i < 3; i++) {
				ingest.enqueue(TraceCreate.of(TraceBody.builder("t-v4-" + i).name("v4").build()));
				ingest.enqueue(ScoreCreate.of(ScoreBody.builder("s").traceId("t-v4-" + i).value(1.0).build()));
				assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			}
			assertThat(this.server.requests(LoopbackServer.INGESTION)).hasSize(3);
			assertThat(this.server.requests(LoopbackServer.OTLP)).isEmpty();
			IngestStats stats = ingest.stats();
			assertThat(stats.sent()).isEqualTo(3);
			assertThat(stats.rejected()).isEqualTo(3);
			assertBalanced(stats);
		}
		String log = output.getAll();
		assertThat(log.split("langfuse.protocol: otlp", -1)).hasSize(2);
		assertThat(log.lines().filter((l) -> l.contains("langfuse.protocol: otlp"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("ERROR"));
	}

	@Test
	void environmentAndReleaseAreFilledIntoIngestionEvents() {
		IngestConfig config = config(this.server).protocol(IngestConfig.Protocol.INGESTION)
			.environment("staging")
			.release("2.0.1")
			.build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-env").name("env").build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-own").environment("dev").release("own").build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.GENERATION,
					ObservationBody.builder("g-env").traceId("t-env").startTime(at(0)).model("m").build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("s-own").traceId("t-env").environment("dev").build()));
			ingest.enqueue(ScoreCreate.of(ScoreBody.builder("s").traceId("t-env").value(1.0).build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			JsonNode batch = TestJson.read(this.server.requests(LoopbackServer.INGESTION).get(0).body()).path("batch");
			assertThat(batch).hasSize(5);
			assertThat(body(batch, 0)).containsEntry("environment", "staging").containsEntry("release", "2.0.1");
			assertThat(body(batch, 1)).containsEntry("environment", "dev").containsEntry("release", "own");
			assertThat(batch.get(2).path("type").asString()).isEqualTo("generation-create");
			assertThat(body(batch, 2)).containsEntry("environment", "staging")
				.containsEntry("model", "m")
				.doesNotContainKey("release");
			assertThat(body(batch, 3)).containsEntry("environment", "dev");
			assertThat(batch.get(4).path("type").asString()).isEqualTo("score-create");
			assertThat(body(batch, 4)).containsEntry("environment", "staging").containsEntry("traceId", "t-env");
			assertThat(ingest.stats().sent()).isEqualTo(5);
		}
	}

	@Test
	void environmentAndReleaseAreOnEverySpanAndOnScoresInOtlpMode() {
		IngestConfig config = config(this.server).environment("staging").release("2.0.1").build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("s-1")
						.traceId("t-otlp-env")
						.name("plain")
						.startTime(at(0))
						.endTime(at(1))
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("s-2")
						.traceId("t-otlp-env")
						.name("own")
						.environment("dev")
						.startTime(at(0))
						.endTime(at(1))
						.build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-otlp-env").name("env-trace").build()));
			ingest.enqueue(ScoreCreate.of(ScoreBody.builder("s").traceId("t-otlp-env").value(1.0).build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			var spans = SpanJson.spans(this.server);
			assertThat(spans).hasSize(3);
			assertThat(spans).allSatisfy((s) -> assertThat(s.string("langfuse.release")).isEqualTo("2.0.1"));
			assertThat(SpanJson.byName(spans, "plain").string("langfuse.environment")).isEqualTo("staging");
			assertThat(SpanJson.byName(spans, "env-trace").string("langfuse.environment")).isEqualTo("staging");
			assertThat(SpanJson.byName(spans, "own").string("langfuse.environment")).isEqualTo("dev");
			JsonNode resource = TestJson.read(this.server.requests(LoopbackServer.OTLP).get(0).body())
				.path("resourceSpans")
				.get(0)
				.path("resource")
				.path("attributes");
			assertThat(SpanJson.attributes(resource).get("langfuse.environment").path("stringValue").asString())
				.isEqualTo("staging");
			assertThat(SpanJson.attributes(resource).get("langfuse.release").path("stringValue").asString())
				.isEqualTo("2.0.1");
			JsonNode score = TestJson.read(this.server.requests(LoopbackServer.INGESTION).get(0).body())
				.path("batch")
				.get(0)
				.path("body");
			assertThat(score.path("environment").asString()).isEqualTo("staging");
			assertThat(score.path("traceId").asString()).isEqualTo(OtlpIds.traceId("t-otlp-env"));
		}
	}

	private static Map<String, Object> body(JsonNode batch, int index) {
		Map<String, Object> map = new java.util.LinkedHashMap<>();
		batch.get(index)
			.path("body")
			.properties()
			.forEach((e) -> map.put(e.getKey(),
					e.getValue().isString() ? e.getValue().asString() : e.getValue().toString()));
		return map;
	}

}
