package io.github.langfuse4j.internal.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.langfuse4j.FaultServer;
import io.github.langfuse4j.FaultServer.Fault;
import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestConfig.Protocol;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseHttpClientCustomizer;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;
import io.github.langfuse4j.ingest.RequestObserver;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;
import io.github.langfuse4j.internal.transport.RetryTimings;
import io.github.langfuse4j.internal.transport.Transports;

import static io.github.langfuse4j.internal.worker.IngestTestSupport.PUBLIC_KEY;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.SECRET_KEY;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.assertAccounted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The fault suite: several producers push tens of thousands of events through a
 * {@link FaultServer} that answers with 5xx, 429, 413, mixed 207s, garbage, slow answers
 * and closed connections, in both protocols. After {@code close()} every event must be
 * accounted exactly once, and the client's {@code sent} must equal what the server
 * acknowledged, each acknowledged event or span exactly once. Every log line of every
 * test is checked for secrets and event content.
 */
@ExtendWith(OutputCaptureExtension.class)
class FaultInjectionTest {

	/** Put into every input, output and metadata; must never show up in a log line. */
	static final String CONTENT = "CONTENT-7f3a";

	private static final int PRODUCERS = 4;

	/** Events per load test: units of trace, span, generation and score. */
	private static final int EVENTS = 20_000;

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void noSecretOrContentInAnyLogLine(CapturedOutput output) throws Exception {
		// in reverse, like try-with-resources: each exporter is closed before the server
		// it talks to
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		assertThat(output.getAll()).doesNotContain(CONTENT).doesNotContain(SECRET_KEY).doesNotContain("Basic ");
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

	/** One kind of fault per scenario, plus all of them mixed. */
	enum Scenario {

		SERVER_ERROR, RATE_LIMITED, TOO_LARGE, MIXED_207, GARBAGE, SLOW, RESET, MIX;

		FaultServer.Builder server() {
			FaultServer.Builder builder = FaultServer.builder().seed(ordinal() + 1);
			return switch (this) {
				case SERVER_ERROR -> builder.fault(Fault.OK, 8).fault(Fault.SERVER_ERROR, 2);
				// each 429 pauses all sending for a second: a few are enough
				case RATE_LIMITED ->
					builder.fault(Fault.OK, 8).fault(Fault.RATE_LIMITED, 2).limit(Fault.RATE_LIMITED, 2);
				case TOO_LARGE -> builder.fault(Fault.OK, 6).fault(Fault.TOO_LARGE, 4);
				case MIXED_207 -> builder.fault(Fault.OK, 7).fault(Fault.MIXED_207, 3);
				case GARBAGE -> builder.fault(Fault.OK, 5).fault(Fault.GARBAGE, 3).fault(Fault.TRUNCATED_JSON, 2);
				case SLOW -> builder.fault(Fault.OK, 8).fault(Fault.SLOW, 2).limit(Fault.SLOW, 4);
				case RESET -> builder.fault(Fault.OK, 8).fault(Fault.RESET, 1).fault(Fault.CUT_BODY, 1);
				case MIX -> builder.fault(Fault.OK, 20)
					.fault(Fault.SERVER_ERROR, 2)
					.fault(Fault.RATE_LIMITED, 1)
					.limit(Fault.RATE_LIMITED, 2)
					.fault(Fault.TOO_LARGE, 2)
					.fault(Fault.MIXED_207, 3)
					.fault(Fault.GARBAGE, 1)
					.fault(Fault.TRUNCATED_JSON, 1)
					.fault(Fault.SLOW, 1)
					.limit(Fault.SLOW, 3)
					.fault(Fault.RESET, 1)
					.fault(Fault.CUT_BODY, 1);
			};
		}

		/**
		 * Far above the time a normal answer takes on loopback, so that only injected
		 * slowness times out (an answer the client timed out on may be re-sent); short
		 * where slowness is injected, to keep the suite fast.
		 */
		Duration readTimeout() {
			return (this == SLOW || this == MIX) ? Duration.ofMillis(600) : Duration.ofSeconds(3);
		}

		List<Fault> injected() {
			return switch (this) {
				case GARBAGE -> List.of(Fault.GARBAGE, Fault.TRUNCATED_JSON);
				case RESET -> List.of(Fault.RESET, Fault.CUT_BODY);
				case MIX -> List.of(Fault.SERVER_ERROR, Fault.TOO_LARGE, Fault.MIXED_207, Fault.RESET);
				default -> List.of(Fault.valueOf(name()));
			};
		}

	}

	static Stream<Arguments> protocolsAndScenarios() {
		return Stream.of(Protocol.values())
			.flatMap((protocol) -> Stream.of(Scenario.values()).map((scenario) -> Arguments.of(protocol, scenario)));
	}

	static IngestConfig.Builder config(String url, Protocol protocol) {
		return IngestConfig.builder()
			.host(url)
			.publicKey(PUBLIC_KEY)
			.secretKey(SECRET_KEY)
			.protocol(protocol)
			.maxBatch(500)
			.queueCapacity(EVENTS + 1_000)
			.flushInterval(Duration.ofMillis(100))
			.connectTimeout(Duration.ofSeconds(2))
			.maxRetries(2)
			.shutdownTimeout(Duration.ofSeconds(20));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("protocolsAndScenarios")
	void everyEventIsAccountedOnceAndEveryAcknowledgedEventArrivedOnce(Protocol protocol, Scenario scenario) {
		FaultServer server = track(scenario.server().slowDelay(scenario.readTimeout().multipliedBy(3)).build());
		LangfuseIngest ingest = track(
				withShortBackoff(config(server.url(), protocol).readTimeout(scenario.readTimeout()).build()));
		produce(ingest, protocol, PRODUCERS, EVENTS);
		assertThat(ingest.flush(Duration.ofSeconds(60))).as("flushed").isTrue();
		ingest.close();

		IngestStats stats = ingest.stats();
		Map<Fault, Integer> injected = server.injected();
		String context = scenario + " " + protocol + ": " + stats + " injected " + injected;
		assertThat(stats.accepted()).as(context).isEqualTo(EVENTS);
		assertThat(stats.queued()).as(context).isZero();
		assertThat(stats.dropped(DropReason.QUEUE_FULL)).as(context).isZero();
		assertAccounted(stats);
		for (Fault fault : scenario.injected()) {
			assertThat(injected.getOrDefault(fault, 0)).as("%s injected; %s", fault, context).isPositive();
		}
		// no event or span acknowledged twice: a correct client re-sends only what it did
		// not see succeed
		assertThat(server.acknowledgedEvents().entrySet().stream().filter((e) -> e.getValue() != 1).toList())
			.as("events with more than one 201; " + context)
			.isEmpty();
		assertThat(server.acknowledgedSpans().entrySet().stream().filter((e) -> e.getValue() != 1).toList())
			.as("spans in more than one successful request; " + context)
			.isEmpty();
		// the client's accounting matches the server's
		assertThat(stats.sent()).as("sent = acknowledged by the server; " + context).isEqualTo(server.acknowledged());
		assertThat(stats.rejected()).as("rejected = per-event 400s; " + context).isEqualTo(server.rejectedEvents());
		if (scenario == Scenario.MIXED_207 || scenario == Scenario.MIX) {
			assertThat(stats.rejected()).as(context).isPositive();
		}
	}

	/**
	 * An exporter whose retries wait 5 to 20 ms instead of 250 ms doubling: what is
	 * retried, and how often, stays as configured; only the waiting is shortened (the
	 * timing itself is {@code LangfuseHttpRetryTimingsTest}'s).
	 */
	private static LangfuseIngest withShortBackoff(IngestConfig config) {
		RetryTimings timings = new RetryTimings(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(20));
		return new BatchingLangfuseIngest(config, (outcomes, requests) -> Transports.create(config,
				LangfuseRestClientCustomizer.NONE, LangfuseHttpClientCustomizer.NONE, outcomes, requests, timings),
				RequestObserver.NONE);
	}

	/**
	 * {@code enqueue} never waits for the worker: while the worker is parked in a request
	 * to a server that hangs for minutes, 230,000 calls on the application's thread all
	 * return (most of them on the drop path of a small queue), no more requests than may
	 * be in flight were made, and every call is accounted for. The bound is liveness (an
	 * enqueue that waited for the hung request would not return before the stall ends),
	 * not speed: speed is measured in the JMH module.
	 */
	@ParameterizedTest
	@EnumSource(Protocol.class)
	void enqueueNeverWaitsForAHungServer(Protocol protocol) {
		LoopbackServer server = track(new LoopbackServer());
		server.respond(LoopbackServer.INGESTION, server.stall()).respond(LoopbackServer.OTLP, server.stall());
		LangfuseIngest ingest = track(LangfuseIngest.create(config(server.url(), protocol).queueCapacity(2_048)
			.maxBatch(100)
			.readTimeout(Duration.ofMinutes(10))
			.shutdownTimeout(Duration.ofMillis(500))
			.build()));
		List<IngestionEvent> events = new ArrayList<>();
		for (int i = 0; i < 250; i++) {
			events.addAll(unit("lat-" + i));
		}
		for (int i = 0; i < 100; i++) {
			ingest.enqueue(events.get(i));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> !server.requests().isEmpty());
		assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
			for (int i = 0; i < 230_000; i++) {
				ingest.enqueue(events.get(i % events.size()));
			}
		}, "enqueue waited for the hung server");
		IngestStats stats = ingest.stats();
		assertThat(stats.accepted()).as("every call accounted").isEqualTo(230_100);
		assertThat(stats.dropped(DropReason.QUEUE_FULL)).as("the small queue filled").isPositive();
		assertThat(server.requests()).as("no more requests than may be in flight, all stalled")
			.hasSizeLessThanOrEqualTo(IngestConfig.DEFAULT_MAX_REQUESTS_IN_FLIGHT);
	}

