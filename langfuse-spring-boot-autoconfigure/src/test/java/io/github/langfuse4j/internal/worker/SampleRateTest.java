package io.github.langfuse4j.internal.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.InvalidSettingException;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.internal.worker.IngestTestSupport.assertAccounted;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code sample-rate} on the exporter itself: every event of a sampled-out trace (its
 * trace, observations and scores) is counted as sampled out and never reaches the wire;
 * scores of a session are always sent; the kept traces are the ones OpenTelemetry's
 * {@code TraceIdRatioBased} sampler keeps for the same ratio.
 */
class SampleRateTest {

	private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

	private static final int TRACES = 200;

	private static final int SESSION_SCORES = 10;

	@ParameterizedTest
	@EnumSource(IngestConfig.Protocol.class)
	void aSampledOutTraceSendsNothingAndIsCountedAsSampledOut(IngestConfig.Protocol protocol) {
		double rate = 0.5;
		List<String> traceIds = randomTraceIds(TRACES, 42);
		Set<String> kept = keptByOpenTelemetry(traceIds, rate);
		assertThat(kept).hasSizeBetween(60, 140);
		try (LoopbackServer server = new LoopbackServer()) {
			IngestStats stats;
			try (LangfuseIngest ingest = LangfuseIngest
				.create(config(server).protocol(protocol).sampleRate(rate).build())) {
				for (String traceId : traceIds) {
					assertThat(ingest.isSampled(traceId)).as(traceId).isEqualTo(kept.contains(traceId));
					enqueueTrace(ingest, traceId);
				}
				for (int i = 0; i < SESSION_SCORES; i++) {
					ingest.enqueue(ScoreCreate.of(ScoreBody.builder("feedback")
						.id("s-session-" + i)
						.sessionId("session-" + i)
						.value(1)
						.build()));
				}
				assertThat(ingest.isSampled(null)).isTrue();
				assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
				stats = ingest.stats();
			}
			assertAccounted(stats);
			int sampledOut = TRACES - kept.size();
			assertThat(stats.sampledOut()).isEqualTo(4L * sampledOut);
			assertThat(stats.sent()).isEqualTo(4L * kept.size() + SESSION_SCORES);
			assertThat(stats.droppedTotal()).isZero();
			assertThat(stats.accepted()).isEqualTo(4L * TRACES + SESSION_SCORES);
			Wire wire = Wire.read(server);
			assertThat(wire.traceIds).isEqualTo(kept);
			assertThat(wire.sessionIds).hasSize(SESSION_SCORES);
		}
	}

	@ParameterizedTest
	@EnumSource(IngestConfig.Protocol.class)
	void rateZeroSendsOnlyScoresOutsideTraces(IngestConfig.Protocol protocol) {
		List<String> traceIds = randomTraceIds(20, 7);
		try (LoopbackServer server = new LoopbackServer()) {
			IngestStats stats;
			try (LangfuseIngest ingest = LangfuseIngest
				.create(config(server).protocol(protocol).sampleRate(0).build())) {
				traceIds.forEach((id) -> enqueueTrace(ingest, id));
				// a business-key trace id (not hex) is sampled out too
				enqueueTrace(ingest, "order-4711");
				ingest.enqueue(ScoreCreate
					.of(ScoreBody.builder("feedback").id("s-session").sessionId("session-1").value(1).build()));
				assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
				stats = ingest.stats();
			}
			assertAccounted(stats);
			assertThat(stats.sampledOut()).isEqualTo(4L * 21);
			assertThat(stats.sent()).isEqualTo(1);
			Wire wire = Wire.read(server);
			assertThat(wire.traceIds).isEmpty();
			assertThat(wire.sessionIds).containsExactly("session-1");
		}
	}

	@Test
	void rateOneKeepsEverything() {
		try (LoopbackServer server = new LoopbackServer()) {
			IngestStats stats;
			try (LangfuseIngest ingest = LangfuseIngest.create(config(server).build())) {
				randomTraceIds(50, 3).forEach((id) -> enqueueTrace(ingest, id));
				assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
				stats = ingest.stats();
			}
			assertThat(stats.sampledOut()).isZero();
			assertThat(stats.sent()).isEqualTo(200);
		}
	}

	@Test
	void theRateIsCheckedAtBuildTime() {
		for (double rate : new double[] { -0.1, 1.5, Double.NaN }) {
			assertThatExceptionOfType(InvalidSettingException.class)
				.isThrownBy(() -> IngestConfig.builder().sampleRate(rate).build())
				.withMessageContaining("sample-rate")
				.withMessageContaining("between 0.0");
		}
		assertThat(IngestConfig.builder().sampleRate(0).build().sampleRate()).isZero();
		assertThat(IngestConfig.builder().build().sampleRate()).isEqualTo(1.0);
		assertThat(IngestConfig.builder().sampleRate(0.25).build().toBuilder().build().sampleRate()).isEqualTo(0.25);
	}

	private static void enqueueTrace(LangfuseIngest ingest, String traceId) {
		ingest.enqueue(TraceCreate.of(TraceBody.builder(traceId).name("trace").timestamp(AT).build()));
		for (int i = 0; i < 2; i++) {
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder(traceId.substring(0, 8) + "-o" + i)
						.traceId(traceId)
						.name("step")
						.startTime(AT)
						.endTime(AT.plusMillis(1))
						.build()));
		}
		ingest
			.enqueue(ScoreCreate.of(ScoreBody.builder("quality").id("s-" + traceId).traceId(traceId).value(1).build()));
	}

	static List<String> randomTraceIds(int count, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			byte[] bytes = new byte[16];
			random.nextBytes(bytes);
			ids.add(HexFormat.of().formatHex(bytes));
		}
		return ids;
	}

	static Set<String> keptByOpenTelemetry(List<String> traceIds, double rate) {
		Sampler sampler = Sampler.traceIdRatioBased(rate);
		Set<String> kept = new HashSet<>();
		for (String id : traceIds) {
			if (sampler.shouldSample(Context.root(), id, "trace", SpanKind.INTERNAL, Attributes.empty(), List.of())
				.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
				kept.add(id);
			}
		}
		return kept;
	}

	/** The trace ids and session ids that reached the server, in either protocol. */
	private record Wire(Set<String> traceIds, List<String> sessionIds) {

		static Wire read(LoopbackServer server) {
			Set<String> traceIds = new HashSet<>();
			List<String> sessionIds = new ArrayList<>();
			for (LoopbackServer.Recorded request : server.requests()) {
				JsonNode body = TestJson.read(request.body());
				if (request.path().equals(LoopbackServer.OTLP)) {
					for (JsonNode resource : body.path("resourceSpans")) {
						for (JsonNode scope : resource.path("scopeSpans")) {
							for (JsonNode span : scope.path("spans")) {
								traceIds.add(span.path("traceId").asString());
							}
						}
					}
					continue;
				}
				for (JsonNode event : body.path("batch")) {
					JsonNode eventBody = event.path("body");
					String type = event.path("type").asString();
					if (type.equals("trace-create")) {
						traceIds.add(eventBody.path("id").asString());
					}
					else if (eventBody.hasNonNull("traceId")) {
						traceIds.add(eventBody.path("traceId").asString());
					}
					else if (eventBody.hasNonNull("sessionId")) {
						sessionIds.add(eventBody.path("sessionId").asString());
					}
				}
			}
			return new Wire(traceIds, sessionIds);
		}

	}

}
