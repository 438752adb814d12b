package io.github.langfuse4j.internal.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.LoopbackServer.Response;
import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.internal.transport.OtlpExportTest.assertBalanced;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.at;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery in OTLP mode: every span exported exactly once, bounded buffers, accounting,
 * and the handling of 400, 401, 403, 413 and 429 answers.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtlpDeliveryTest {

	private final LoopbackServer server = new LoopbackServer();

	@AfterEach
	void stop() {
		this.server.close();
	}

	/**
	 * Enqueues a complete trace of three observations and its trace-create: five events,
	 * four spans.
	 */
	static void enqueueTrace(LangfuseIngest ingest, String traceId) {
		ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
				ObservationBody.builder(traceId + "-span").traceId(traceId).name("span").startTime(at(0)).build()));
		ingest.enqueue(IngestionEvent.observation(ObservationType.GENERATION,
				ObservationBody.builder(traceId + "-gen")
					.traceId(traceId)
					.parentObservationId(traceId + "-span")
					.name("gen")
					.startTime(at(1))
					.endTime(at(5))
					.model("m")
					.build()));
		ingest.enqueue(IngestionEvent.observation(ObservationType.EVENT,
				ObservationBody.builder(traceId + "-event").traceId(traceId).name("event").startTime(at(3)).build()));
		ingest.enqueue(IngestionEvent.observationUpdate(ObservationType.SPAN,
				ObservationBody.builder(traceId + "-span").traceId(traceId).endTime(at(9)).build()));
		ingest.enqueue(TraceCreate.of(TraceBody.builder(traceId).name("trace " + traceId).userId("u").build()));
	}

	static void assertNoDuplicateSpanIds(List<SpanJson.Span> spans) {
		Set<String> seen = new HashSet<>();
		List<String> duplicates = new ArrayList<>();
		for (SpanJson.Span span : spans) {
			if (!seen.add(span.traceId() + "/" + span.spanId())) {
				duplicates.add(span.name() + " " + span.spanId());
			}
		}
		assertThat(duplicates).as("span ids sent more than once").isEmpty();
	}

	@Test
	void everySpanIsExportedExactlyOnceOverManyFlushes() {
		int rounds = 30;
		int tracesPerRound = 4;
		Set<String> traced = new HashSet<>();
		LangfuseIngest ingest = LangfuseIngest.create(config(this.server).maxBatch(7).build());
		try {
			for (int round = 0; round < rounds; round++) {
				for (int t = 0; t < tracesPerRound; t++) {
					String traceId = "trace-" + round + "-" + t;
					traced.add(OtlpIds.traceId(traceId));
					enqueueTrace(ingest, traceId);
				}
				// an observation without trace data: waits for it, is exported at
				// shutdown
				ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
						ObservationBody.builder("loose-" + round)
							.traceId("loose-trace-" + round)
							.startTime(at(0))
							.endTime(at(1))
							.build()));
				if (round > 0) {
					// a late observation of a trace whose root is already exported: its
					// own span, below that root
					String previous = "trace-" + (round - 1) + "-0";
					ingest.enqueue(IngestionEvent.observation(ObservationType.TOOL,
							ObservationBody.builder("late-" + round)
								.traceId(previous)
								.name("late")
								.startTime(at(20))
								.endTime(at(21))
								.build()));
				}
				assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			}
		}
		finally {
			ingest.close();
		}
		List<SpanJson.Span> spans = SpanJson.spans(this.server);
		assertNoDuplicateSpanIds(spans);
		int traces = rounds * tracesPerRound;
		assertThat(spans).hasSize(traces * 4 + rounds + (rounds - 1));
		for (SpanJson.Span span : spans) {
			if (traced.contains(span.traceId())) {
				assertThat(span.string("langfuse.trace.name")).as(span.toString()).startsWith("trace ");
				assertThat(span.string("user.id")).isEqualTo("u");
			}
		}
		for (SpanJson.Span late : spans.stream().filter((s) -> s.name().equals("late")).toList()) {
			SpanJson.Span root = spans.stream()
				.filter((s) -> s.traceId().equals(late.traceId()) && s.parentSpanId() == null)
				.findFirst()
				.orElseThrow();
			assertThat(late.parentSpanId()).isEqualTo(root.spanId());
		}
		IngestStats stats = ingest.stats();
		assertThat(stats.sent()).isEqualTo(traces * 5L + rounds + (rounds - 1));
		assertThat(stats.queued()).isZero();
		assertBalanced(stats);
	}

	@Test
	void aFloodOfNeverCompletedObservationsIsBounded() {
		int flood = 10_500;
		LangfuseIngest ingest = LangfuseIngest.create(config(this.server).queueCapacity(20_000).build());
		try {
			for (int i = 0; i < flood; i++) {
				ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
						ObservationBody.builder("open-" + i)
							.traceId("flood-" + (i % 50))
							.name("open")
							.startTime(at(i))
							.build()));
			}
			assertThat(ingest.flush(Duration.ofSeconds(60))).isTrue();
			IngestStats stats = ingest.stats();
			assertThat(stats.dropped(DropReason.BUFFER_FULL)).isEqualTo(500);
			assertThat(stats.queued()).isEqualTo(10_000);
			assertThat(SpanJson.spans(this.server)).isEmpty();
			assertBalanced(stats);
		}
		finally {
			ingest.close();
		}
		// at shutdown the open observations are exported as they are, once each
		List<SpanJson.Span> spans = SpanJson.spans(this.server);
		assertThat(spans).hasSize(10_000);
		assertNoDuplicateSpanIds(spans);
		assertThat(spans).allSatisfy(
				(s) -> assertThat(s.node().path("endTimeUnixNano")).isEqualTo(s.node().path("startTimeUnixNano")));
		IngestStats stats = ingest.stats();
		assertThat(stats.sent()).isEqualTo(10_000);
		assertThat(stats.queued()).isZero();
		assertBalanced(stats);
	}

	@Test
	void anUpdateAfterExportIsRejectedNotResentAndALateTraceCreateIsAFurtherRoot() {
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			enqueueTrace(ingest, "t-late");
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(SpanJson.spans(this.server)).hasSize(4);
			ingest.enqueue(IngestionEvent.observationUpdate(ObservationType.SPAN,
					ObservationBody.builder("t-late-span").output("too late").build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-late").output("too late").build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			// the observation update is rejected; the trace-create becomes a further root
			// of its own (issue 11)
			List<SpanJson.Span> spans = SpanJson.spans(this.server);
			assertThat(spans).hasSize(5);
			assertNoDuplicateSpanIds(spans);
			assertThat(spans.get(4).parentSpanId()).isNull();
			assertThat(spans.get(4).string("langfuse.observation.output")).isEqualTo("too late");
			IngestStats stats = ingest.stats();
			assertThat(stats.sent()).isEqualTo(6);
			assertThat(stats.rejected()).isEqualTo(1);
			assertBalanced(stats);
		}
	}

	@Test
	void badRequestRejectsTheRequestAndLogsItsReasonAtMostOncePerInterval(CapturedOutput output) {
		this.server.respond(LoopbackServer.OTLP, (r) -> Response.json(400,
				"{\"error\":\"Invalid export: 1 span(s) rejected (spanId:not_an_id); the entire export was rejected\"}"));
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			enqueueTrace(ingest, "t-400-a");
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			enqueueTrace(ingest, "t-400-b");
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(this.server.requests(LoopbackServer.OTLP)).hasSize(2);
			IngestStats stats = ingest.stats();
			assertThat(stats.rejected()).isEqualTo(10);
			assertThat(stats.sent()).isZero();
			assertBalanced(stats);
		}
		assertThat(output.getAll().split("spanId:not_an_id", -1)).hasSize(2);
	}

	@Test
	void unauthorizedNamesHostAndPublicKey(CapturedOutput output) {
		this.server.respond(LoopbackServer.OTLP, (r) -> Response.json(401, "{\"message\":\"Invalid credentials\"}"));
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			enqueueTrace(ingest, "t-401");
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(ingest.stats().rejected()).isEqualTo(5);
			assertBalanced(ingest.stats());
		}
		assertThat(output.getAll()).contains("ERROR")
			.contains(this.server.url())
			.contains("pk-lf-test")
			.contains("HTTP 401")
			.doesNotContain("sk-lf-test");
	}

	@Test
	void forbiddenNamesHostAndPublicKey(CapturedOutput output) {
		this.server.respond(LoopbackServer.OTLP, (r) -> Response.json(403,
				"{\"message\":\"Access denied - insufficient permissions for this endpoint\"}"));
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			enqueueTrace(ingest, "t-403");
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(ingest.stats().rejected()).isEqualTo(5);
			assertBalanced(ingest.stats());
		}
		assertThat(output.getAll()).contains(this.server.url()).contains("pk-lf-test").contains("HTTP 403");
	}

	@Test
	void payloadTooLargeSplitsTheRequest() {
		this.server.respond(LoopbackServer.OTLP,
				(r) -> (SpanJson.spans(r).size() > 1) ? Response.json(413, "") : Response.json(200, "{}"));
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			enqueueTrace(ingest, "t-413");
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			List<SpanJson.Span> accepted = new ArrayList<>();
			for (LoopbackServer.Recorded request : this.server.requests(LoopbackServer.OTLP)) {
				List<SpanJson.Span> spans = SpanJson.spans(request);
				if (spans.size() == 1) {
					accepted.addAll(spans);
				}
			}
			assertThat(accepted).hasSize(4);
			assertNoDuplicateSpanIds(accepted);
			assertThat(ingest.stats().sent()).isEqualTo(5);
			assertBalanced(ingest.stats());
		}
	}

	@Test
	void aSingleSpanStillTooLargeIsDroppedAsOversize() {
		this.server.respond(LoopbackServer.OTLP, (r) -> Response.json(413, ""));
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			enqueueTrace(ingest, "t-413-all");
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			IngestStats stats = ingest.stats();
			assertThat(stats.dropped(DropReason.OVERSIZE)).isEqualTo(5);
			assertThat(stats.sent()).isZero();
			assertBalanced(stats);
		}
	}

	@Test
	void rateLimitedRequestIsRetriedAfterRetryAfter() {
		AtomicInteger calls = new AtomicInteger();
		this.server.respond(LoopbackServer.OTLP,
				(r) -> (calls.getAndIncrement() == 0)
						? Response.json(429, "{\"message\":\"rate limited\"}").withHeader("Retry-After", "1")
						: Response.json(200, "{}"));
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).maxRetries(1).build())) {
			enqueueTrace(ingest, "t-429");
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			List<LoopbackServer.Recorded> requests = this.server.requests(LoopbackServer.OTLP);
			assertThat(requests).hasSize(2);
			assertThat(requests.get(1).bodyText()).isEqualTo(requests.get(0).bodyText());
			IngestStats stats = ingest.stats();
			assertThat(stats.sent()).isEqualTo(5);
			assertThat(stats.failed()).isZero();
			assertBalanced(stats);
		}
	}

	@Test
	void whatStillFailsAfterTheRetriesIsCountedFailed() {
		this.server.respond(LoopbackServer.OTLP,
				(r) -> Response.json(429, "{\"message\":\"rate limited\"}").withHeader("Retry-After", "1"));
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).maxRetries(1).build())) {
			enqueueTrace(ingest, "t-429-fail");
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(this.server.requests(LoopbackServer.OTLP)).hasSize(2);
			IngestStats stats = ingest.stats();
			assertThat(stats.failed()).isEqualTo(5);
			assertBalanced(stats);
		}
	}

}
