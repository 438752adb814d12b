package io.github.langfuse4j.tracing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.model.ObservationType;

import static io.github.langfuse4j.tracing.TracingRecorder.attributes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code langfuse.capture-content}: when off, inputs and outputs of traces and
 * observations are neither stored nor sent; everything else is. A trace can override the
 * setting either way.
 */
class LangfuseCaptureContentTest {

	private static final String SECRET_PROMPT = "my card is 4111 1111 1111 1111";

	/**
	 * A time whose digits hold the card's first four, on the wire as epoch nanoseconds
	 * and as an ISO time, as random ids and the clock's times may by chance.
	 */
	private static final Instant TIME_WITH_THE_CARDS_DIGITS = Instant.parse("2026-11-28T02:37:30.411100Z");

	private TracingRecorder recorder;

	@AfterEach
	void close() {
		if (this.recorder != null) {
			this.recorder.close();
		}
	}

	@Test
	void withoutContentNoInputOrOutputIsSentButEverythingElseIs() {
		this.recorder = new TracingRecorder();
		Langfuse langfuse = Langfuse.builder(this.recorder.ingest).captureContent(false).build();
		recordWorkflow(langfuse, null);
		List<JsonNode> events = this.recorder.events();
		assertThat(events).hasSize(5);
		for (JsonNode event : events) {
			JsonNode body = event.path("body");
			assertThat(body.has("input")).as("input of %s", event).isFalse();
			assertThat(body.has("output")).as("output of %s", event).isFalse();
		}
		assertNoContent(events.toString());
		JsonNode generation = TracingRecorder.single(events, (body) -> body.path("name").asString().equals("llm"));
		assertThat(generation.path("body").path("model").asString()).isEqualTo("gpt-test");
		assertThat(generation.path("body").path("usageDetails").path("input").asInt()).isEqualTo(12);
		assertThat(generation.path("body").path("metadata").path("tenant").asString()).isEqualTo("acme");
		JsonNode failed = TracingRecorder.single(events, (body) -> body.path("name").asString().equals("tool"));
		assertThat(failed.path("body").path("level").asString()).isEqualTo("ERROR");
		assertThat(failed.path("body").path("statusMessage").asString()).contains("timeout");
		JsonNode trace = TracingRecorder.single(events, (body) -> body.path("name").asString().equals("request"));
		assertThat(trace.path("body").path("userId").asString()).isEqualTo("user-1");
	}

	@Test
	void aTraceCanCaptureContentWhenTheSettingIsOff() {
		this.recorder = new TracingRecorder();
		Langfuse langfuse = Langfuse.builder(this.recorder.ingest).captureContent(false).build();
		String debugTrace = recordWorkflow(langfuse, true);
		recordWorkflow(langfuse, null);
		List<JsonNode> events = this.recorder.events();
		assertThat(events).hasSize(10);
		for (JsonNode event : events) {
			JsonNode body = event.path("body");
			boolean debug = debugTrace.equals(body.path("traceId").asString(body.path("id").asString()));
			assertThat(body.has("input")).as("input of %s", event).isEqualTo(debug);
		}
	}

	@Test
	void aTraceCanLeaveContentOutWhenTheSettingIsOn() {
		this.recorder = new TracingRecorder();
		recordWorkflow(this.recorder.langfuse, false);
		List<JsonNode> events = this.recorder.events();
		assertThat(events).hasSize(5);
		assertNoContent(events.toString());
		assertThat(events).noneMatch((event) -> event.path("body").has("input") || event.path("body").has("output"));
	}

	@Test
	void isCapturingContentSaysWhetherTheTraceKeepsContent() {
		this.recorder = new TracingRecorder();
		Langfuse on = this.recorder.langfuse;
		Langfuse off = Langfuse.builder(this.recorder.ingest).captureContent(false).build();
		assertCapturing(on.trace("on").start(), true);
		assertCapturing(off.trace("off").start(), false);
		// the trace's override, either way
		assertCapturing(off.trace("debug").captureContent(true).start(), true);
		assertCapturing(on.trace("private").captureContent(false).start(), false);
		// an observation that starts its own trace
		LangfuseGeneration onRoot = on.generation("llm").start();
		LangfuseGeneration offRoot = off.generation("llm").start();
		assertThat(onRoot.isCapturingContent()).isTrue();
		assertThat(offRoot.isCapturingContent()).isFalse();
		onRoot.end();
		offRoot.end();
	}

