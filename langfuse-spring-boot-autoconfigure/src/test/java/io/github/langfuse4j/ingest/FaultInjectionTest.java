package io.github.langfuse4j.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.langfuse4j.FaultServer;
import io.github.langfuse4j.FaultServer.Fault;
import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.IngestConfig.Protocol;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.ingest.IngestTestSupport.PUBLIC_KEY;
import static io.github.langfuse4j.ingest.IngestTestSupport.SECRET_KEY;
import static io.github.langfuse4j.ingest.IngestTestSupport.assertAccounted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The fault suite: several producers push tens of thousands of events through a {@link FaultServer} that answers
 * with 5xx, 429, 413, mixed 207s, garbage, slow answers and closed connections, in both protocols. After
 * {@code close()} every event must be accounted exactly once, and the client's {@code sent} must equal what the
 * server acknowledged, each acknowledged event or span exactly once. Every log line of every test is checked for
 * secrets and event content.
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
		for (AutoCloseable resource : this.resources) {
			resource.close();
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
				case RATE_LIMITED -> builder.fault(Fault.OK, 8).fault(Fault.RATE_LIMITED, 2).limit(Fault.RATE_LIMITED, 2);
				case TOO_LARGE -> builder.fault(Fault.OK, 6).fault(Fault.TOO_LARGE, 4);
				case MIXED_207 -> builder.fault(Fault.OK, 5).fault(Fault.MIXED_207, 5);
				case GARBAGE -> builder.fault(Fault.OK, 5).fault(Fault.GARBAGE, 3).fault(Fault.TRUNCATED_JSON, 2);
				case SLOW -> builder.fault(Fault.OK, 8).fault(Fault.SLOW, 2).limit(Fault.SLOW, 4);
				case RESET -> builder.fault(Fault.OK, 8).fault(Fault.RESET, 1).fault(Fault.CUT_BODY, 1);
				case MIX -> builder.fault(Fault.OK, 20).fault(Fault.SERVER_ERROR, 2).fault(Fault.RATE_LIMITED, 1)
					.limit(Fault.RATE_LIMITED, 2).fault(Fault.TOO_LARGE, 2).fault(Fault.MIXED_207, 3)
					.fault(Fault.GARBAGE, 1).fault(Fault.TRUNCATED_JSON, 1).fault(Fault.SLOW, 1).limit(Fault.SLOW, 3)
					.fault(Fault.RESET, 1).fault(Fault.CUT_BODY, 1);
			};
		}

		/**
		 * Far above the time a normal answer takes on loopback, so that only injected slowness times out (an answer
		 * the client timed out on may be re-sent); short where slowness is injected, to keep the suite fast.
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
		LangfuseIngest ingest = track(LangfuseIngest.create(config(server.url(), protocol)
			.readTimeout(scenario.readTimeout()).build()));
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
		// no event or span acknowledged twice: a correct client re-sends only what it did not see succeed
		assertThat(server.acknowledgedEvents().entrySet().stream().filter((e) -> e.getValue() != 1).toList())
			.as("events with more than one 201; " + context).isEmpty();
		assertThat(server.acknowledgedSpans().entrySet().stream().filter((e) -> e.getValue() != 1).toList())
			.as("spans in more than one successful request; " + context).isEmpty();
		// the client's accounting matches the server's
		assertThat(stats.sent()).as("sent = acknowledged by the server; " + context).isEqualTo(server.acknowledged());
		assertThat(stats.rejected()).as("rejected = per-event 400s; " + context).isEqualTo(server.rejectedEvents());
		if (scenario == Scenario.MIXED_207 || scenario == Scenario.MIX) {
			assertThat(stats.rejected()).as(context).isPositive();
		}
	}

	/**
	 * Pushes {@code events} events from {@code producers} threads: per unit a span, a generation (both complete),
	 * their trace-create and a score on the trace. In OTLP mode that is three spans released at once and a score.
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
				IngestionEvent.observation(ObservationType.SPAN, ObservationBody.builder("span-" + key).traceId(traceId)
					.name("retrieve").startTime(T0).endTime(T0.plusMillis(5)).input(CONTENT + " query " + key)
					.output(CONTENT + " documents").build()),
				IngestionEvent.observation(ObservationType.GENERATION,
						ObservationBody.builder("gen-" + key).traceId(traceId).parentObservationId("span-" + key)
							.name("llm").startTime(T0.plusMillis(1)).endTime(T0.plusMillis(4)).model("m")
							.input(CONTENT + " prompt").output(CONTENT + " answer")
							.metadata(Map.of("note", CONTENT)).build()),
				TraceCreate.of(TraceBody.builder(traceId).name("request").userId("user-1").input(CONTENT + " in")
					.output(CONTENT + " out").metadata(Map.of("secretish", CONTENT)).build()),
				ScoreCreate.of(ScoreBody.builder("quality").traceId(traceId).value(0.5).comment(CONTENT + " comment")
					.metadata(Map.of("why", CONTENT)).build()));
	}

}
