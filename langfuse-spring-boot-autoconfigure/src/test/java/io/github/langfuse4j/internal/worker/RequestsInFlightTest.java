package io.github.langfuse4j.internal.worker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.LoopbackServer.Response;
import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;

import static io.github.langfuse4j.internal.worker.IngestTestSupport.assertAccounted;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.config;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Up to {@code max-requests-in-flight} requests on the wire at once, with the accounting,
 * the 429 pause and the shutdown deadline kept; gzip on the OTLP endpoint (issue 13, the
 * scale question and compression).
 */
class RequestsInFlightTest {

	private static final Duration AWAIT = Duration.ofSeconds(20);

	/** Holds every request until {@link #open} and counts how many are held at once. */
	private static final class Gate implements LoopbackServer.Responder {

		final CountDownLatch open = new CountDownLatch(1);

		final AtomicInteger held = new AtomicInteger();

		final AtomicInteger most = new AtomicInteger();

		@Override
		public Response respond(LoopbackServer.Recorded request) {
			this.most.accumulateAndGet(this.held.incrementAndGet(), Math::max);
			try {
				this.open.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.held.decrementAndGet();
			return LoopbackServer.langfuseDefault(request);
		}

	}

	@ParameterizedTest
	@EnumSource(IngestConfig.Protocol.class)
	void whileTheServerTakesItsTimeSeveralRequestsAreInFlightAndEveryEventIsAccounted(IngestConfig.Protocol protocol) {
		try (LoopbackServer server = new LoopbackServer()) {
			Gate gate = new Gate();
			server.respond(LoopbackServer.INGESTION, gate).respond(LoopbackServer.OTLP, gate);
			LangfuseIngest ingest = LangfuseIngest.create(config(server).protocol(protocol)
				.maxBatch(10)
				.maxRequestsInFlight(3)
				.flushInterval(Duration.ofMillis(50))
				.build());
			for (int i = 0; i < 200; i++) {
				ingest.enqueue(trace("t" + i));
			}
			await().atMost(AWAIT).until(() -> gate.held.get() == 3);
			// the fourth request waits for an answer; meanwhile every event is queued or
			// in flight
			assertThat(gate.most.get()).isEqualTo(3);
			assertAccounted(ingest.stats());
			assertThat(ingest.stats().queued()).isEqualTo(200);
			gate.open.countDown();
			assertThat(ingest.flush(AWAIT)).isTrue();
			IngestStats stats = ingest.stats();
			assertThat(stats.sent()).as("%s", stats).isEqualTo(200);
			assertAccounted(stats);
			assertThat(gate.most.get()).as("never more than max-requests-in-flight").isEqualTo(3);
			ingest.close();
		}
	}

	@Test
	void closeWithEveryRequestHungReturnsWithinTheBoundAndCountsEverythingAsShutdown() {
		try (LoopbackServer server = new LoopbackServer()) {
			server.respond(LoopbackServer.INGESTION, server.stall());
			LangfuseIngest ingest = LangfuseIngest.create(config(server).maxBatch(10)
				.maxRequestsInFlight(4)
				.queueCapacity(10_000)
				.readTimeout(Duration.ofMinutes(1))
				.shutdownTimeout(Duration.ofSeconds(1))
				.build());
			for (int i = 0; i < 5_000; i++) {
				ingest.enqueue(trace("t" + i));
			}
			await().atMost(AWAIT).until(() -> server.requests().size() == 4);
			long start = System.nanoTime();
			ingest.close();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			// shutdown-timeout plus the documented margin of about 100 ms, with slack for
			// a loaded 2-core machine
			assertThat(took).isLessThanOrEqualTo(Duration.ofMillis(1_600));
			IngestStats stats = ingest.stats();
			assertAccounted(stats);
			assertThat(stats.dropped(DropReason.SHUTDOWN)).as("%s", stats).isEqualTo(5_000);
			server.releaseStalled();
		}
	}

	@Test
	void a429PausesEverySender() {
		try (LoopbackServer server = new LoopbackServer()) {
			List<Long> arrivals = new CopyOnWriteArrayList<>();
			AtomicInteger calls = new AtomicInteger();
			server.respond(LoopbackServer.INGESTION, LoopbackServer.responder((request) -> {
				arrivals.add(System.nanoTime());
				return (calls.getAndIncrement() == 0) ? Response.json(429, "{}").withHeader("Retry-After", "1")
						: LoopbackServer.langfuseDefault(request);
			}));
			LangfuseIngest ingest = LangfuseIngest
				.create(config(server).maxBatch(10).maxRequestsInFlight(4).maxRetries(1).build());
			for (int i = 0; i < 10; i++) {
				ingest.enqueue(trace("a" + i));
			}
			// the client has the 429 (the pause begins before the failure is reported)
			await().atMost(AWAIT).until(() -> ingest.stats().lastFailure() != null);
			long answered = arrivals.get(0);
			for (int i = 0; i < 40; i++) {
				ingest.enqueue(trace("b" + i));
			}
			assertThat(ingest.flush(AWAIT)).isTrue();
			assertThat(ingest.stats().sent()).isEqualTo(50);
			assertThat(arrivals).hasSizeGreaterThanOrEqualTo(5);
			for (long arrival : arrivals.subList(1, arrivals.size())) {
				assertThat(arrival - answered).as("no sender posts during the pause")
					.isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
			}
			ingest.close();
		}
	}

