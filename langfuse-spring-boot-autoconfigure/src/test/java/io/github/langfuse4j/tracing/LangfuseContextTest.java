package io.github.langfuse4j.tracing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.github.langfuse4j.tracing.TracingRecorder.AWAIT;
import static io.github.langfuse4j.tracing.TracingRecorder.byBodyId;
import static org.assertj.core.api.Assertions.assertThat;

/** The current context: scopes, and carrying it into other threads, executors and virtual threads. */
class LangfuseContextTest {

	private final TracingRecorder recorder = new TracingRecorder();

	private final Langfuse langfuse = this.recorder.langfuse;

	@AfterEach
	void close() {
		assertThat(LangfuseContext.current().handle()).as("no context left on the test thread").isEmpty();
		this.recorder.close();
	}

	@Test
	void scopesNestAndRestoreThePreviousContext() {
		LangfuseTrace trace = this.langfuse.trace("t").start();
		try (LangfuseScope traceScope = trace.makeCurrent()) {
			assertThat(LangfuseContext.current().handle()).containsSame(trace);
			LangfuseSpan outer = this.langfuse.span("outer").start();
			assertThat(outer.traceId()).isEqualTo(trace.id());
			assertThat(outer.parentObservationId()).isNull();
			try (LangfuseScope outerScope = outer.makeCurrent()) {
				LangfuseSpan inner = this.langfuse.span("inner").start();
				assertThat(inner.parentObservationId()).isEqualTo(outer.id());
				inner.end();
				outerScope.close();
				assertThat(LangfuseContext.current().handle()).containsSame(trace);
			}
			assertThat(LangfuseContext.current().handle()).as("closing twice does nothing").containsSame(trace);
			outer.end();
		}
		assertThat(LangfuseContext.current().handle()).isEmpty();
		trace.end();
	}

	@Test
	void aScopeClosedOnAnotherThreadIsIgnored() throws Exception {
		LangfuseTrace trace = this.langfuse.trace("t").start();
		LangfuseScope scope = trace.makeCurrent();
		CompletableFuture.runAsync(scope::close).get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(LangfuseContext.current().handle()).containsSame(trace);
		scope.close();
		assertThat(LangfuseContext.current().handle()).isEmpty();
	}

	@Test
	void wrappedExecutorServiceRunsTasksInTheContextOfSubmission() throws Exception {
		ExecutorService pool = Langfuse.wrap(Executors.newFixedThreadPool(1));
		Future<LangfuseSpan> child;
		try (LangfuseTrace trace = this.langfuse.trace("t").start()) {
			LangfuseSpan parent = trace.span("parent").start();
			try (LangfuseScope scope = parent.makeCurrent()) {
				child = pool.submit(() -> {
					LangfuseSpan span = this.langfuse.span("in-pool").start();
					span.end();
					return span;
				});
			}
			assertThat(child.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS).parentObservationId()).isEqualTo(parent.id());
			assertThat(child.get().traceId()).isEqualTo(trace.id());
			parent.end();
			Future<?> after = pool.submit(() -> assertThat(LangfuseContext.current().handle())
				.as("the pool thread keeps no context after the task").isEmpty());
			after.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
			List<Future<String>> all = pool.invokeAll(List.of(() -> String.valueOf(LangfuseContext.current().handle())));
			assertThat(all.get(0).get()).isEqualTo("Optional.empty");
		}
		finally {
			pool.shutdown();
			assertThat(pool.awaitTermination(AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		JsonNode span = byBodyId(this.recorder.events(), child.get().id());
		assertThat(span.path("body").path("parentObservationId").asString()).isEqualTo(child.get().parentObservationId());
	}

	@Test
	void wrappedExecutorAndRunnableCarryTheContext() throws Exception {
		ExecutorService raw = Executors.newSingleThreadExecutor();
		try (LangfuseTrace trace = this.langfuse.trace("t").start(); LangfuseScope scope = trace.makeCurrent()) {
			AtomicReference<LangfuseHandle> seen = new AtomicReference<>();
			CompletableFuture.runAsync(() -> seen.set(LangfuseContext.current().handle().orElse(null)),
					Langfuse.wrap((java.util.concurrent.Executor) raw)).get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(seen.get()).isSameAs(trace);

			AtomicReference<String> parent = new AtomicReference<>();
			Thread thread = new Thread(Langfuse.wrap(() -> {
				LangfuseGeneration generation = this.langfuse.generation("on-thread").start();
				parent.set(generation.traceId());
				generation.end();
			}));
			thread.start();
			thread.join(AWAIT.toMillis());
			assertThat(parent.get()).isEqualTo(trace.id());
		}
		finally {
			raw.shutdown();
		}
	}

	@Test
	void contextReachesVirtualThreads() throws Exception {
		Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
		ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
			.invoke(null);
		ExecutorService wrapped = Langfuse.wrap(virtual);
		try (LangfuseTrace trace = this.langfuse.trace("t").start()) {
			LangfuseSpan parent = trace.span("parent").start();
			List<Future<LangfuseSpan>> children;
			try (LangfuseScope scope = parent.makeCurrent()) {
				children = wrapped.invokeAll(List.of(this::childSpan, this::childSpan, this::childSpan));
			}
			for (Future<LangfuseSpan> child : children) {
				assertThat(child.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS).parentObservationId())
					.isEqualTo(parent.id());
			}
			parent.end();
			Future<Boolean> isVirtual = wrapped.submit(() -> (Boolean) Thread.class.getMethod("isVirtual")
				.invoke(Thread.currentThread()));
			assertThat(isVirtual.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		finally {
			wrapped.shutdown();
			assertThat(wrapped.awaitTermination(AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		assertThat(this.recorder.events()).hasSize(5);
	}

	private LangfuseSpan childSpan() {
		LangfuseSpan span = this.langfuse.span("virtual-child").start();
		span.end();
		return span;
	}

}