	private static void assertCapturing(LangfuseTrace trace, boolean expected) {
		try (trace) {
			assertThat(trace.isCapturingContent()).as(trace.id()).isEqualTo(expected);
			try (LangfuseSpan span = trace.span("s").start()) {
				assertThat(span.isCapturingContent()).isEqualTo(expected);
				LangfuseGeneration generation = span.generation("g").start();
				assertThat(generation.isCapturingContent()).isEqualTo(expected);
				generation.end();
			}
		}
	}

	@Test
	void aRootObservationLendsNoContentToItsTrace() {
		this.recorder = new TracingRecorder();
		Langfuse langfuse = Langfuse.builder(this.recorder.ingest).captureContent(false).build();
		try (LangfuseGeneration root = langfuse.generation("llm").input(SECRET_PROMPT).start()) {
			root.output(SECRET_PROMPT);
		}
		List<JsonNode> events = this.recorder.events();
		assertThat(events).hasSize(2);
		assertNoContent(events.toString());
	}

	@Test
	void contentLeftOutIsNeverConverted() {
		this.recorder = new TracingRecorder();
		Langfuse langfuse = Langfuse.builder(this.recorder.ingest).captureContent(false).build();
		try (LangfuseTrace trace = langfuse.trace("t").input(new LangfuseSamplingTest.ExpensiveValue()).start()) {
			trace.span("s").input(new LangfuseSamplingTest.ExpensiveValue()).start().end();
			trace.output(new LangfuseSamplingTest.ExpensiveValue());
		}
		assertThat(this.recorder.events()).hasSize(2);
		assertThat(this.recorder.ingest.stats().droppedTotal()).isZero();
	}

	@Test
	void overOtlpNoContentAttributeIsSent() {
		this.recorder = new TracingRecorder((config) -> config.protocol(IngestConfig.Protocol.OTLP));
		Langfuse langfuse = Langfuse.builder(this.recorder.ingest).captureContent(false).build();
		recordWorkflow(langfuse, null);
		List<JsonNode> spans = this.recorder.spans();
		assertThat(spans).isNotEmpty();
		for (JsonNode span : spans) {
			assertThat(attributes(span).keySet()).noneMatch((key) -> key.endsWith(".input") || key.endsWith(".output"));
		}
		assertNoContent(spans.toString());
		assertThat(spans.toString()).contains("gpt-test");
	}

	/**
	 * Asserts that no part of the prompt is on the wire: its words, or its card number
	 * with the spaces that no id or time holds.
	 * @param wire what was sent
	 */
	private static void assertNoContent(String wire) {
		assertThat(wire).doesNotContain("my card").doesNotContain("4111 1111");
	}

	/**
	 * A trace with a span, a generation, a failing tool and an event, all with content:
	 * five events.
	 * @param captureContent the trace's override, or {@code null} for none
	 * @return the trace id
	 */
	private static String recordWorkflow(Langfuse langfuse, Boolean captureContent) {
		LangfuseTraceBuilder builder = langfuse.trace("request").userId("user-1").input(SECRET_PROMPT);
		if (captureContent != null) {
			builder.captureContent(captureContent);
		}
		try (LangfuseTrace trace = builder.start()) {
			try (LangfuseSpan span = trace.span("retrieve").input(Map.of("query", SECRET_PROMPT)).start()) {
				span.output(List.of(SECRET_PROMPT));
				LangfuseGeneration llm = span.generation("llm")
					.model("gpt-test")
					.metadata("tenant", "acme")
					.input(List.of(Map.of("role", "user", "content", SECRET_PROMPT)))
					.start();
				llm.output(SECRET_PROMPT).usage(12, 3).end();
				LangfuseGeneration tool = span.observation(ObservationType.TOOL, "tool").input(SECRET_PROMPT).start();
				tool.error(new IllegalStateException("timeout"));
				span.event("note").time(TIME_WITH_THE_CARDS_DIGITS).input(SECRET_PROMPT).emit();
			}
			trace.output(SECRET_PROMPT);
			return trace.id();
		}
	}

}