	@ParameterizedTest
	@EnumSource(Protocol.class)
	void shutdownFinishesWithinTheTimeoutWhileTheServerHangs(Protocol protocol) {
		LoopbackServer server = track(new LoopbackServer());
		server.respond(LoopbackServer.INGESTION, server.stall()).respond(LoopbackServer.OTLP, server.stall());
		Duration shutdownTimeout = Duration.ofSeconds(1);
		LangfuseIngest ingest = track(LangfuseIngest.create(config(server.url(), protocol).maxBatch(100)
			.readTimeout(Duration.ofMinutes(1))
			.shutdownTimeout(shutdownTimeout)
			.build()));
		for (int i = 0; i < 500; i++) {
			unit("hang-" + i).forEach(ingest::enqueue);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> !server.requests().isEmpty());
		long start = System.nanoTime();
		assertTimeoutPreemptively(Duration.ofSeconds(15), ingest::close);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		// generous slack over the timeout for a loaded machine; a close that waits for
		// the server takes a minute
		assertThat(took).isLessThan(shutdownTimeout.plusSeconds(2));
		IngestStats stats = ingest.stats();
		assertThat(stats.accepted()).isEqualTo(2_000);
		assertThat(stats.queued()).isZero();
		assertThat(stats.sent()).isZero();
		assertAccounted(stats);
	}

