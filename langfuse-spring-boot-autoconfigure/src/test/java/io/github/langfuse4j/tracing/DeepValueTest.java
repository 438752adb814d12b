package io.github.langfuse4j.tracing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;

import static io.github.langfuse4j.tracing.TracingRecorder.attribute;
import static io.github.langfuse4j.tracing.TracingRecorder.byBodyId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value nested deeper than the JSON writer allows becomes a placeholder naming the
 * application's type and the reason; the rest of the event is sent, in both protocols
 * (issue 12 item 5).
 */
class DeepValueTest {

	private static final String PLACEHOLDER = "<unserializable: " + LinkedHashMap.class.getName() + ": ";

	@Test
	void aDeeplyNestedInputBecomesAPlaceholderInIngestionMode() {
		try (TracingRecorder recorder = new TracingRecorder()) {
			LangfuseSpan span = recorder.langfuse.span("deep").input(nested(500)).start();
			span.output("kept").end();
			LangfuseSpan neighbour = recorder.langfuse.span("neighbour").input(nested(20)).start();
			neighbour.end();
			List<JsonNode> events = recorder.events();
			JsonNode body = byBodyId(events, span.id()).path("body");
			assertThat(body.path("input").asString()).startsWith(PLACEHOLDER).contains("depth").endsWith(">");
			assertThat(body.path("output").asString()).isEqualTo("kept");
			assertThat(body.path("name").asString()).isEqualTo("deep");
			assertThat(byBodyId(events, neighbour.id()).path("body").path("input").path("level").isObject()).isTrue();
			assertAllSent(recorder.ingest.stats());
		}
	}

	@Test
	void aDeeplyNestedInputBecomesAPlaceholderInOtlpMode() {
		try (TracingRecorder recorder = new TracingRecorder((config) -> config.protocol(IngestConfig.Protocol.OTLP))) {
			LangfuseTrace trace = recorder.langfuse.trace("deep-trace").start();
			// a value is written on its own there, so 500 levels fit; 600 do not
			LangfuseSpan span = trace.span("deep").input(nested(600)).metadata("deep", nested(600)).start();
			span.output("kept").end();
			trace.end();
			JsonNode exported = recorder.spans()
				.stream()
				.filter((s) -> s.path("name").asString().equals("deep"))
				.findFirst()
				.orElseThrow();
			assertThat(attribute(exported, "langfuse.observation.input")).startsWith(PLACEHOLDER)
				.contains("depth")
				.endsWith(">");
			assertThat(attribute(exported, "langfuse.observation.metadata.deep")).startsWith(PLACEHOLDER)
				.contains("depth");
			assertThat(attribute(exported, "langfuse.observation.output")).isEqualTo("kept");
			assertAllSent(recorder.ingest.stats());
		}
	}

	private static void assertAllSent(IngestStats stats) {
		assertThat(stats.dropped().getOrDefault(DropReason.SERIALIZATION, 0L)).as(stats.toString()).isZero();
		assertThat(stats.sent()).as(stats.toString()).isEqualTo(stats.accepted());
	}

	/** Maps nested {@code depth} levels deep: {"level":{"level":...{}}}. */
	static Map<String, Object> nested(int depth) {
		Map<String, Object> inner = new LinkedHashMap<>();
		for (int i = 1; i < depth; i++) {
			Map<String, Object> outer = new LinkedHashMap<>();
			outer.put("level", inner);
			inner = outer;
		}
		return inner;
	}

}
