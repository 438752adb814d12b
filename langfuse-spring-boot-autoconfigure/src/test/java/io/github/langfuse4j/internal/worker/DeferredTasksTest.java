package io.github.langfuse4j.internal.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;

import static io.github.langfuse4j.internal.worker.IngestTestSupport.assertAccounted;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.config;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.trace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporter's thread for deferred tracing work: order, bounds, drops counted as
 * events, and that flush and shutdown run what was handed over before they send.
 */
class DeferredTasksTest {

	private static final Duration AWAIT = Duration.ofSeconds(20);

	private final LoopbackServer server = new LoopbackServer();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		this.server.close();
	}

	private static long deadline(Duration timeout) {
		return System.nanoTime() + timeout.toNanos();
	}

	private DeferredTasks tasks(int capacity, LongAdder dropped) {
		DeferredTasks tasks = new DeferredTasks(capacity, dropped);
		this.closeables.add(() -> tasks.close(deadline(AWAIT)));
		return tasks;
	}

	@Test
	void runsTheTasksOfManyThreadsOnItsOwnThreadInTheOrderEachHandedThemOver() throws InterruptedException {
		DeferredTasks tasks = tasks(100_000, new LongAdder());
		Queue<String> ran = new ConcurrentLinkedQueue<>();
		List<Thread> producers = new ArrayList<>();
		for (int p = 0; p < 4; p++) {
			String producer = "p" + p;
			producers.add(new Thread(() -> {
				for (int i = 0; i < 5_000; i++) {
					String name = producer + ":" + i;
					tasks.offer(() -> ran.add(name + "@" + Thread.currentThread().getName()));
				}
			}));
		}
		producers.forEach(Thread::start);
		for (Thread producer : producers) {
			producer.join();
		}
		assertThat(tasks.drain(deadline(AWAIT))).isTrue();
		assertThat(ran).hasSize(20_000).allMatch((r) -> r.endsWith("@" + DeferredTasks.THREAD_NAME));
		for (int p = 0; p < 4; p++) {
			String prefix = "p" + p + ":";
			List<Integer> order = ran.stream()
				.filter((r) -> r.startsWith(prefix))
				.map((r) -> Integer.parseInt(r.substring(prefix.length(), r.indexOf('@'))))
				.toList();
			assertThat(order).isSorted().hasSize(5_000);
		}
	}

	@Test
	void aFullQueueDropsTheTaskAndCountsItWithoutBlocking() throws InterruptedException {
		LongAdder dropped = new LongAdder();
		DeferredTasks tasks = tasks(2, dropped);
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		assertThat(tasks.offer(() -> {
			running.countDown();
			await(release);
		})).isTrue();
		assertThat(running.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		List<Integer> ran = new ArrayList<>();
		assertThat(tasks.offer(() -> ran.add(1))).isTrue();
		assertThat(tasks.offer(() -> ran.add(2))).isTrue();
		// two wait: the queue is full while the thread is busy
		assertThat(tasks.offer(() -> ran.add(3))).isFalse();
		assertThat(dropped.sum()).isEqualTo(1);
		release.countDown();
		assertThat(tasks.drain(deadline(AWAIT))).isTrue();
		assertThat(ran).containsExactly(1, 2);
	}

	@Test
	void aTaskThatThrowsIsSkippedAndTheThreadGoesOn() {
		DeferredTasks tasks = tasks(10, new LongAdder());
		List<String> ran = new ArrayList<>();
		tasks.offer(() -> {
			throw new IllegalStateException("bad task");
		});
		tasks.offer(() -> {
			throw new OutOfMemoryError("not really");
		});
		tasks.offer(() -> ran.add("after"));
		assertThat(tasks.drain(deadline(AWAIT))).isTrue();
		assertThat(ran).containsExactly("after");
	}

	@Test
	void aDrainFromATaskDoesNotWaitForItself() {
		DeferredTasks tasks = tasks(10, new LongAdder());
		List<Boolean> drained = new ArrayList<>();
		tasks.offer(() -> drained.add(tasks.drain(deadline(AWAIT))));
		assertThat(tasks.drain(deadline(AWAIT))).isTrue();
		assertThat(drained).containsExactly(true);
	}

	@Test
	void aDrainGivesUpAtItsDeadlineWhileATaskHangs() throws InterruptedException {
		DeferredTasks tasks = tasks(10, new LongAdder());
		CountDownLatch release = new CountDownLatch(1);
		tasks.offer(() -> await(release));
		assertThat(tasks.drain(deadline(Duration.ofMillis(100)))).isFalse();
		release.countDown();
		assertThat(tasks.drain(deadline(AWAIT))).isTrue();
	}

	@Test
	void withoutATaskThereIsNoThread() {
		DeferredTasks tasks = tasks(10, new LongAdder());
		assertThat(tasks.drain(deadline(AWAIT))).isTrue();
		assertThat(tasks.isStarted()).isFalse();
		tasks.offer(() -> {
		});
		assertThat(tasks.isStarted()).isTrue();
	}

	@Test
	void afterCloseATaskRunsOnTheCallersThread() {
		DeferredTasks tasks = tasks(10, new LongAdder());
		List<String> ran = new ArrayList<>();
		tasks.offer(() -> ran.add("before"));
		assertThat(tasks.close(deadline(AWAIT))).isTrue();
		assertThat(tasks.offer(() -> ran.add("after@" + Thread.currentThread().getName()))).isTrue();
		assertThat(ran).containsExactly("before", "after@" + Thread.currentThread().getName());
	}

	@Test
	void theExportersFlushWaitsForTheTasksHandedOverBeforeItAndSendsWhatTheyEnqueue() throws InterruptedException {
		LangfuseIngest ingest = LangfuseIngest.create(config(this.server).flushInterval(Duration.ofHours(1)).build());
		this.closeables.add(ingest);
		CountDownLatch release = new CountDownLatch(1);
		ingest.defer(() -> await(release));
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			IngestionEvent event = trace("t" + i);
			ids.add(event.id());
			assertThat(ingest.defer(() -> ingest.enqueue(event))).isTrue();
		}
		List<Boolean> flushed = new ArrayList<>();
		Thread flushing = new Thread(() -> flushed.add(ingest.flush(AWAIT)));
		flushing.start();
		// the flush waits while a task runs (the first one, until released)
		Awaitility.await().atMost(AWAIT).until(() -> flushing.getState() == Thread.State.TIMED_WAITING);
		assertThat(this.server.requests()).isEmpty();
		release.countDown();
		flushing.join(AWAIT.toMillis());
		assertThat(flushed).containsExactly(true);
		// no await: the flush ran the tasks, then sent what they enqueued
		assertThat(this.server.requests().stream().flatMap((r) -> r.eventIds().stream()))
			.containsExactlyInAnyOrderElementsOf(ids);
		assertAccounted(ingest.stats());
	}

	@Test
	void theExportersShutdownWaitsForTheTasksAndATaskAfterItIsCountedAsLate() throws InterruptedException {
		LangfuseIngest ingest = LangfuseIngest.create(config(this.server).flushInterval(Duration.ofHours(1)).build());
		CountDownLatch release = new CountDownLatch(1);
		ingest.defer(() -> await(release));
		IngestionEvent before = trace("before");
		ingest.defer(() -> ingest.enqueue(before));
		Thread closing = new Thread(ingest::close);
		closing.start();
		// the shutdown waits while a task runs (the first one, until released)
		Awaitility.await().atMost(AWAIT).until(() -> closing.getState() == Thread.State.TIMED_WAITING);
		release.countDown();
		closing.join(AWAIT.toMillis());
		assertThat(closing.isAlive()).isFalse();
		assertThat(this.server.requests().stream().flatMap((r) -> r.eventIds().stream())).containsExactly(before.id());
		assertThat(ingest.defer(() -> ingest.enqueue(trace("after")))).isTrue();
		IngestStats stats = ingest.stats();
		assertThat(stats.sent()).isEqualTo(1);
		assertThat(stats.dropped(DropReason.SHUTDOWN)).isEqualTo(1);
		assertAccounted(stats);
	}

	@Test
	void theExportersDroppedTasksAreQueueFullDrops() throws InterruptedException {
		LangfuseIngest ingest = LangfuseIngest
			.create(config(this.server).queueCapacity(1).flushInterval(Duration.ofHours(1)).build());
		this.closeables.add(ingest);
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ingest.defer(() -> {
			running.countDown();
			await(release);
		});
		assertThat(running.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(ingest.defer(() -> ingest.enqueue(trace("queued")))).isTrue();
		assertThat(ingest.defer(() -> ingest.enqueue(trace("dropped")))).isFalse();
		release.countDown();
		assertThat(ingest.flush(AWAIT)).isTrue();
		IngestStats stats = ingest.stats();
		assertThat(stats.sent()).isEqualTo(1);
		assertThat(stats.dropped(DropReason.QUEUE_FULL)).isEqualTo(1);
		assertAccounted(stats);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(AWAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