	@ParameterizedTest
	@EnumSource(Protocol.class)
	void retriesNeverStallShutdownPastTheTimeout(Protocol protocol) {
		LoopbackServer server = track(new LoopbackServer());
		LoopbackServer.Responder unavailable = (r) -> LoopbackServer.Response.json(503, "{}");
		server.respond(LoopbackServer.INGESTION, unavailable).respond(LoopbackServer.OTLP, unavailable);
		Duration shutdownTimeout = Duration.ofSeconds(1);
		LangfuseIngest ingest = track(LangfuseIngest.create(config(server.url(), protocol).maxRetries(5)
			.flushInterval(Duration.ofMillis(20))
			.readTimeout(Duration.ofSeconds(5))
			.shutdownTimeout(shutdownTimeout)
			.build()));
		for (int i = 0; i < 50; i++) {
			unit("retry-" + i).forEach(ingest::enqueue);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> server.requests().size() >= 2);
		long start = System.nanoTime();
		assertTimeoutPreemptively(Duration.ofSeconds(15), ingest::close);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(shutdownTimeout.plusSeconds(2));
		IngestStats stats = ingest.stats();
		assertThat(stats.accepted()).isEqualTo(200);
		assertThat(stats.queued()).isZero();
		assertThat(stats.sent()).isZero();
		assertAccounted(stats);
	}

