package io.github.langfuse4j.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.ingest.model.ObservationType;

import static io.github.langfuse4j.tracing.TracingRecorder.AWAIT;
import static io.github.langfuse4j.tracing.TracingRecorder.countByBodyId;
import static org.assertj.core.api.Assertions.assertThat;

/** Many threads tracing at once: no event lost or duplicated, no context shared between threads. */
class LangfuseConcurrencyTest {

	private static final int THREADS = 8;

	private static final int TRACES = 200;

	private final TracingRecorder recorder = new TracingRecorder((config) -> config.queueCapacity(20_000)
		.maxBatch(200)
		.flushInterval(Duration.ofMillis(50)));

	@AfterEach
	void close() {
		this.recorder.close();
	}

	@Test
	void threadsNeverSeeEachOthersContext() throws Exception {
		Langfuse langfuse = this.recorder.langfuse;
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		List<Future<Integer>> results = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			results.add(pool.submit(() -> {
				int events = 0;
				for (int i = 0; i < TRACES; i++) {
					String key = thread + "-" + i;
					try (LangfuseTrace trace = langfuse.trace("trace-" + key).metadata("key", key).start();
							LangfuseScope traceScope = trace.makeCurrent()) {
						try (LangfuseSpan span = langfuse.span("span-" + key).start();
								LangfuseScope spanScope = span.makeCurrent()) {
							try (LangfuseGeneration generation = langfuse.generation("generation-" + key).start()) {
								generation.output(key);
							}
							langfuse.event("event-" + key).emit();
						}
						langfuse.observation(ObservationType.TOOL, "tool-" + key).start().end();
						trace.score("score", i);
					}
					events += 6;
					if (LangfuseContext.current().handle().isPresent()) {
						throw new AssertionError("context leaked out of the scopes on thread " + thread);
					}
				}
				return events;
			}));
		}
		int expected = 0;
		for (Future<Integer> result : results) {
			expected += result.get(2, TimeUnit.MINUTES);
		}
		pool.shutdown();
		assertThat(expected).isEqualTo(THREADS * TRACES * 6);

		List<JsonNode> events = this.recorder.events();
		assertThat(events).hasSize(expected);
		assertThat(countByBodyId(events)).hasSize(expected).allSatisfy((id, count) -> assertThat(count).isOne());
		assertThat(this.recorder.ingest.stats().sent()).isEqualTo(expected);

		Map<String, JsonNode> byName = events.stream()
			.filter((e) -> !e.path("type").asString().equals("score-create"))
			.map((e) -> e.path("body"))
			.collect(Collectors.toMap((b) -> b.path("name").asString(), Function.identity()));
		for (int t = 0; t < THREADS; t++) {
			for (int i = 0; i < TRACES; i++) {
				String key = t + "-" + i;
				String traceId = byName.get("trace-" + key).path("id").asString();
				String spanId = byName.get("span-" + key).path("id").asString();
				assertThat(byName.get("trace-" + key).path("metadata").path("key").asString()).isEqualTo(key);
				assertThat(byName.get("span-" + key).path("traceId").asString()).isEqualTo(traceId);
				assertThat(byName.get("span-" + key).has("parentObservationId")).isFalse();
				assertThat(byName.get("generation-" + key).path("traceId").asString()).isEqualTo(traceId);
				assertThat(byName.get("generation-" + key).path("parentObservationId").asString()).isEqualTo(spanId);
				assertThat(byName.get("generation-" + key).path("output").asString()).isEqualTo(key);
				assertThat(byName.get("event-" + key).path("parentObservationId").asString()).isEqualTo(spanId);
				assertThat(byName.get("tool-" + key).path("traceId").asString()).isEqualTo(traceId);
				assertThat(byName.get("tool-" + key).has("parentObservationId")).isFalse();
			}
		}
		assertThat(pool.awaitTermination(AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
	}

}
