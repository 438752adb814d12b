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
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.TraceBody;

import static io.github.langfuse4j.tracing.TracingRecorder.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The current context: scopes, and carrying it into other threads, executors and virtual
 * threads; scopes that application code forgot to close.
 */
@ExtendWith(OutputCaptureExtension.class)
class LangfuseContextTest {

	private final InMemoryIngest ingest = new InMemoryIngest();

	private final Langfuse langfuse = Langfuse.create(this.ingest);

	@AfterEach
	void close() {
		assertThat(LangfuseContext.current().handle()).as("no context left on the test thread").isEmpty();
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
				.as("the pool thread keeps no context after the task")
				.isEmpty());
			after.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
			List<Future<String>> all = pool
				.invokeAll(List.of(() -> String.valueOf(LangfuseContext.current().handle())));
			assertThat(all.get(0).get()).isEqualTo("Optional.empty");
		}
		finally {
			pool.shutdown();
			assertThat(pool.awaitTermination(AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		assertThat(this.ingest.observation(child.get().id()).parentObservationId())
			.isEqualTo(child.get().parentObservationId());
	}

	@Test
	void wrappedExecutorAndRunnableCarryTheContext() throws Exception {
		ExecutorService raw = Executors.newSingleThreadExecutor();
		try (LangfuseTrace trace = this.langfuse.trace("t").start(); LangfuseScope scope = trace.makeCurrent()) {
			AtomicReference<LangfuseHandle> seen = new AtomicReference<>();
			CompletableFuture
				.runAsync(() -> seen.set(LangfuseContext.current().handle().orElse(null)),
						Langfuse.wrap((java.util.concurrent.Executor) raw))
				.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
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
			Future<Boolean> isVirtual = wrapped
				.submit(() -> (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
			assertThat(isVirtual.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		finally {
			wrapped.shutdown();
			assertThat(wrapped.awaitTermination(AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		assertThat(this.ingest.events()).hasSize(5);
	}

	@Test
	void aLeakedScopeNeverPutsTheNextRequestOnAnotherUsersTrace(CapturedOutput output) throws Exception {
		// One pooled thread serves two requests, like a Tomcat with one worker: alice's
		// request forgets to close the scope of its trace; bob's request then starts an
		// observation with nothing current of its own.
		ExecutorService worker = Executors.newSingleThreadExecutor();
		try {
			String aliceTrace = worker.submit(() -> {
				LangfuseTrace trace = this.langfuse.trace("leak").userId("alice").sessionId("session-alice").start();
				trace.makeCurrent(); // never closed
				this.langfuse.span("alice-work").input("private data of alice").start().end();
				trace.end();
				return trace.id();
			}).get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
			LangfuseSpan bob = worker.submit(() -> {
				LangfuseSpan span = this.langfuse.span("orphan").input("private data of bob").start();
				span.end();
				return span;
			}).get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(bob.traceId()).isNotEqualTo(aliceTrace);
			assertThat(bob.parentObservationId()).isNull();
			assertThat(worker.submit(() -> LangfuseContext.current().handle())
				.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS))
				.as("the ended trace is no longer current on the pooled thread")
				.isEmpty();

			assertThat(this.ingest.observation(bob.id()).traceId()).isEqualTo(bob.traceId());
			TraceBody bobTrace = this.ingest.trace(bob.traceId());
			assertThat(bobTrace.name()).isEqualTo("orphan");
			assertThat(bobTrace.userId()).isNull();
			assertThat(bobTrace.sessionId()).isNull();
			assertThat(this.ingest.events()).filteredOn((e) -> aliceTrace.equals(InMemoryIngest.traceId(e)))
				.hasSize(2)
				.allSatisfy((e) -> assertThat(e.toString()).doesNotContain("bob"));
			assertThat(output.getOut()).containsOnlyOnce("WARN")
				.contains("Langfuse scope", "was not closed", aliceTrace);
		}
		finally {
			worker.shutdown();
		}
	}

	@Test
	void aLeakedChildScopeLeavesItsLiveParentCurrent() {
		LangfuseTrace trace = this.langfuse.trace("t").userId("alice").start();
		try (LangfuseScope scope = trace.makeCurrent()) {
			LangfuseSpan leaky = this.langfuse.span("leaky").start();
			leaky.makeCurrent(); // never closed
			leaky.end();
			LangfuseSpan next = this.langfuse.span("next").start();
			next.end();
			assertThat(next.traceId()).isEqualTo(trace.id());
			assertThat(next.parentObservationId()).as("nests under the live trace, not the ended span").isNull();
			assertThat(LangfuseContext.current().handle()).containsSame(trace);
		}
		assertThat(LangfuseContext.current().handle()).as("closing the parent's scope drops the leaked one").isEmpty();
		trace.end();
		List<IngestionEvent> spans = this.ingest.ofType("span-create");
		assertThat(spans).hasSize(2)
			.allSatisfy((e) -> assertThat(((ObservationEvent) e).body().parentObservationId()).isNull());
	}

	@Test
	void aCapturedContextContinuesUnderItsNearestLiveHandle(CapturedOutput output) throws Exception {
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			LangfuseTrace trace = this.langfuse.trace("t").start();
			LangfuseContext captured;
			LangfuseSpan parent = trace.span("parent").start();
			try (LangfuseScope traceScope = trace.makeCurrent(); LangfuseScope parentScope = parent.makeCurrent()) {
				captured = LangfuseContext.current();
			}
			parent.end();
			LangfuseSpan underTrace = pool.submit(captured.wrap(this::lateChild))
				.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(underTrace.traceId()).isEqualTo(trace.id());
			assertThat(underTrace.parentObservationId()).as("the ended span is skipped").isNull();
			trace.end();
			LangfuseSpan alone = pool.submit(captured.wrap(this::lateChild))
				.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(alone.traceId()).as("everything captured has ended: a trace of its own")
				.isNotEqualTo(trace.id());
			assertThat(LangfuseContext.of(parent).wrap(this::lateChild).call().traceId()).isNotEqualTo(trace.id());
			try (LangfuseScope scope = trace.makeCurrent()) {
				assertThat(lateChild().traceId()).as("an ended handle made current is not current")
					.isNotEqualTo(trace.id());
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(output.getOut())
			.as("handing on a context whose handle has ended is no leak, nor making an ended handle current")
			.doesNotContain("WARN");
	}

	@Test
	void whereALeakedScopeWasOpenedIsLoggedAtDebugLevelOnly(CapturedOutput output) throws Exception {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		String category = LangfuseScope.class.getName();
		ExecutorService worker = Executors.newSingleThreadExecutor();
		try {
			logging.setLogLevel(category, LogLevel.INFO);
			worker.submit(() -> leakAScope(this.langfuse)).get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
			worker.submit(this::lateChild).get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(output.getOut()).contains("was not closed", "logging.level." + category + "=debug")
				.doesNotContain("leakAScope");
			// the warning is throttled per Langfuse instance: leak on another one to see
			// a second warning
			Langfuse other = Langfuse.create(this.ingest);
			logging.setLogLevel(category, LogLevel.DEBUG);
			worker.submit(() -> leakAScope(other)).get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
			worker.submit(this::lateChild).get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(output.getOut()).contains("leakAScope");
		}
		finally {
			logging.setLogLevel(category, null);
			worker.shutdown();
		}
	}

	private static void leakAScope(Langfuse langfuse) {
		LangfuseTrace trace = langfuse.trace("leaky").start();
		trace.makeCurrent();
		trace.end();
	}

	private LangfuseSpan lateChild() {
		LangfuseSpan span = this.langfuse.span("late").start();
		span.end();
		return span;
	}

	private LangfuseSpan childSpan() {
		LangfuseSpan span = this.langfuse.span("virtual-child").start();
		span.end();
		return span;
	}

}
