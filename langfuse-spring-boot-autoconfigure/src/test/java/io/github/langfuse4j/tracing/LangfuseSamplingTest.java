package io.github.langfuse4j.tracing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.model.ObservationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code langfuse.sample-rate} through the tracing API: the decision is made once per
 * trace from its id (OpenTelemetry's {@code TraceIdRatioBased} rule), inherited by every
 * observation and score, exposed as {@link LangfuseHandle#isSampled()}; a sampled-out
 * trace builds and sends nothing and is counted as sampled out.
 */
class LangfuseSamplingTest {

	private static final double RATE = 0.5;

	private final TracingRecorder recorder = new TracingRecorder((config) -> config.sampleRate(RATE));

	private final Langfuse langfuse = this.recorder.langfuse;

	@AfterEach
	void close() {
		this.recorder.close();
	}

	@Test
	void aSampledOutTraceSendsNothingItsScoresIncluded() {
		Sampler otel = Sampler.traceIdRatioBased(RATE);
		Set<String> kept = new HashSet<>();
		Set<String> dropped = new HashSet<>();
		for (int i = 0; i < 100; i++) {
			try (LangfuseTrace trace = this.langfuse.trace("request").userId("u").input("question " + i).start()) {
				boolean expected = otelKeeps(otel, trace.id());
				assertThat(trace.isSampled()).as(trace.id()).isEqualTo(expected);
				// content is on, so a trace keeps it exactly when it is sampled
				assertThat(trace.isCapturingContent()).isEqualTo(expected);
				(expected ? kept : dropped).add(trace.id());
				try (LangfuseSpan span = trace.span("retrieve").input("q").start()) {
					assertThat(span.isSampled()).isEqualTo(expected);
					assertThat(span.isCapturingContent()).isEqualTo(expected);
					LangfuseGeneration llm = span.generation("llm").model("m").input("prompt").start();
					assertThat(llm.isSampled()).isEqualTo(expected);
					assertThat(llm.isCapturingContent()).isEqualTo(expected);
					llm.output("answer").usage(3, 4).end();
					LangfuseGeneration tool = span.observation(ObservationType.TOOL, "tool").start();
					tool.end();
					span.event("cache-miss").emit();
				}
				trace.score("quality", 0.5);
				this.langfuse.score("feedback").traceId(trace.id()).value(true).send();
				trace.output("answer");
			}
		}
		this.langfuse.score("session-feedback").sessionId("session-1").value(1).send();
		List<JsonNode> events = this.recorder.events();
		Set<String> seen = traceIdsOf(events);
		assertThat(kept).isNotEmpty();
		assertThat(dropped).isNotEmpty();
		assertThat(seen).isEqualTo(kept);
		// trace, span, generation, tool, event, two scores
		assertThat(events).hasSize(7 * kept.size() + 1);
		IngestStats stats = this.recorder.ingest.stats();
		assertThat(stats.sampledOut()).isEqualTo(7L * dropped.size());
		assertThat(stats.sent()).isEqualTo(7L * kept.size() + 1);
		assertThat(stats.accepted()).isEqualTo(700 + 1);
		assertThat(stats.droppedTotal()).isZero();
	}

	@Test
	void aRootObservationAndTheContextUnderItShareTheTraceDecision() {
		int sampledOut = 0;
		for (int i = 0; i < 40; i++) {
			try (LangfuseSpan root = this.langfuse.span("job").start(); LangfuseScope scope = root.makeCurrent()) {
				boolean expected = otelKeeps(Sampler.traceIdRatioBased(RATE), root.traceId());
				assertThat(root.isSampled()).isEqualTo(expected);
				LangfuseSpan child = this.langfuse.span("step").start();
				assertThat(child.isSampled()).isEqualTo(expected);
				child.end();
				if (!expected) {
					sampledOut++;
				}
			}
		}
		List<JsonNode> events = this.recorder.events();
		assertThat(events).hasSize(3 * (40 - sampledOut));
		assertThat(this.recorder.ingest.stats().sampledOut()).isEqualTo(3L * sampledOut);
	}

	@Test
	void aTraceContinuedFromAnotherServiceIsDecidedOnItsIncomingId() {
		Sampler otel = Sampler.traceIdRatioBased(RATE);
		for (int i = 0; i < 40; i++) {
			String incoming = Langfuse.traceIdFrom("request-" + i);
			try (LangfuseTrace trace = this.langfuse.trace("service-b").id(incoming).start()) {
				assertThat(trace.isSampled()).isEqualTo(otelKeeps(otel, incoming));
			}
		}
	}

	@Test
	void aSampledOutTraceIsNeverBuiltNorEnqueued() {
		RecordingIngest ingest = new RecordingIngest();
		Langfuse langfuse = Langfuse.create(ingest);
		try (LangfuseTrace trace = langfuse.trace("t").input(new ExpensiveValue()).start()) {
			assertThat(trace.isSampled()).isFalse();
			try (LangfuseSpan span = trace.span("s").input(new ExpensiveValue()).start()) {
				span.output(new ExpensiveValue());
				span.score("s", 1);
			}
		}
		langfuse.span("root").start().end();
		assertThat(ingest.events()).isEmpty();
		assertThat(ingest.sampledOut).isEqualTo(5);
	}

	private static Set<String> traceIdsOf(List<JsonNode> events) {
		Set<String> ids = new HashSet<>();
		for (JsonNode event : events) {
			JsonNode body = event.path("body");
			if (event.path("type").asString().equals("trace-create")) {
				ids.add(body.path("id").asString());
			}
			else if (body.hasNonNull("traceId")) {
				ids.add(body.path("traceId").asString());
			}
		}
		return ids;
	}

	private static boolean otelKeeps(Sampler sampler, String traceId) {
		return sampler.shouldSample(Context.root(), traceId, "s", SpanKind.INTERNAL, Attributes.empty(), List.of())
			.getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
	}

	/** A value whose conversion for the wire would fail the test. */
	static final class ExpensiveValue {

		@Override
		public String toString() {
			throw new AssertionError("a sampled-out input must not be converted");
		}

		public String getValue() {
			throw new AssertionError("a sampled-out input must not be read");
		}

	}

	/** An in-memory exporter that samples every trace out and counts what it skipped. */
	static final class RecordingIngest extends InMemoryIngest {

		int sampledOut;

		@Override
		public boolean isSampled(String traceId) {
			return traceId == null;
		}

		@Override
		public void countSampledOut(int events) {
			this.sampledOut += events;
		}

	}

}