	@Test
	void partialFailuresOfConcurrentRequestsAreAccountedExactly() {
		try (LoopbackServer server = new LoopbackServer()) {
			server.respond(LoopbackServer.INGESTION, LoopbackServer.responder((request) -> {
				StringBuilder successes = new StringBuilder();
				StringBuilder errors = new StringBuilder();
				for (String id : request.eventIds()) {
					boolean bad = Math.floorMod(id.hashCode(), 2) == 0;
					StringBuilder to = bad ? errors : successes;
					to.append((to.length() > 0) ? "," : "")
						.append("{\"id\":\"")
						.append(id)
						.append("\",\"status\":")
						.append(bad ? "400,\"message\":\"invalid\"" : "201")
						.append('}');
				}
				return Response.json(207, "{\"successes\":[" + successes + "],\"errors\":[" + errors + "]}")
					.delayedBy(Duration.ofMillis(20));
			}));
			LangfuseIngest ingest = LangfuseIngest
				.create(config(server).maxBatch(25).maxRequestsInFlight(4).queueCapacity(10_000).build());
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 2_000; i++) {
				IngestionEvent event = (i % 2 == 0) ? trace("t" + i) : IngestionEvent.observation(ObservationType.SPAN,
						ObservationBody.builder("s" + i).traceId("t" + (i - 1)).name("s").build());
				ids.add(event.id());
				ingest.enqueue(event);
			}
			long bad = ids.stream().filter((id) -> Math.floorMod(id.hashCode(), 2) == 0).count();
			assertThat(ingest.flush(AWAIT)).isTrue();
			IngestStats stats = ingest.stats();
			assertAccounted(stats);
			assertThat(stats.rejected()).as("%s", stats).isEqualTo(bad);
			assertThat(stats.sent()).isEqualTo(2_000 - bad);
			assertThat(stats.queued()).isZero();
			ingest.close();
		}
	}

	@Test
	void gzipOtlpBodiesInflateToTheSameJsonAndCarryTheHeaderScoresStayPlain() {
		byte[] plain = otlpBody(IngestConfig.Compression.NONE, null);
		List<LoopbackServer.Recorded> scores = new ArrayList<>();
		byte[] gzipped = otlpBody(IngestConfig.Compression.GZIP, scores);
		String inflated = new String(gunzip(gzipped), java.nio.charset.StandardCharsets.UTF_8);
		// the same trace, the same JSON but for the root's random span id and the times
		// the exporter stamps
		assertThat(inflated.replaceAll("[0-9a-f]{16}", "id").replaceAll("[0-9]", "0"))
			.isEqualTo(new String(plain, java.nio.charset.StandardCharsets.UTF_8).replaceAll("[0-9a-f]{16}", "id")
				.replaceAll("[0-9]", "0"));
		assertThat(inflated).startsWith("{\"resourceSpans\"").contains("the same words again");
		assertThat(gzipped.length).isLessThan(plain.length / 3);
		assertThat(scores).hasSize(1);
		assertThat(scores.get(0).header("Content-Encoding")).isNull();
		assertThat(scores.get(0).bodyText()).startsWith("{\"batch\":[");
	}

	/**
	 * The body of the one OTLP request for a fixed trace; checks the Content-Encoding
	 * header on the way.
	 */
	private static byte[] otlpBody(IngestConfig.Compression compression, List<LoopbackServer.Recorded> scores) {
		try (LoopbackServer server = new LoopbackServer()) {
			LangfuseIngest ingest = LangfuseIngest
				.create(config(server).protocol(IngestConfig.Protocol.OTLP).otlpCompression(compression).build());
			String text = "the same words again and again ".repeat(40);
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("s-1")
						.traceId("t-1")
						.name("step")
						.input(text)
						.startTime(java.time.Instant.parse("2025-01-01T00:00:00Z"))
						.endTime(java.time.Instant.parse("2025-01-01T00:00:01Z"))
						.build()));
			ingest.enqueue(trace("t-1"));
			if (scores != null) {
				ingest.enqueue(ScoreCreate.of(ScoreBody.builder("quality").traceId("t-1").value(1.0).build()));
			}
			assertThat(ingest.flush(AWAIT)).isTrue();
			ingest.close();
			List<LoopbackServer.Recorded> otlp = server.requests(LoopbackServer.OTLP);
			assertThat(otlp).hasSize(1);
			assertThat(otlp.get(0).header("Content-Encoding"))
				.isEqualTo((compression == IngestConfig.Compression.GZIP) ? "gzip" : null);
			if (scores != null) {
				scores.addAll(server.requests(LoopbackServer.INGESTION));
			}
			return otlp.get(0).body();
		}
	}

	private static byte[] gunzip(byte[] bytes) {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
