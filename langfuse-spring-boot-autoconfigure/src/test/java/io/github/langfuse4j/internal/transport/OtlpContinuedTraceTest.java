package io.github.langfuse4j.internal.transport;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseTrace;

import static io.github.langfuse4j.internal.transport.OtlpExportTest.assertBalanced;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's recipe for continuing a trace ({@code .id(incomingTraceId)}) over OTLP,
 * with two tracing APIs on two exporters, as two services would (issue 11 item 1): no
 * span id repeats and what each side set stays visible.
 */
class OtlpContinuedTraceTest {

	private final LoopbackServer server = new LoopbackServer();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void twoServicesContinuingOneTraceByIdLoseNothing() {
		String traceId = Langfuse.traceIdFrom("order-4711");
		try (LangfuseIngest first = LangfuseIngest.create(config(this.server).build());
				LangfuseIngest second = LangfuseIngest.create(config(this.server).build())) {
			Langfuse one = Langfuse.create(first);
			Langfuse two = Langfuse.create(second);
			try (LangfuseTrace trace = one.trace("checkout")
				.id(traceId)
				.sessionId("session-7")
				.tags("beta")
				.metadata("tenant", "acme")
				.input("question")
				.start()) {
				trace.span("a-step").start().end();
			}
			try (LangfuseTrace trace = two.trace("checkout").id(traceId).userId("user-9").start()) {
				trace.span("b-step").start().end();
				trace.output("answer");
			}
			assertThat(first.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(second.flush(Duration.ofSeconds(30))).isTrue();

			List<SpanJson.Span> spans = SpanJson.spans(this.server);
			assertThat(spans).hasSize(4);
			assertThat(spans).extracting(SpanJson.Span::traceId).containsOnly(traceId);
			assertThat(spans).extracting(SpanJson.Span::spanId).doesNotHaveDuplicates();
			OtlpTraceShapeTest.assertContinuedTraceKeepsEverything(spans, "checkout");
			assertBalanced(first.stats());
			assertBalanced(second.stats());
		}
	}

}
