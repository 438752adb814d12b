package io.github.langfuse4j.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads tracing at once: no event lost or duplicated, no context shared between
 * threads.
 */
class LangfuseConcurrencyTest {

	private static final int THREADS = 8;

	private static final int TRACES = 200;

	private static final Duration AWAIT = Duration.ofSeconds(30);

	private final InMemoryIngest ingest = new InMemoryIngest();

	@Test
	void threadsNeverSeeEachOthersContext() throws Exception {
		Langfuse langfuse = Langfuse.create(this.ingest);
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

		assertThat(this.ingest.events()).hasSize(expected);
		assertThat(this.ingest.countByBodyId()).hasSize(expected).allSatisfy((id, count) -> assertThat(count).isOne());

		Map<String, ObservationBody> byName = this.ingest.observationsByName();
		Map<String, TraceBody> traces = this.ingest.tracesByName();
		for (int t = 0; t < THREADS; t++) {
			for (int i = 0; i < TRACES; i++) {
				String key = t + "-" + i;
				String traceId = traces.get("trace-" + key).id();
				String spanId = byName.get("span-" + key).id();
				assertThat(traces.get("trace-" + key).metadata()).isEqualTo(Map.of("key", key));
				assertThat(byName.get("span-" + key).traceId()).isEqualTo(traceId);
				assertThat(byName.get("span-" + key).parentObservationId()).isNull();
				assertThat(byName.get("generation-" + key).traceId()).isEqualTo(traceId);
				assertThat(byName.get("generation-" + key).parentObservationId()).isEqualTo(spanId);
				assertThat(byName.get("generation-" + key).output()).isEqualTo(key);
				assertThat(byName.get("event-" + key).parentObservationId()).isEqualTo(spanId);
				assertThat(byName.get("tool-" + key).traceId()).isEqualTo(traceId);
				assertThat(byName.get("tool-" + key).parentObservationId()).isNull();
			}
		}
		assertThat(pool.awaitTermination(AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
	}

	@Test
	void aHandleEndedByManyThreadsAtOnceEmitsOneEvent() throws Exception {
		Langfuse langfuse = Langfuse.create(this.ingest);
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			LangfuseTrace trace = langfuse.trace("race").start();
			List<LangfuseHandle> handles = new ArrayList<>();
			for (int i = 0; i < TRACES; i++) {
				handles.add((i % 2 == 0) ? trace.span("span-" + i).start()
						: trace.observation(ObservationType.TOOL, "tool-" + i).start());
			}
			handles.add(trace);
			handles.add(langfuse.span("lone").start());
			CountDownLatch go = new CountDownLatch(1);
			List<Future<?>> ends = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				ends.add(pool.submit(() -> {
					go.await();
					handles.forEach(LangfuseHandle::end);
					return null;
				}));
			}
			go.countDown();
			for (Future<?> end : ends) {
				end.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			// every observation, the trace, and the lone span with the trace it started:
			// each exactly once
			assertThat(this.ingest.events()).hasSize(TRACES + 3);
			assertThat(this.ingest.countByBodyId()).hasSize(TRACES + 3)
				.allSatisfy((id, count) -> assertThat(count).isOne());
		}
		finally {
			pool.shutdown();
		}
	}

}
