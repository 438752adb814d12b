package io.github.langfuse4j.internal.worker;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.LoopbackServer.Recorded;
import io.github.langfuse4j.LoopbackServer.Response;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.internal.json.LangfuseJson;

import static io.github.langfuse4j.internal.worker.IngestTestSupport.PUBLIC_KEY;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.SECRET_KEY;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.assertAccounted;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.config;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.span;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The exporter against a real HTTP server on loopback, in the ingestion protocol. */
@ExtendWith(OutputCaptureExtension.class)
class BatchingLangfuseIngestTest {

	private static final Duration AWAIT = Duration.ofSeconds(20);

	private final LoopbackServer server = new LoopbackServer();

	private final List<LangfuseIngest> exporters = new ArrayList<>();

	@AfterEach
	void close(CapturedOutput output) {
		this.exporters.forEach(LangfuseIngest::close);
		this.server.close();
		assertThat(output.getAll()).doesNotContain(SECRET_KEY).doesNotContain("Basic ");
	}

	private LangfuseIngest start(IngestConfig config) {
		LangfuseIngest ingest = LangfuseIngest.create(config);
		this.exporters.add(ingest);
		return ingest;
	}

	@Test
	void sendsABatchAsSoonAsMaxBatchEventsWait() {
		LangfuseIngest ingest = start(config(this.server).maxBatch(5).build());
		for (int i = 0; i < 5; i++) {
			ingest.enqueue(trace("t" + i));
		}
		await().atMost(AWAIT).until(() -> this.server.requests().size() == 1);
		assertThat(this.server.requests().get(0).eventIds()).hasSize(5);
		await().atMost(AWAIT).until(() -> ingest.stats().sent() == 5);
	}

	@Test
	void sendsAPartialBatchWhenTheFlushIntervalPasses() {
		LangfuseIngest ingest = start(config(this.server).maxBatch(100).flushInterval(Duration.ofMillis(200)).build());
		ingest.enqueue(trace("a"));
		ingest.enqueue(trace("b"));
		ingest.enqueue(trace("c"));
		await().atMost(AWAIT).until(() -> this.server.requests().size() == 1);
		assertThat(this.server.requests().get(0).eventIds()).hasSize(3);
	}