	@ParameterizedTest(name = "HTTP {0}")
	@ValueSource(ints = { 503, 429, 500 })
	void maxRetriesZeroMeansExactlyOneRequest(int status) {
		LoopbackServer server = track(new LoopbackServer());
		server.respond(LoopbackServer.INGESTION,
				(r) -> LoopbackServer.Response.json(status, "{}").withHeader("Retry-After", "1"));
		LangfuseIngest ingest = track(LangfuseIngest
			.create(config(server.url(), Protocol.INGESTION).maxRetries(0).flushInterval(Duration.ofHours(1)).build()));
		unit("once").forEach(ingest::enqueue);
		assertThat(ingest.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(server.requests()).hasSize(1);
		assertThat(ingest.stats().failed()).isEqualTo(4);
		assertAccounted(ingest.stats());
	}

	@ParameterizedTest(name = "HTTP {0}")
	@ValueSource(ints = { 400, 401, 403, 405 })
	void clientErrorsAreNeverRetried(int status) {
		LoopbackServer server = track(new LoopbackServer());
		LoopbackServer.Responder refuse = (r) -> LoopbackServer.Response.json(status, "{\"message\":\"no\"}");
		server.respond(LoopbackServer.INGESTION, refuse).respond(LoopbackServer.OTLP, refuse);
		for (Protocol protocol : Protocol.values()) {
			LangfuseIngest ingest = track(LangfuseIngest
				.create(config(server.url(), protocol).maxRetries(2).flushInterval(Duration.ofHours(1)).build()));
			unit("refused-" + protocol).forEach(ingest::enqueue);
			assertThat(ingest.flush(Duration.ofSeconds(20))).isTrue();
			ingest.close();
			assertThat(ingest.stats().rejected()).isEqualTo(4);
			assertAccounted(ingest.stats());
		}
		// ingestion: one request; otlp: one for the spans, one for the score
		assertThat(server.requests()).hasSize(3);
	}

	@Test
	void a207ResendsOnlyTheEventsWithTransientErrors() {
		LoopbackServer server = track(new LoopbackServer());
		List<List<String>> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
		server.respond(LoopbackServer.INGESTION, (request) -> {
			List<String> ids = request.eventIds();
			arrivals.add(System.nanoTime());
			received.add(ids);
			if (received.size() > 1) {
				return LoopbackServer.Response.json(207, LoopbackServer.allSucceeded(request));
			}
			return LoopbackServer.Response.json(207,
					"{\"successes\":[{\"id\":\"" + ids.get(0) + "\",\"status\":201}," + "{\"id\":\"" + ids.get(4)
							+ "\",\"status\":201}],\"errors\":[" + "{\"id\":\"" + ids.get(1)
							+ "\",\"status\":500,\"message\":\"oops\"}," + "{\"id\":\"" + ids.get(2)
							+ "\",\"status\":429,\"message\":\"slow down\"}," + "{\"id\":\"" + ids.get(3)
							+ "\",\"status\":400,\"message\":\"Invalid request data\"}," + "{\"id\":\"" + ids.get(5)
							+ "\",\"status\":503,\"message\":\"unavailable\"}]}");
		});
		LangfuseIngest ingest = track(LangfuseIngest
			.create(config(server.url(), Protocol.INGESTION).maxRetries(1).flushInterval(Duration.ofHours(1)).build()));
		unit("a").forEach(ingest::enqueue);
		unit("b").forEach(ingest::enqueue);
		assertThat(ingest.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(received).hasSize(2);
		List<String> first = received.get(0);
		assertThat(received.get(1)).containsExactly(first.get(1), first.get(2), first.get(5));
		// resent after the backoff (250 ms with jitter: at least 125 ms), not at once
		assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(120));
		IngestStats stats = ingest.stats();
		assertThat(stats.sent()).isEqualTo(7);
		assertThat(stats.rejected()).isEqualTo(1);
		assertAccounted(stats);
	}

	@Test
	void anEventEnqueuedTwiceIsAccountedTwiceInA207WithErrors() {
		LoopbackServer server = track(new LoopbackServer());
		server.respond(LoopbackServer.INGESTION, (request) -> {
			List<String> ids = request.eventIds();
			String last = ids.get(ids.size() - 1);
			return LoopbackServer.Response.json(207, "{\"successes\":[],\"errors\":[{\"id\":\"" + last
					+ "\",\"status\":400,\"message\":\"Invalid request data\"}]}");
		});
		LangfuseIngest ingest = track(LangfuseIngest
			.create(config(server.url(), Protocol.INGESTION).flushInterval(Duration.ofHours(1)).build()));
		IngestionEvent twice = IngestTestSupport.trace("twice");
		ingest.enqueue(twice);
		ingest.enqueue(twice);
		ingest.enqueue(IngestTestSupport.trace("refused"));
		assertThat(ingest.flush(Duration.ofSeconds(20))).isTrue();
		IngestStats stats = ingest.stats();
		assertThat(stats.accepted()).isEqualTo(3);
		assertThat(stats.sent()).isEqualTo(2);
		assertThat(stats.rejected()).isEqualTo(1);
		assertAccounted(stats);
	}

	@Test
	void anEventOfExactlyTheRequestLimitGoesInOneRequest() {
		LoopbackServer server = track(new LoopbackServer());
		IngestionEvent event = IngestTestSupport.trace("exact");
		LangfuseIngest probe = track(LangfuseIngest
			.create(config(server.url(), Protocol.INGESTION).flushInterval(Duration.ofHours(1)).build()));
		probe.enqueue(event);
		assertThat(probe.flush(Duration.ofSeconds(20))).isTrue();
		int exact = server.requests().get(0).body().length;
		LangfuseIngest ingest = track(
				LangfuseIngest.create(config(server.url(), Protocol.INGESTION).maxBatchBytes(exact)
					.flushInterval(Duration.ofHours(1))
					.build()));
		ingest.enqueue(event);
		assertThat(ingest.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(server.requests()).hasSize(2);
		assertThat(server.requests().get(1).body()).hasSize(exact);
		assertThat(ingest.stats().sent()).isEqualTo(1);
	}

	@Test
	void aSuccessWithAnUnreadableBodyCountsAsSentAndIsReported(CapturedOutput output) {
		LoopbackServer server = track(new LoopbackServer());
		server.respond(LoopbackServer.INGESTION,
				(request) -> LoopbackServer.Response.text(200, "<html>" + request.bodyText() + "</html>"));
		LangfuseIngest ingest = track(LangfuseIngest
			.create(config(server.url(), Protocol.INGESTION).flushInterval(Duration.ofHours(1)).build()));
		for (int i = 0; i < 3; i++) {
			unit("echo-" + i).forEach(ingest::enqueue);
			assertThat(ingest.flush(Duration.ofSeconds(20))).isTrue();
		}
		assertThat(ingest.stats().sent()).isEqualTo(12);
		assertThat(output.getAll().split("not an ingestion result", -1)).hasSize(2);
	}

	/**
	 * Bad credentials: one ERROR naming the host and the public key, and sending goes on
	 * at the normal pace (no backoff, no pause), so that rotated keys work at once; 50
	 * refused batches log at most a couple of lines.
	 */
	@ParameterizedTest(name = "HTTP {0}")
	@ValueSource(ints = { 401, 403 })
	void badCredentialsLogOneErrorAndSendingContinues(int status, CapturedOutput output) {
		LoopbackServer server = track(new LoopbackServer());
		LoopbackServer.Responder refuse = (r) -> LoopbackServer.Response.json(status,
				"{\"message\":\"Invalid credentials. Confirm that you've configured the correct host.\"}");
		server.respond(LoopbackServer.INGESTION, refuse);
		LangfuseIngest ingest = track(LangfuseIngest
			.create(config(server.url(), Protocol.INGESTION).maxRetries(2).flushInterval(Duration.ofHours(1)).build()));
		long start = System.nanoTime();
		for (int i = 0; i < 50; i++) {
			unit("auth-" + i).forEach(ingest::enqueue);
			assertThat(ingest.flush(Duration.ofSeconds(20))).isTrue();
		}
		// 50 round trips on loopback; a backoff or a pause per batch would take minutes
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
		assertThat(server.requests()).hasSize(50);
		assertThat(ingest.stats().rejected()).isEqualTo(200);
		String[] lines = output.getAll().split("\\R");
		// lines of this exporter only: a sender of an earlier test's exporter may still
		// log its last line
		List<String> loggedLines = java.util.Arrays.stream(lines)
			.filter((l) -> l.contains("Langfuse") && (l.contains(server.url()) || !l.contains("http://127.0.0.1:")))
			.toList();
		assertThat(loggedLines).as(output.getAll()).hasSizeBetween(1, 2);
		assertThat(loggedLines.get(0)).contains("ERROR")
			.contains(server.url())
			.contains(PUBLIC_KEY)
			.contains("HTTP " + status);
		// the keys were rotated: events go out again at once
		server.respond(LoopbackServer.INGESTION, LoopbackServer::langfuseDefault);
		unit("rotated").forEach(ingest::enqueue);
		assertThat(ingest.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(ingest.stats().sent()).isEqualTo(4);
		assertAccounted(ingest.stats());
	}

	/**
	 * Pushes {@code events} events from {@code producers} threads: per unit a span, a
	 * generation (both complete), their trace-create and a score on the trace. In OTLP
	 * mode that is three spans released at once and a score.
	 */
	static void produce(LangfuseIngest ingest, Protocol protocol, int producers, int events) {
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			int producer = p;
			Thread thread = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int unit = 0; unit < events / producers / 4; unit++) {
					for (IngestionEvent event : unit("p" + producer + "-" + unit)) {
						ingest.enqueue(event);
					}
				}
			}, "producer-" + p);
			threads.add(thread);
			thread.start();
		}
		start.countDown();
		for (Thread thread : threads) {
			try {
				thread.join(Duration.ofSeconds(60).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			assertThat(thread.isAlive()).as("producer finished").isFalse();
		}
	}

	static List<IngestionEvent> unit(String key) {
		String traceId = "trace-" + key;
		return List.of(
				IngestionEvent.observation(ObservationType.SPAN,
						ObservationBody.builder("span-" + key)
							.traceId(traceId)
							.name("retrieve")
							.startTime(T0)
							.endTime(T0.plusMillis(5))
							.input(CONTENT + " query " + key)
							.output(CONTENT + " documents")
							.build()),
				IngestionEvent.observation(ObservationType.GENERATION,
						ObservationBody.builder("gen-" + key)
							.traceId(traceId)
							.parentObservationId("span-" + key)
							.name("llm")
							.startTime(T0.plusMillis(1))
							.endTime(T0.plusMillis(4))
							.model("m")
							.input(CONTENT + " prompt")
							.output(CONTENT + " answer")
							.metadata(Map.of("note", CONTENT))
							.build()),
				TraceCreate.of(TraceBody.builder(traceId)
					.name("request")
					.userId("user-1")
					.input(CONTENT + " in")
					.output(CONTENT + " out")
					.metadata(Map.of("secretish", CONTENT))
					.build()),
				ScoreCreate.of(ScoreBody.builder("quality")
					.traceId(traceId)
					.value(0.5)
					.comment(CONTENT + " comment")
					.metadata(Map.of("why", CONTENT))
					.build()));
	}

}
