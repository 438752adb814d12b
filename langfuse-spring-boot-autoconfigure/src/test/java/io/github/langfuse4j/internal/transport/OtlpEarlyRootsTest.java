package io.github.langfuse4j.internal.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;
import io.github.langfuse4j.ingest.RequestObserver;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.internal.transport.OtlpExportTest.assertBalanced;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.at;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The roots of complete traces leave as soon as a full request's worth of spans is ready,
 * not only once per flush interval (issue 13, the scale question in OTLP mode): under
 * load a second of complete traces no longer waits in the span buffer. At low rates
 * nothing changes: roots still leave at the tick, so requests stay big. The last, partial
 * request of such an early export waits for the next export (or the tick), so that
 * requests are full.
 */
class OtlpEarlyRootsTest {

	private static final int MAX_BATCH = 10;

	private final LoopbackServer server = new LoopbackServer();

	private final CountedOutcomes outcomes = new CountedOutcomes();

	private OtlpTransport transport;

	@AfterEach
	void stop() {
		if (this.transport != null) {
			this.transport.close();
		}
		this.server.close();
	}

	private OtlpTransport transport() {
		IngestConfig config = config(this.server).maxBatch(MAX_BATCH).build();
		LangfuseHttp http = new LangfuseHttp(config, LangfuseRestClientCustomizer.NONE, RequestObserver.NONE);
		ResponseLog log = new ResponseLog(config.host(), config.publicKey());
		Senders senders = new Senders(config.maxRequestsInFlight(), 64 * 1024,
				RequestBody.retainedSize(config.maxBatchBytes(), config.maxEventBytes()), this.outcomes);
		this.transport = new OtlpTransport(config, http, this.outcomes, log,
				new IngestionTransport(config, http, this.outcomes, log, senders), senders,
				SpanAssembler.Limits.DEFAULT);
		return this.transport;
	}

	/**
	 * A trace as the tracing API sends it: its generation when it ends, then the trace's
	 * data.
	 */
	private static List<IngestionEvent> trace(int i) {
		return List.of(
				IngestionEvent.observation(ObservationType.GENERATION,
						ObservationBody.builder("gen-" + i)
							.traceId("trace-" + i)
							.name("llm-" + i)
							.startTime(at(i))
							.endTime(at(i + 1))
							.input("question " + i)
							.output("answer " + i)
							.build()),
				new TraceCreate("trace-event-" + i, at(i + 2),
						TraceBody.builder("trace-" + i).name("trace-" + i).timestamp(at(i)).build()));
	}