	@Test
	void flushSendsEverythingEnqueuedAndWaitsForTheAnswer() {
		LangfuseIngest ingest = start(config(this.server).maxBatch(4).build());
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			IngestionEvent event = trace("t" + i);
			ids.add(event.id());
			ingest.enqueue(event);
		}
		assertThat(ingest.flush(AWAIT)).isTrue();
		// no await: flush returned only after the server answered
		List<String> received = this.server.requests().stream().flatMap((r) -> r.eventIds().stream()).toList();
		// requests in flight at once may arrive in any order
		assertThat(received).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(ingest.stats().sent()).isEqualTo(10);
		assertAccounted(ingest.stats());
	}

	@Test
	void flushWithNothingQueuedSendsNothing() {
		LangfuseIngest ingest = start(config(this.server).build());
		assertThat(ingest.flush(AWAIT)).isTrue();
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void flushTimesOutWhileTheServerHangs() {
		this.server.respond(LoopbackServer.INGESTION, this.server.stall());
		LangfuseIngest ingest = start(config(this.server).readTimeout(Duration.ofSeconds(30))
			.shutdownTimeout(Duration.ofMillis(500))
			.build());
		ingest.enqueue(trace("a"));
		assertThat(ingest.flush(Duration.ofMillis(200))).isFalse();
	}

	@Test
	void flushAfterCloseReturnsAtOnce() {
		LangfuseIngest ingest = start(config(this.server).build());
		ingest.close();
		boolean flushed = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> ingest.flush(Duration.ofMinutes(5)));
		assertThat(flushed).isTrue();
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void requestHasTheDocumentedHeadersAndBody() {
		LangfuseIngest ingest = start(config(this.server).host(this.server.url() + "/").build());
		IngestionEvent first = trace("t1");
		IngestionEvent second = span("s1", null);
		ingest.enqueue(first);
		ingest.enqueue(second);
		assertThat(ingest.flush(AWAIT)).isTrue();
		Recorded request = this.server.requests().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/api/public/ingestion");
		String credentials = Base64.getEncoder()
			.encodeToString((PUBLIC_KEY + ":" + SECRET_KEY).getBytes(StandardCharsets.UTF_8));
		assertThat(request.header("Authorization")).isEqualTo("Basic " + credentials);
		assertThat(request.header("Content-Type")).startsWith("application/json");
		assertThat(request.header("x-langfuse-sdk-name")).isEqualTo("langfuse-spring-boot-starter");
		assertThat(request.header("x-langfuse-sdk-version")).isNotBlank().isNotEqualTo("unknown");
		String expected = "{\"batch\":[" + LangfuseJson.mapper().writeValueAsString(first) + ","
				+ LangfuseJson.mapper().writeValueAsString(second) + "]}";
		assertThat(request.bodyText()).isEqualTo(expected);
		JsonNode event = TestJson.read(request.body()).path("batch").path(0);
		assertThat(event.path("type").asString()).isEqualTo("trace-create");
		assertThat(event.path("body").path("userId").asString()).isEqualTo("user-1");
	}

	@Test
	void closeSendsWhatIsQueuedOnTheCallingThread() {
		LangfuseIngest ingest = start(config(this.server).build());
		for (int i = 0; i < 10; i++) {
			ingest.enqueue(trace("t" + i));
		}
		ingest.close();
		assertThat(this.server.requests()).hasSize(1);
		assertThat(this.server.requests().get(0).eventIds()).hasSize(10);
		assertThat(ingest.stats().sent()).isEqualTo(10);
		assertAccounted(ingest.stats());
	}

	@Test
	void closeGivesUpAtTheShutdownTimeoutWhileTheServerHangs(CapturedOutput output) {
		this.server.respond(LoopbackServer.INGESTION, this.server.stall());
		LangfuseIngest ingest = start(config(this.server).maxBatch(5)
			.readTimeout(Duration.ofMinutes(1))
			.shutdownTimeout(Duration.ofMillis(500))
			.build());
		for (int i = 0; i < 5; i++) {
			ingest.enqueue(trace("t" + i));
		}
		await().atMost(AWAIT).until(() -> this.server.requests().size() == 1);
		for (int i = 0; i < 7; i++) {
			ingest.enqueue(trace("u" + i));
		}
		assertTimeoutPreemptively(Duration.ofSeconds(30), ingest::close);
		IngestStats stats = ingest.stats();
		assertThat(stats.sent()).isZero();
		assertThat(stats.dropped(DropReason.SHUTDOWN)).isEqualTo(12);
		assertAccounted(stats);
		assertThat(output).contains("shutdown timeout");
		assertTimeoutPreemptively(Duration.ofSeconds(30), ingest::close);
	}

	@Test
	void dropsAndCountsWhenTheQueueIsFullWhileTheServerStalls(CapturedOutput output) {
		this.server.respond(LoopbackServer.INGESTION, this.server.stall());
		LangfuseIngest ingest = start(config(this.server).maxBatch(5)
			.queueCapacity(10)
			.maxRequestsInFlight(1)
			.readTimeout(Duration.ofMinutes(1))
			.shutdownTimeout(Duration.ofMillis(200))
			.build());
		for (int i = 0; i < 5; i++) {
			ingest.enqueue(trace("t" + i));
		}
		await().atMost(AWAIT).until(() -> this.server.requests().size() == 1);
		for (int i = 0; i < 1000; i++) {
			ingest.enqueue(trace("u" + i));
		}
		// the worker writes the next request while the first is on the wire, so it takes
		// one more batch out of the queue, before, during or after the loop: offer until
		// the queue is full again behind it
		await().atMost(AWAIT).until(() -> {
			ingest.enqueue(trace("w"));
			return ingest.stats().queued() == 20;
		});
		long accepted = ingest.stats().accepted();
		for (int i = 0; i < 100; i++) {
			ingest.enqueue(trace("x" + i));
		}
		IngestStats stats = ingest.stats();
		assertThat(stats.accepted()).isEqualTo(accepted + 100);
		assertThat(stats.queued()).as("10 in the queue, 5 in the request in flight, 5 in the one written ahead")
			.isEqualTo(20);
		assertThat(stats.dropped(DropReason.QUEUE_FULL)).isEqualTo(stats.accepted() - 20);
		await().atMost(AWAIT).until(() -> output.getAll().contains("queue full; dropping telemetry events"));
		assertThat(output.getAll().split("queue full; dropping", -1)).hasSize(2);
	}

	@Test
	void countsEventsTheServerRejectsInA207(CapturedOutput output) {
		this.server.respond(LoopbackServer.INGESTION, (request) -> {
			List<String> ids = request.eventIds();
			return Response.json(207,
					"{\"successes\":[{\"id\":\"" + ids.get(0) + "\",\"status\":201}]," + "\"errors\":[{\"id\":\""
							+ ids.get(1) + "\",\"status\":400,\"message\":\"Invalid request data\","
							+ "\"error\":\"name too long\"},{\"id\":\"" + ids.get(2) + "\",\"status\":400}]}");
		});
		LangfuseIngest ingest = start(config(this.server).build());
		ingest.enqueue(trace("a"));
		ingest.enqueue(trace("b"));
		ingest.enqueue(trace("c"));
		assertThat(ingest.flush(AWAIT)).isTrue();
		IngestStats stats = ingest.stats();
		assertThat(stats.sent()).isEqualTo(1);
		assertThat(stats.rejected()).isEqualTo(2);
		assertAccounted(stats);
		assertThat(output).contains("did not accept 2 of 3 events").contains("Invalid request data: name too long");
	}

	@Test
	void countsTheWholeBatchAsRejectedOnA400(CapturedOutput output) {
		this.server.respond(LoopbackServer.INGESTION,
				(request) -> Response.json(400, "{\"message\":\"Invalid request data\",\"errors\":[\"batch\"]}"));
		LangfuseIngest ingest = start(config(this.server).build());
		ingest.enqueue(trace("a"));
		ingest.enqueue(trace("b"));
		assertThat(ingest.flush(AWAIT)).isTrue();
		assertThat(ingest.stats().rejected()).isEqualTo(2);
		assertThat(output).contains("answered HTTP 400").contains("Invalid request data");
	}

	@Test
	void countsTheBatchAsFailedOnA500WithoutRetries(CapturedOutput output) {
		this.server.respond(LoopbackServer.INGESTION,
				(request) -> Response.json(500, "{\"error\":\"Internal Server Error\"}"));
		LangfuseIngest ingest = start(config(this.server).build());
		ingest.enqueue(trace("a"));
		assertThat(ingest.flush(AWAIT)).isTrue();
		assertThat(ingest.stats().failed()).isEqualTo(1);
		assertThat(this.server.requests()).hasSize(1);
		assertThat(output).contains("answered HTTP 500");
	}

	@Test
	void retriesTransientFailuresWithTheSameEventIds() {
		List<Integer> statuses = new ArrayList<>(List.of(503, 502));
		this.server.respond(LoopbackServer.INGESTION, (request) -> {
			synchronized (statuses) {
				if (!statuses.isEmpty()) {
					return Response.json(statuses.remove(0), "{}");
				}
			}
			return Response.json(207, LoopbackServer.allSucceeded(request));
		});
		LangfuseIngest ingest = start(config(this.server).maxRetries(2).build());
		ingest.enqueue(trace("a"));
		ingest.enqueue(trace("b"));
		assertThat(ingest.flush(AWAIT)).isTrue();
		List<Recorded> requests = this.server.requests();
		assertThat(requests).hasSize(3);
		assertThat(requests.get(2).eventIds()).isEqualTo(requests.get(0).eventIds());
		assertThat(ingest.stats().sent()).isEqualTo(2);
		assertThat(ingest.stats().failed()).isZero();
	}

	@Test
	void countsTheBatchAsFailedWhenTheConnectionIsRefused(CapturedOutput output) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		LangfuseIngest ingest = start(config(this.server).host("http://127.0.0.1:" + port).build());
		ingest.enqueue(trace("a"));
		ingest.enqueue(trace("b"));
		assertThat(ingest.flush(AWAIT)).isTrue();
		assertThat(ingest.stats().failed()).isEqualTo(2);
		assertAccounted(ingest.stats());
		assertThat(output).contains("failed: ").contains("127.0.0.1:" + port);
	}

	@Test
	void dropsAnUnserializableEventAloneAndSendsTheRest(CapturedOutput output) {
		LangfuseIngest ingest = start(config(this.server).build());
		IngestionEvent good1 = trace("a");
		IngestionEvent bad = span("s1", IngestTestSupport.unserializable());
		IngestionEvent good2 = trace("c");
		ingest.enqueue(good1);
		ingest.enqueue(bad);
		ingest.enqueue(good2);
		assertThat(ingest.flush(AWAIT)).isTrue();
		assertThat(this.server.requests().get(0).eventIds()).containsExactly(good1.id(), good2.id());
		IngestStats stats = ingest.stats();
		assertThat(stats.dropped(DropReason.SERIALIZATION)).isEqualTo(1);
		assertThat(stats.sent()).isEqualTo(2);
		assertAccounted(stats);
		assertThat(output).contains("Dropped Langfuse event " + bad.id());
	}

	@Test
	void enqueueRejectsNull() {
		LangfuseIngest ingest = start(config(this.server).build());
		assertThatNullPointerException().isThrownBy(() -> ingest.enqueue(null)).withMessageContaining("event");
		assertThatNullPointerException().isThrownBy(() -> LangfuseIngest.noop().enqueue(null))
			.withMessageContaining("event");
	}

	@Test
	void enqueueAfterCloseDropsAndCounts() {
		LangfuseIngest ingest = start(config(this.server).build());
		ingest.close();
		ingest.enqueue(trace("late"));
		IngestStats stats = ingest.stats();
		assertThat(stats.accepted()).isEqualTo(1);
		assertThat(stats.dropped(DropReason.SHUTDOWN)).isEqualTo(1);
		assertAccounted(stats);
	}

	@Test
	void enqueueRacingCloseLeavesNothingQueuedAndEverythingAccounted() throws Exception {
		LangfuseIngest ingest = start(
				config(this.server).maxBatch(50).queueCapacity(500).shutdownTimeout(Duration.ofSeconds(2)).build());
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch running = new CountDownLatch(2);
		List<Thread> producers = new ArrayList<>();
		for (int p = 0; p < 2; p++) {
			Thread producer = new Thread(() -> {
				running.countDown();
				while (!stop.get()) {
					ingest.enqueue(trace("t"));
					Thread.yield(); // leave the 2-core machine to the worker and the
									// closing thread too
				}
			});
			producer.start();
			producers.add(producer);
		}
		running.await();
		await().atMost(AWAIT).until(() -> ingest.stats().sent() > 0);
		ingest.close();
		stop.set(true);
		for (Thread producer : producers) {
			producer.join(AWAIT.toMillis());
		}
		IngestStats stats = ingest.stats();
		// Whether any enqueue lost the race (and was dropped as "shutdown") depends on
		// scheduling; what must hold either way is that nothing stays queued and every
		// accepted event has exactly one outcome.
		assertThat(stats.queued()).isZero();
		assertThat(stats.sent()).isPositive();
		assertAccounted(stats);
	}

	@Test
	void workerRunsOnOneDaemonThreadNamedLangfuseIngest() {
		LangfuseIngest ingest = start(config(this.server).maxBatch(1).build());
		ingest.enqueue(trace("a"));
		await().atMost(AWAIT).until(() -> this.server.requests().size() == 1);
		List<Thread> workers = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((t) -> t.getName().equals("langfuse-ingest"))
			.toList();
		assertThat(workers).isNotEmpty().allMatch(Thread::isDaemon);
		ingest.close();
		await().atMost(AWAIT)
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((t) -> t.getName().equals("langfuse-ingest") && t.isAlive() && workers.contains(t)));
	}

}
