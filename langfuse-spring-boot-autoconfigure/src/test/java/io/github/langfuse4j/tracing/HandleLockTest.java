package io.github.langfuse4j.tracing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No foreign code under a handle's lock (issue 14, step 6): the exporter, possibly an
 * application's own {@link LangfuseIngest} bean, is called after the handle's state was
 * taken under a private lock and the lock released; an application that synchronizes on a
 * handle object does not block the tracer.
 */
class HandleLockTest {

	/**
	 * Long enough for a loaded machine; a call that waits for the blocked enqueue never
	 * returns within it.
	 */
	private static final Duration DEADLINE = Duration.ofSeconds(10);

	/**
	 * A thread per task: each blocked party has its own thread, whatever the size of the
	 * common pool.
	 */
	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void anEnqueueThatBlocksDoesNotBlockOtherCallsOnTheSameObservation() throws Exception {
		BlockingIngest ingest = new BlockingIngest();
		Langfuse langfuse = Langfuse.create(ingest);
		LangfuseTrace trace = langfuse.trace("t").start();
		LangfuseGeneration generation = trace.generation("g").start().output("before");
		CompletableFuture<Void> ending = CompletableFuture.runAsync(generation::end, this.threads);
		try {
			assertThat(ingest.entered.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).as("enqueue called").isTrue();
			CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> {
				generation.end();
				generation.output("after").usage(1, 2).level(null).metadata("k", "v");
				generation.error(new IllegalStateException("late"));
				return generation.isEnded() + " " + generation;
			}, this.threads);
			assertThat(other.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).startsWith("true Langfuse generation");
			assertThat(ending).as("the first end is still inside the blocked enqueue").isNotDone();
		}
		finally {
			ingest.release.countDown();
		}
		ending.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
		trace.end();
		assertThat(ingest.recorded.countByBodyId()).containsOnly(java.util.Map.entry(generation.id(), 1L),
				java.util.Map.entry(trace.id(), 1L));
		assertThat(ingest.recorded.observation(generation.id()).output()).isEqualTo("before");
		assertThat(ingest.recorded.observation(generation.id()).usageDetails()).isNull();
	}

	@Test
	void anEnqueueThatBlocksDoesNotBlockOtherCallsOnTheSameTrace() throws Exception {
		BlockingIngest ingest = new BlockingIngest();
		Langfuse langfuse = Langfuse.create(ingest);
		LangfuseTrace trace = langfuse.trace("t").start().output("before");
		CompletableFuture<Void> ending = CompletableFuture.runAsync(trace::end, this.threads);
		try {
			assertThat(ingest.entered.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).as("enqueue called").isTrue();
			CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> {
				trace.end();
				trace.output("after").userId("u").tags("x").name("renamed");
				return trace.isEnded() + " " + trace;
			}, this.threads);
			assertThat(other.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
				.isEqualTo("true Langfuse trace 't' [id=" + trace.id() + "]");
		}
		finally {
			ingest.release.countDown();
		}
		ending.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(ingest.recorded.trace(trace.id()).output()).isEqualTo("before");
		assertThat(ingest.recorded.trace(trace.id()).userId()).isNull();
	}

	@Test
	void anApplicationHoldingTheMonitorOfAHandleDoesNotBlockTheTracer() throws Exception {
		InMemoryIngest ingest = new InMemoryIngest();
		Langfuse langfuse = Langfuse.create(ingest);
		LangfuseTrace trace = langfuse.trace("t").start();
		LangfuseSpan span = trace.span("s").start();
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Void> application = CompletableFuture.runAsync(() -> {
			synchronized (span) {
				synchronized (trace) {
					held.countDown();
					await(release);
				}
			}
		}, this.threads);
		try {
			assertThat(held.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			CompletableFuture<Void> tracing = CompletableFuture.runAsync(() -> {
				span.input("in").output("out").metadata("k", "v").version("2");
				span.end();
				trace.userId("u").output("answer").toString();
				trace.end();
			}, this.threads);
			tracing.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
		}
		finally {
			release.countDown();
		}
		application.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(ingest.observation(span.id()).output()).isEqualTo("out");
		assertThat(ingest.trace(trace.id()).userId()).isEqualTo("u");
	}

	@Test
	void aLoneObservationEndsItsTraceAfterTheBlockedEnqueueWithoutHoldingItsLock() throws Exception {
		BlockingIngest ingest = new BlockingIngest();
		Langfuse langfuse = Langfuse.create(ingest);
		LangfuseSpan span = langfuse.span("lone").input("q").start();
		CompletableFuture<Void> ending = CompletableFuture.runAsync(() -> span.output("a").end(), this.threads);
		try {
			assertThat(ingest.entered.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			CompletableFuture<Void> other = CompletableFuture.runAsync(() -> span.output("late").end(), this.threads);
			other.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
		}
		finally {
			ingest.release.countDown();
		}
		ending.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(ingest.recorded.trace(span.traceId()).output()).isEqualTo("a");
		assertThat(ingest.recorded.events()).extracting(IngestionEvent::type)
			.containsExactly("span-create", "trace-create");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * An exporter whose first {@code enqueue} blocks until released; every event is
	 * recorded.
	 */
	static final class BlockingIngest implements LangfuseIngest {

		final InMemoryIngest recorded = new InMemoryIngest();

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public void enqueue(IngestionEvent event) {
			if (this.entered.getCount() > 0) {
				this.entered.countDown();
				await(this.release);
			}
			this.recorded.enqueue(event);
		}

		@Override
		public void flush() {
		}

		@Override
		public boolean flush(Duration timeout) {
			return true;
		}

		@Override
		public IngestStats stats() {
			return this.recorded.stats();
		}

		@Override
		public void close() {
		}

	}

}