	private static List<IngestionEvent> traces(int from, int count) {
		List<IngestionEvent> events = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			events.addAll(trace(i));
		}
		return events;
	}

	@Test
	void completeRootsBeyondMaxBatchLeaveWithoutATick() {
		OtlpTransport transport = transport();
		// one batch of 20 complete traces (40 events): 20 generations and 20 roots are
		// ready, four requests' worth
		transport.send(traces(0, 20), Transport.NO_DEADLINE);
		transport.awaitRequests(Transport.NO_DEADLINE);
		assertThat(SpanJson.spans(this.server)).as("roots did not wait for the tick").hasSize(40);
		assertThat(transport.pending()).isZero();
		assertThat(this.outcomes.sent).isEqualTo(40);
		assertThat(this.outcomes.dropped).isEmpty();
		for (LoopbackServer.Recorded request : this.server.requests(LoopbackServer.OTLP)) {
			assertThat(SpanJson.spans(request)).hasSizeLessThanOrEqualTo(MAX_BATCH);
		}
		assertOneRootPerTraceAndParents(SpanJson.spans(this.server), 20);
	}

	@Test
	void atLowRatesRootsStillWaitForTheTickSoThatRequestsStayBig() {
		OtlpTransport transport = transport();
		for (int i = 0; i < 4; i++) {
			// 8 spans ready at most: less than max-batch, so nothing leaves before the
			// tick
			transport.send(trace(i), Transport.NO_DEADLINE);
		}
		transport.awaitRequests(Transport.NO_DEADLINE);
		assertThat(this.server.requests(LoopbackServer.OTLP)).isEmpty();
		assertThat(transport.pending()).isEqualTo(8);
		transport.sendPending(false, Transport.NO_DEADLINE);
		transport.awaitRequests(Transport.NO_DEADLINE);
		assertThat(this.server.requests(LoopbackServer.OTLP)).as("one request at the tick").hasSize(1);
		assertOneRootPerTraceAndParents(SpanJson.spans(this.server), 4);
		assertThat(this.outcomes.sent).isEqualTo(8);
	}

	@Test
	void anOpenObservationKeepsItsTracesRootBackEvenWhenMaxBatchIsReached() {
		OtlpTransport transport = transport();
		List<IngestionEvent> events = new ArrayList<>();
		events.add(IngestionEvent.observation(ObservationType.SPAN,
				ObservationBody.builder("open").traceId("trace-0").name("still-open").startTime(at(0)).build()));
		events.addAll(traces(0, 12));
		transport.send(events, Transport.NO_DEADLINE);
		transport.awaitRequests(Transport.NO_DEADLINE);
		assertThat(SpanJson.spans(this.server)).as("two full requests of 12 generations and 11 roots").hasSize(20);
		assertThat(transport.pending()).as("the open span, trace-0's data and 3 spans carried").isEqualTo(5);
		transport.sendPending(false, Transport.NO_DEADLINE);
		transport.awaitRequests(Transport.NO_DEADLINE);
		List<SpanJson.Span> spans = SpanJson.spans(this.server);
		assertThat(spans).hasSize(23);
		assertThat(spans).noneMatch((span) -> span.name().equals("trace-0"));
		assertThat(transport.pending()).as("the open span and trace-0's data").isEqualTo(2);
		assertThat(this.outcomes.sent).isEqualTo(23);
	}

	@Test
	void theRemainderOfAnEarlyExportWaitsForTheNextOneSoThatRequestsAreFull() {
		OtlpTransport transport = transport();
		// 24 spans ready: two full requests leave, the last 4 spans are carried
		transport.send(traces(0, 12), Transport.NO_DEADLINE);
		transport.awaitRequests(Transport.NO_DEADLINE);
		assertThat(this.server.requests(LoopbackServer.OTLP)).hasSize(2);
		assertThat(transport.pending()).isEqualTo(4);
		// 4 carried + 16 new: two more full requests, nothing carried
		transport.send(traces(12, 8), Transport.NO_DEADLINE);
		transport.awaitRequests(Transport.NO_DEADLINE);
		List<LoopbackServer.Recorded> requests = this.server.requests(LoopbackServer.OTLP);
		assertThat(requests).hasSize(4);
		for (LoopbackServer.Recorded request : requests) {
			assertThat(SpanJson.spans(request)).hasSize(MAX_BATCH);
		}
		assertThat(transport.pending()).isZero();
		// 2 carried, sent by the tick
		transport.send(traces(20, 6), Transport.NO_DEADLINE);
		transport.awaitRequests(Transport.NO_DEADLINE);
		assertThat(this.server.requests(LoopbackServer.OTLP)).hasSize(5);
		assertThat(transport.pending()).isEqualTo(2);
		transport.sendPending(false, Transport.NO_DEADLINE);
		transport.awaitRequests(Transport.NO_DEADLINE);
		assertThat(transport.pending()).isZero();
		assertThat(this.outcomes.sent).isEqualTo(52);
		assertOneRootPerTraceAndParents(SpanJson.spans(this.server), 26);
	}

	@Test
	void spansCarriedAtTheEndOfAShutdownAreCountedAsShutdownDrops() {
		OtlpTransport transport = transport();
		transport.send(traces(0, 6), Transport.NO_DEADLINE);
		transport.awaitRequests(Transport.NO_DEADLINE);
		assertThat(transport.pending()).as("two spans carried").isEqualTo(2);
		transport.shuttingDown();
		assertThat(transport.discardPending()).isEqualTo(2);
		assertThat(transport.pending()).isZero();
		assertThat(this.outcomes.dropped(DropReason.SHUTDOWN)).isEqualTo(2);
		assertThat(this.outcomes.sent).isEqualTo(10);
	}

	@Test
	void theExporterSendsCompleteRootsBeforeTheFlushIntervalUnderLoad() {
		// a flush interval of an hour: only the new release rule can send the roots
		// during the test
		IngestConfig config = config(this.server).protocol(IngestConfig.Protocol.OTLP).maxBatch(MAX_BATCH).build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			for (IngestionEvent event : traces(0, 20)) {
				ingest.enqueue(event);
			}
			// the server records a request before the exporter reads the answer and
			// counts its spans as sent
			await().atMost(Duration.ofSeconds(20))
				.until(() -> SpanJson.spans(this.server).size() >= 40 && ingest.stats().sent() >= 40);
			IngestStats stats = ingest.stats();
			assertThat(stats.sent()).as(stats.toString()).isEqualTo(40);
			assertThat(stats.droppedTotal()).isZero();
			assertBalanced(stats);
		}
		for (LoopbackServer.Recorded request : this.server.requests(LoopbackServer.OTLP)) {
			assertThat(SpanJson.spans(request)).hasSizeLessThanOrEqualTo(MAX_BATCH);
		}
		assertOneRootPerTraceAndParents(SpanJson.spans(this.server), 20);
	}

	/**
	 * Each trace has exactly one parentless root, named after the trace, and its
	 * generation hangs below it.
	 */
	private static void assertOneRootPerTraceAndParents(List<SpanJson.Span> spans, int traces) {
		Map<String, SpanJson.Span> roots = new HashMap<>();
		for (SpanJson.Span span : spans) {
			if (span.parentSpanId() == null) {
				assertThat(roots.put(span.traceId(), span)).as("one root for trace %s", span.traceId()).isNull();
			}
		}
		assertThat(roots).hasSize(traces);
		for (int i = 0; i < traces; i++) {
			SpanJson.Span generation = SpanJson.byName(spans, "llm-" + i);
			SpanJson.Span root = roots.get(generation.traceId());
			assertThat(root.name()).isEqualTo("trace-" + i);
			assertThat(generation.parentSpanId()).isEqualTo(root.spanId());
		}
	}

}
