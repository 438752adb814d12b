package io.github.langfuse4j.internal.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.langfuse4j.internal.logging.LogText;
import io.github.langfuse4j.internal.logging.ThrottledLogger;

/**
 * The exporter's thread for tracing work that the application's threads hand over
 * ({@code LangfuseIngest.defer}): a bounded FIFO queue and one daemon thread, started
 * with the first task, that runs the tasks in the order they were offered.
 *
 * <p>
 * {@link #offer} never blocks and never wakes the thread (waking a parked thread costs
 * the caller microseconds): the thread runs what waits, then looks again after a
 * millisecond, backing off to every {@link #MAX_IDLE_PARK} while there is nothing. A full
 * queue drops the task and counts it on the given counter. {@link #drain} runs everything
 * offered before it (waking the thread and waiting for it), which the exporter's flush
 * and shutdown do before they send; after {@link #close} a task runs at once on the
 * caller's thread.
 */
final class DeferredTasks {

	static final String THREAD_NAME = "langfuse-deferred";

	/** The thread's longest sleep when it finds no work. */
	static final Duration MAX_IDLE_PARK = Duration.ofMillis(10);

	private static final long MIN_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final int BATCH = 256;

	private static final Log logger = LogFactory.getLog(DeferredTasks.class);

	private final ThrottledLogger failureLog = new ThrottledLogger(logger, Duration.ofMinutes(1));

	private final int capacity;

	private final LongAdder dropped;

	private volatile ArrayBlockingQueue<Runnable> queue;

	private volatile Thread thread;

	private volatile boolean closed;

	/**
	 * Creates the queue's owner; the queue and the thread come with the first task.
	 * @param capacity how many tasks may wait
	 * @param dropped counts the tasks dropped because the queue was full
	 */
	DeferredTasks(int capacity, LongAdder dropped) {
		this.capacity = capacity;
		this.dropped = dropped;
	}

	/**
	 * Queues a task; after {@link #close} runs it at once.
	 * @return {@code false} if the queue was full and the task dropped
	 */
	boolean offer(Runnable task) {
		if (this.closed) {
			run(task);
			return true;
		}
		ArrayBlockingQueue<Runnable> queue = this.queue;
		if (queue == null) {
			queue = start();
		}
		if (queue.offer(task)) {
			return true;
		}
		this.dropped.increment();
		return false;
	}

	/** Creates the queue and starts the thread, once. */
	private synchronized ArrayBlockingQueue<Runnable> start() {
		if (this.queue == null) {
			Thread thread = new Thread(this::work, THREAD_NAME);
			thread.setDaemon(true);
			this.thread = thread;
			this.queue = new ArrayBlockingQueue<>(this.capacity);
			thread.start();
		}
		return this.queue;
	}

	private void work() {
		List<Runnable> batch = new ArrayList<>(BATCH);
		long park = MIN_PARK_NANOS;
		while (!this.closed || !this.queue.isEmpty()) {
			if (this.queue.drainTo(batch, BATCH) == 0) {
				LockSupport.parkNanos(this, park);
				park = Math.min(park * 2, MAX_IDLE_PARK.toNanos());
				continue;
			}
			park = MIN_PARK_NANOS;
			for (Runnable task : batch) {
				run(task);
			}
			batch.clear();
		}
	}

	private void run(Runnable task) {
		try {
			task.run();
		}
		catch (Throwable ex) {
			this.failureLog
				.warn(() -> "Langfuse: a deferred tracing task failed (application unaffected): " + LogText.of(ex));
		}
	}

	/**
	 * Runs every task offered before this call; waits at most until {@code deadlineNanos}
	 * (a {@link System#nanoTime()}).
	 * @return {@code true} if they ran in time (or there were none)
	 */
	boolean drain(long deadlineNanos) {
		ArrayBlockingQueue<Runnable> queue = this.queue;
		Thread thread = this.thread;
		if (queue == null || thread == Thread.currentThread()) {
			// nothing was ever deferred, or a task flushes: it cannot wait for itself
			return true;
		}
		try {
			if (this.closed) {
				// closed: the thread ends once it has run what was queued before
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
				return !thread.isAlive();
			}
			CountDownLatch done = new CountDownLatch(1);
			if (!queue.offer(done::countDown, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				return false;
			}
			LockSupport.unpark(thread);
			return done.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Runs what is queued (at most until {@code deadlineNanos}) and lets the thread end;
	 * from then on tasks run on the caller's thread.
	 * @return {@code true} if everything queued ran in time
	 */
	boolean close(long deadlineNanos) {
		boolean drained = drain(deadlineNanos);
		this.closed = true;
		Thread thread = this.thread;
		if (thread != null) {
			LockSupport.unpark(thread);
		}
		return drained;
	}

	/** Whether the thread was started; for tests. */
	boolean isStarted() {
		return this.thread != null;
	}

}
