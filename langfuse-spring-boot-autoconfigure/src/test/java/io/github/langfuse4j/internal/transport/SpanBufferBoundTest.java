package io.github.langfuse4j.internal.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;
import io.github.langfuse4j.ingest.RequestObserver;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.LenientValue;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.internal.transport.OtlpExportTest.at;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The span buffer's byte bound holds for structured values (maps, lists, records wrapped
 * by the tracing API) as it does for strings (issue 12 item 1).
 */
@ExtendWith(OutputCaptureExtension.class)
class SpanBufferBoundTest {

	private static final long BOUND = 2L << 20;

	private static final int EVENTS = 60;

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
		IngestConfig config = config(this.server).build();
		LangfuseHttp http = new LangfuseHttp(config, LangfuseRestClientCustomizer.NONE, RequestObserver.NONE);
		ResponseLog log = new ResponseLog(config.host(), config.publicKey());
		SpanAssembler.Limits limits = new SpanAssembler.Limits(10_000, 10_000, BOUND, Duration.ofSeconds(30),
				Duration.ofSeconds(30), Duration.ofMinutes(5), 50_000, 10_000, 8L << 20);
		Senders senders = new Senders(config.maxRequestsInFlight(), 64 * 1024,
				RequestBody.retainedSize(config.maxBatchBytes(), config.maxEventBytes()), this.outcomes);
		this.transport = new OtlpTransport(config, http, this.outcomes, log,
				new IngestionTransport(config, http, this.outcomes, log, senders), senders, limits);
		return this.transport;
	}

	/**
	 * About 100 KB of chat messages, as a map (wrapped like the tracing API wraps it) or
	 * as a raw list.
	 */
	private static Object messages(int i) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "user");
		message.put("content", "m".repeat(100_000) + i);
		List<Object> messages = new ArrayList<>(List.of(message));
		return (i % 2 == 0) ? LenientValue.of(Map.of("messages", messages)) : messages;
	}

	private static IngestionEvent generation(int i, boolean ended) {
		ObservationBody.Builder body = ObservationBody.builder("gen-" + i)
			.traceId("open-trace")
			.name("llm-" + i)
			.startTime(at(i))
			.input(messages(i))
			.metadata(Map.of("request", LenientValue.of(Map.of("n", i))));
		if (ended) {
			body.endTime(at(i + 1));
		}
		return IngestionEvent.observation(ObservationType.GENERATION, body.build());
	}

	@Test
	void openGenerationsWithStructuredInputsStayWithinTheBoundAndTheRestIsBufferFull(CapturedOutput output) {
		OtlpTransport transport = transport();
		for (int i = 0; i < EVENTS; i++) {
			transport.send(List.of(generation(i, false)), Transport.NO_DEADLINE);
			assertThat(transport.bufferedBytes()).isLessThanOrEqualTo(BOUND);
		}
		transport.awaitRequests(Transport.NO_DEADLINE);
		long full = this.outcomes.dropped(DropReason.BUFFER_FULL);
		int buffered = transport.pending();
		assertThat(buffered + full).isEqualTo(EVENTS);
		assertThat(buffered).as("about %d events of 100 KB fit in %d bytes", BOUND / 100_000, BOUND).isBetween(15, 21);
		assertThat(transport.bufferedBytes()).as("each buffered input counts its 100 KB")
			.isGreaterThan(buffered * 100_000L);
		assertThat(output).contains("Langfuse span buffer full");
		transport.sendPending(true, Transport.NO_DEADLINE);
		transport.awaitRequests(Transport.NO_DEADLINE);
		assertThat(this.outcomes.sent).isEqualTo(buffered);
	}

	@Test
	void completedGenerationsUnderAnOpenTraceAreSentEarlyOnceTheBoundIsReached() {
		OtlpTransport transport = transport();
		for (int i = 0; i < EVENTS; i++) {
			transport.send(List.of(generation(i, true)), Transport.NO_DEADLINE);
			assertThat(transport.bufferedBytes()).isLessThanOrEqualTo(BOUND);
		}
		assertThat(transport.bufferedBytes()).isGreaterThan(BOUND / 2);
		transport.awaitRequests(Transport.NO_DEADLINE);
		assertThat(this.server.requests(LoopbackServer.OTLP)).as("sent early, without the trace's data").isNotEmpty();
		transport.sendPending(true, Transport.NO_DEADLINE);
		transport.awaitRequests(Transport.NO_DEADLINE);
		assertThat(this.outcomes.dropped).isEmpty();
		assertThat(this.outcomes.sent).isEqualTo(EVENTS);
		List<SpanJson.Span> spans = SpanJson.spans(this.server);
		assertThat(spans).hasSize(EVENTS);
		assertThat(SpanJson.byName(spans, "llm-0").string("langfuse.observation.input"))
			.isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"" + "m".repeat(100_000) + "0\"}]}");
		assertThat(SpanJson.byName(spans, "llm-1").string("langfuse.observation.input"))
			.isEqualTo("[{\"role\":\"user\",\"content\":\"" + "m".repeat(100_000) + "1\"}]");
		assertThat(SpanJson.byName(spans, "llm-7").string("langfuse.observation.metadata.request"))
			.isEqualTo("{\"n\":7}");
	}

	@Test
	void theBufferKeepsTheValueAsItWasWhenItEnteredNotTheApplicationsObject() {
		OtlpTransport transport = transport();
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("question", "before");
		transport.send(List.of(IngestionEvent.observation(ObservationType.SPAN,
				ObservationBody.builder("s")
					.traceId("t")
					.name("s")
					.startTime(at(0))
					.endTime(at(1))
					.input(LenientValue.of(input))
					.build())),
				Transport.NO_DEADLINE);
		input.put("question", "after");
		transport.send(List.of(TraceCreate.of(TraceBody.builder("t").name("t").build())), Transport.NO_DEADLINE);
		transport.sendPending(true, Transport.NO_DEADLINE);
		transport.awaitRequests(Transport.NO_DEADLINE);
		assertThat(SpanJson.byName(SpanJson.spans(this.server), "s").string("langfuse.observation.input"))
			.isEqualTo("{\"question\":\"before\"}");
	}

}
