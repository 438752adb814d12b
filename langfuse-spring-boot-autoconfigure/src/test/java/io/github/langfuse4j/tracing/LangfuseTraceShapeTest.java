package io.github.langfuse4j.tracing;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.ObservationType;

import static io.github.langfuse4j.tracing.TracingRecorder.attribute;
import static io.github.langfuse4j.tracing.TracingRecorder.attributes;
import static io.github.langfuse4j.tracing.TracingRecorder.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tracing API's traces become (issue 11 items 5 and 8): a lone observation is
 * its trace's root, the trace's span keeps the trace handle's own timing, and
 * observations carry only their own version.
 */
class LangfuseTraceShapeTest {

	private TracingRecorder recorder;

	@AfterEach
	void close() {
		if (this.recorder != null) {
			this.recorder.close();
		}
	}

	private Langfuse otlp() {
		this.recorder = new TracingRecorder((config) -> config.protocol(IngestConfig.Protocol.OTLP));
		return this.recorder.langfuse;
	}

	private Langfuse ingestion() {
		this.recorder = new TracingRecorder();
		return this.recorder.langfuse;
	}

	/** Waits, without sleeping, until the wall clock has passed {@code instant}. */
	private static void awaitPast(Instant instant) {
		while (!Instant.now().isAfter(instant)) {
			Thread.onSpinWait();
		}
	}

	@Test
	void aLoneObservationIsItsTracesRootOverOtlp() {
		Langfuse langfuse = otlp();
		String id;
		String childId;
		try (LangfuseGeneration llm = langfuse.generation("ask").model("m").input("q").start()) {
			id = llm.id();
			try (LangfuseScope scope = llm.makeCurrent()) {
				LangfuseGeneration lookup = langfuse.observation(ObservationType.TOOL, "lookup").start();
				childId = lookup.id();
				lookup.end();
				llm.observation(ObservationType.TOOL, "other").start().end();
			}
			llm.output("a");
		}
		List<JsonNode> spans = this.recorder.spans();
		assertThat(spans).extracting((s) -> s.path("name").asString())
			.containsExactlyInAnyOrder("ask", "lookup", "other");
		JsonNode root = spans.stream().filter((s) -> s.path("spanId").asString().equals(id)).findFirst().orElseThrow();
		assertThat(root.has("parentSpanId")).isFalse();
		assertThat(attribute(root, "langfuse.observation.type")).isEqualTo("generation");
		assertThat(attribute(root, "langfuse.trace.name")).isEqualTo("ask");
		assertThat(attribute(root, "langfuse.observation.input")).isEqualTo("q");
		assertThat(attribute(root, "langfuse.observation.output")).isEqualTo("a");
		assertThat(spans).filteredOn((s) -> !s.has("parentSpanId")).hasSize(1);
		assertThat(spans).filteredOn((s) -> s.path("spanId").asString().equals(childId))
			.allSatisfy((s) -> assertThat(s.path("parentSpanId").asString()).isEqualTo(id));
	}

	@Test
	void aLoneObservationIsATraceAndItsObservationInIngestion() {
		Langfuse langfuse = ingestion();
		String id;
		try (LangfuseGeneration llm = langfuse.generation("ask").input("q").start()) {
			id = llm.id();
			llm.output("a");
		}
		List<JsonNode> events = this.recorder.events();
		JsonNode trace = ofType(events, "trace-create").get(0).path("body");
		assertThat(trace.has("rootObservationId")).isFalse();
		assertThat(trace.path("name").asString()).isEqualTo("ask");
		assertThat(trace.path("input").asString()).isEqualTo("q");
		assertThat(ofType(events, "generation-create").get(0).path("body").path("id").asString()).isEqualTo(id);
	}

	@Test
	void theTracesSpanEndsWhenTheTraceEnds() {
		Langfuse langfuse = otlp();
		Instant childEnd;
		String traceId;
		try (LangfuseTrace trace = langfuse.trace("slow").start()) {
			traceId = trace.id();
			trace.span("quick").start().end();
			childEnd = Instant.now();
			awaitPast(childEnd.plusMillis(5));
		}
		List<JsonNode> spans = this.recorder.spans();
		JsonNode root = spans.stream().filter((s) -> !s.has("parentSpanId")).findFirst().orElseThrow();
		JsonNode child = spans.stream().filter((s) -> s.has("parentSpanId")).findFirst().orElseThrow();
		assertThat(root.path("traceId").asString()).isEqualTo(traceId);
		long rootEnd = Long.parseLong(root.path("endTimeUnixNano").asString());
		long childEndNanos = Long.parseLong(child.path("endTimeUnixNano").asString());
		assertThat(rootEnd - childEndNanos).isGreaterThanOrEqualTo(5_000_000L);
	}

	@Test
	void theTraceCreateIsStampedWithTheTracesEnd() {
		InMemoryIngest ingest = new InMemoryIngest();
		Langfuse langfuse = Langfuse.create(ingest);
		Instant childEnd;
		try (LangfuseTrace trace = langfuse.trace("slow").start()) {
			trace.span("quick").start().end();
			childEnd = Instant.now();
			awaitPast(childEnd.plusMillis(5));
		}
		Instant after = Instant.now();
		Instant stamped = ingest.ofType("trace-create").get(0).timestamp();
		Instant spanEnd = ((ObservationEvent) ingest.ofType("span-create").get(0)).body().endTime();
		assertThat(stamped).isAfterOrEqualTo(spanEnd.plusMillis(5)).isBeforeOrEqualTo(after.plusMillis(50));
	}

	@Test
	void observationsCarryOnlyTheirOwnVersion() {
		Langfuse langfuse = otlp();
		try (LangfuseTrace trace = langfuse.trace("versions").version("app-1").start()) {
			trace.span("unversioned").start().end();
			trace.span("versioned").version("step-2").start().end();
		}
		List<JsonNode> spans = this.recorder.spans();
		for (JsonNode span : spans) {
			String name = span.path("name").asString();
			String expected = switch (name) {
				case "versions" -> "app-1";
				case "versioned" -> "step-2";
				default -> null;
			};
			assertThat(attribute(span, "langfuse.version")).as(name).isEqualTo(expected);
			if (!name.equals("versions")) {
				assertThat(attributes(span).keySet()).noneMatch((k) -> k.startsWith("langfuse.trace.metadata"));
			}
		}
	}

}
