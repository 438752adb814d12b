package io.github.langfuse4j.internal.transport;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.LoopbackServer.Response;
import io.github.langfuse4j.autoconfigure.LangfuseHealthIndicator;
import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.SpanCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.internal.transport.OtlpExportTest.at;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches a log line from the application or the server is capped and escaped; error
 * bodies stay at debug level; connection failures and 404s say what to check.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTest {

	private static final String FORGED = "\nERROR forged line\r\n";

	private final LoopbackServer server = new LoopbackServer();

	@AfterEach
	void stop() {
		this.server.close();
	}

	private static void assertNoLongLine(CapturedOutput output) {
		assertThat(Arrays.stream(output.getAll().split("\n")).mapToInt(String::length).max().orElse(0))
			.as("longest log line")
			.isLessThan(2_000);
	}

	@Test
	void aHugeSpanNameWithLineBreaksIsCappedAndEscapedWhenTheSpanIsDropped(CapturedOutput output) {
		String name = "my span" + FORGED + "x".repeat(5_000_000);
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("huge-name")
						.traceId("t-huge")
						.name(name)
						.startTime(at(0))
						.endTime(at(1))
						.build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-huge").name("t").build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(ingest.stats().dropped(DropReason.OVERSIZE)).isEqualTo(1);
		}
		assertThat(output.getAll()).contains("my span\\nERROR forged line\\r\\n")
			.contains(name.length() + " chars")
			.doesNotContain(FORGED);
		assertNoLongLine(output);
	}

	@Test
	void anEventIdWithALineFeedCannotForgeALogLine(CapturedOutput output) {
		String id = "evt" + FORGED.replace("\r", "");
		try (LangfuseIngest ingest = LangfuseIngest
			.create(config(this.server).protocol(IngestConfig.Protocol.INGESTION).build())) {
			ingest.enqueue(new SpanCreate(id, at(0),
					ObservationBody.builder("s").traceId("t").name("n".repeat(2_000_000)).build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(ingest.stats().dropped(DropReason.OVERSIZE)).isEqualTo(1);
		}
		assertThat(output.getAll()).contains("evt\\nERROR forged line\\n").doesNotContain("\nERROR forged");
	}

	@Test
	void anErrorBodyIsNotLoggedAtWarnOnlyItsShortReason(CapturedOutput output) {
		// the JSON string escapes decode to a real line feed and carriage return in the
		// message
		String echo = "{\"message\":\"Service down\\nERROR forged line\\r\\n\",\"echo\":\"request-echo "
				+ "e".repeat(2_000) + "\"}";
		this.server.respond(LoopbackServer.INGESTION, (r) -> Response.json(503, echo));
		try (LangfuseIngest ingest = LangfuseIngest
			.create(config(this.server).protocol(IngestConfig.Protocol.INGESTION).maxRetries(0).build())) {
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-503").build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(ingest.stats().failed()).isEqualTo(1);
		}
		assertThat(output.getAll()).contains("HTTP 503")
			.contains("Service down\\nERROR forged line\\r\\n")
			.doesNotContain("request-echo")
			.doesNotContain(FORGED);
	}

	@Test
	void badRequestsAreThrottledByTimeWithTheirErrorTextCapped(CapturedOutput output) {
		AtomicInteger calls = new AtomicInteger();
		this.server.respond(LoopbackServer.OTLP, (r) -> Response.json(400,
				"{\"error\":\"rejected #" + calls.incrementAndGet() + " " + "y".repeat(3_000) + "\"}"));
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			for (int i = 0; i < 3; i++) {
				OtlpDeliveryTest.enqueueTrace(ingest, "t-400-" + i);
				assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			}
			assertThat(ingest.stats().rejected()).isEqualTo(15);
		}
		assertThat(output.getAll()).contains("rejected #1")
			.doesNotContain("rejected #2")
			.doesNotContain("y".repeat(300));
	}

	@Test
	void connectionRefusedNamesHostAndPortInTheLogAndInHealth(CapturedOutput output) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		IngestConfig config = config(this.server).host("http://127.0.0.1:" + port).maxRetries(0).build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-refused").build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(ingest.stats().failed()).isEqualTo(1);
			assertThat(ingest.stats().lastFailureReason()).contains("127.0.0.1:" + port).doesNotContain("null");
			Health health = new LangfuseHealthIndicator(ingest, config).health();
			assertThat(String.valueOf(health.getDetails().get("lastFailureReason"))).contains("127.0.0.1:" + port);
		}
		assertThat(output.getAll()).contains("127.0.0.1:" + port).doesNotContain("ConnectException: null");
	}

	@Test
	void notFoundPointsAtTheHostSetting(CapturedOutput output) {
		this.server.respond(LoopbackServer.OTLP, (r) -> Response.text(404, "Not Found"));
		IngestConfig config = config(this.server).maxRetries(0).build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			OtlpDeliveryTest.enqueueTrace(ingest, "t-404");
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(ingest.stats().rejected()).isEqualTo(5);
			Health health = new LangfuseHealthIndicator(ingest, config).health();
			assertThat(String.valueOf(health.getDetails().get("hint"))).contains("langfuse.host");
		}
		assertThat(output.getAll()).contains("HTTP 404").contains("langfuse.host");
	}

}
