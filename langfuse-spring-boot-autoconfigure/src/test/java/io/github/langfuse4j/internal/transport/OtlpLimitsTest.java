package io.github.langfuse4j.internal.transport;

import java.time.Duration;
import java.util.Collections;
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
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.LenientValue;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.internal.transport.OtlpExportTest.assertBalanced;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.at;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Byte limits in OTLP mode: oversized spans truncated like ingestion events, requests
 * within max-batch-bytes.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtlpLimitsTest {

	private final LoopbackServer server = new LoopbackServer();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void aGenerationWithFiveMegabytesOfInputArrivesTruncatedWithItsOutput() {
		IngestConfig config = config(this.server).build();
		String input = "i".repeat(5 * 1024 * 1024);
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			ingest.enqueue(IngestionEvent.observation(ObservationType.GENERATION,
					ObservationBody.builder("big-gen")
						.traceId("big-trace")
						.name("llm")
						.startTime(at(0))
						.endTime(at(9))
						.input(input)
						.output("the answer")
						.metadata(Map.of("k", "v"))
						.build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder("big-trace").name("request").build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
		}
		assertThat(this.server.requests(LoopbackServer.OTLP))
			.allSatisfy((r) -> assertThat(r.body().length).isLessThanOrEqualTo(config.maxBatchBytes()));
		List<SpanJson.Span> spans = SpanJson.spans(this.server);
		SpanJson.Span generation = SpanJson.byName(spans, "llm");
		assertThat(generation.string("langfuse.observation.input"))
			.isEqualTo("<truncated by langfuse-spring-boot-starter: input was " + (input.length() + 2)
					+ " bytes, more than langfuse.max-event-bytes (" + config.maxEventBytes() + ")>");
		assertThat(generation.string("langfuse.observation.output")).isEqualTo("the answer");
		assertThat(generation.string("langfuse.observation.metadata.k")).isEqualTo("v");
		assertThat(SpanJson.byName(spans, "request")).isNotNull();
	}

	@Test
	void inputsLargerThanTheSpanBufferAreTruncatedNotDroppedAsBufferFull(CapturedOutput output) {
		IngestConfig config = config(this.server).build();
		String pdf = "p".repeat(50 * 1024 * 1024);
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			ingest.enqueue(IngestionEvent.observation(ObservationType.GENERATION,
					ObservationBody.builder("pdf-gen")
						.traceId("pdf-trace")
						.name("read-pdf")
						.startTime(at(0))
						.endTime(at(9))
						.input(pdf)
						.output("summary")
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("image")
						.traceId("pdf-trace")
						.name("image")
						.startTime(at(0))
						.endTime(at(9))
						.input(LenientValue.of(Map.of("image", pdf.substring(0, 40 * 1024 * 1024))))
						.output("described")
						.build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder("pdf-trace").name("request").build()));
			assertThat(ingest.flush(Duration.ofSeconds(60))).isTrue();
			IngestStats stats = ingest.stats();
			assertThat(stats.dropped(DropReason.BUFFER_FULL)).as(stats.toString()).isZero();
			assertThat(stats.sent()).as(stats.toString()).isEqualTo(3);
			assertBalanced(stats);
		}
		List<SpanJson.Span> spans = SpanJson.spans(this.server);
		assertThat(SpanJson.byName(spans, "read-pdf").string("langfuse.observation.input"))
			.isEqualTo("<truncated by langfuse-spring-boot-starter: input was " + (pdf.length() + 2)
					+ " bytes, more than langfuse.max-event-bytes (" + config.maxEventBytes() + ")>");
		assertThat(SpanJson.byName(spans, "read-pdf").string("langfuse.observation.output")).isEqualTo("summary");
		assertThat(SpanJson.byName(spans, "image").string("langfuse.observation.input"))
			.isEqualTo("<truncated by langfuse-spring-boot-starter: input was " + (40 * 1024 * 1024 + 12)
					+ " bytes, more than langfuse.max-event-bytes (" + config.maxEventBytes() + ")>");
		assertThat(SpanJson.byName(spans, "image").string("langfuse.observation.output")).isEqualTo("described");
		assertThat(output).doesNotContain("buffer full");
	}

	@Test
	void spansAreTruncatedToMaxEventBytesAndRequestsStayWithinMaxBatchBytes() {
		IngestConfig config = config(this.server).maxEventBytes(3_000).maxBatchBytes(10_000).build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			for (int i = 0; i < 20; i++) {
				ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
						ObservationBody.builder("s" + i)
							.traceId("t")
							.name("s" + i)
							.startTime(at(0))
							.endTime(at(1))
							.input("x".repeat(4_000))
							.output("y".repeat(2_000))
							.build()));
			}
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t").name("root").output("z".repeat(5_000)).build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
		}
		List<LoopbackServer.Recorded> requests = this.server.requests(LoopbackServer.OTLP);
		assertThat(requests.size()).isGreaterThan(1);
		assertThat(requests).allSatisfy((r) -> assertThat(r.body().length).isLessThanOrEqualTo(10_000));
		List<SpanJson.Span> spans = SpanJson.spans(this.server);
		assertThat(spans).hasSize(21);
		for (SpanJson.Span span : spans) {
			assertThat(span.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
				.isLessThanOrEqualTo(3_000);
		}
		assertThat(SpanJson.byName(spans, "s0").string("langfuse.observation.input"))
			.startsWith("<truncated by langfuse-spring-boot-starter: input was 4002 bytes");
		assertThat(SpanJson.byName(spans, "s0").string("langfuse.observation.output")).isEqualTo("y".repeat(2_000));
		assertThat(SpanJson.byName(spans, "root").string("langfuse.observation.output"))
			.startsWith("<truncated by langfuse-spring-boot-starter: output was 5002 bytes");
	}

	@Test
	void aSpanThatCannotBeMadeToFitIsDroppedAsOversize() {
		IngestConfig config = config(this.server).maxEventBytes(2_000).build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			ingest.enqueue(TraceCreate
				.of(TraceBody.builder("tags").name("tags").tags(Collections.nCopies(500, "a-long-tag-name")).build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder("fine").name("fine").build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			IngestStats stats = ingest.stats();
			assertThat(stats.dropped(DropReason.OVERSIZE)).isEqualTo(1);
			assertThat(stats.sent()).isEqualTo(1);
			assertBalanced(stats);
		}
		assertThat(SpanJson.spans(this.server)).extracting(SpanJson.Span::name).containsExactly("fine");
	}

}
