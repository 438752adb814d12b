package io.github.langfuse4j.internal.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseHttpClientCustomizer;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;
import io.github.langfuse4j.ingest.RequestObserver;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceCreate;
import io.github.langfuse4j.internal.ids.TraceIdRatio;
import io.github.langfuse4j.internal.logging.ThrottledLogger;
import io.github.langfuse4j.internal.transport.Transport;
import io.github.langfuse4j.internal.transport.Transports;

/**
 * The exporter: a bounded queue filled by application threads and a worker task on a
 * private, single-thread {@link ThreadPoolTaskScheduler} that drains it into a
 * {@link Transport}.
 *
 * <p>
 * {@link #enqueue} does a null check, a read of the closed flag and a lock-free offer to
 * the calling thread's stripe of the queue ({@link StripedEventQueue}); it never signals
 * the worker, because waking a parked thread costs the caller microseconds. Instead the
 * worker polls the queue every {@link #POLL_INTERVAL} (or every flush interval, if
 * shorter): it sends full batches as soon as it sees them and a partial batch once the
 * flush interval has passed. However busy the queue is, what the transport holds back and
 * is due (the OTLP span buffer's root spans) is released once per flush interval, between
 * two batches.
 *
 * <p>
 * The worker only writes requests: it hands each one to the transport's senders (up to
 * {@code max-requests-in-flight} requests on the wire at once) and goes on with the next
 * batch; when all are in flight it waits for the first answer while the application's
 * events wait in the queue. {@link #flush} waits for the answers too; the shutdown waits
 * for them until shortly before its deadline and then cuts them off.
 *
 * <p>
 * With a sample rate below 1, {@code enqueue} first decides on the event's trace id (no
 * allocation for hex and UUID ids, see {@link TraceIdRatio}); an event of a sampled-out
 * trace is counted and never queued.
 *
 * <p>
 * A dropping {@code enqueue} only counts: the "queue full" warning is written by the
 * scheduler's threads (a drop check every {@link #DROP_CHECK_INTERVAL} that runs even
 * while the worker waits for a response), never on the application's thread.
 */
public final class BatchingLangfuseIngest implements LangfuseIngest {

	/** How often the worker looks for full batches. */
	static final Duration POLL_INTERVAL = Duration.ofMillis(10);

	/** How often the scheduler looks for drops not yet reported. */
	static final Duration DROP_CHECK_INTERVAL = Duration.ofMillis(100);

	static final String THREAD_NAME = "langfuse-ingest";

	private static final Log logger = LogFactory.getLog(BatchingLangfuseIngest.class);

	private static final int DROPS_PER_WARNING = 256;

	private static final long SHUTDOWN_RESERVE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private static final Duration DROP_WARNING_INTERVAL = Duration.ofSeconds(10);

	private final IngestConfig config;

	private final StripedEventQueue<IngestionEvent> queue;

	private final DeliveryCounters counters = new DeliveryCounters();

	private final LongAdder queueFull;

	/** {@code null} when every trace is sent, so that enqueue skips the decision. */
	private final TraceIdRatio sampler;

	private final LongAdder sampledOut;

	private final Masking masking;

	/** Events enqueued after close: accepted and dropped at once, never queued. */
	private final LongAdder afterShutdown;

	private final Transport transport;

	private final ThreadPoolTaskScheduler scheduler;

	/** The thread of {@link #defer}, started with the first task. */
	private final DeferredTasks deferred;

	/**
	 * Held by whoever drains the queue and sends: the worker, a flush, or the shutdown.
	 */
	private final ReentrantLock sendLock = new ReentrantLock();

	private final AtomicBoolean closing = new AtomicBoolean();

	private final List<IngestionEvent> batch;

	private volatile boolean closed;

	/**
	 * Set when the shutdown is over. From then on nothing sends what is still in the
	 * queue or the transport (an enqueue that raced the shutdown, a stuck worker's
	 * leftovers), so {@link #stats()} reports it as dropped.
	 */
	private volatile boolean terminated;

	private long lastFlushNanos = System.nanoTime();

	/** Held while one thread decides about and writes a "queue full" warning. */
	private final AtomicBoolean dropWarning = new AtomicBoolean();

	/**
	 * Lets the first "queue full" line through at once, then one per
	 * {@link #DROP_WARNING_INTERVAL}.
	 */
	private final ThrottledLogger dropLog = new ThrottledLogger(logger, DROP_WARNING_INTERVAL);

	private boolean dropWarned;

	private long reportedDrops;

	/**
	 * Creates the exporter with its own transport and HTTP client for the configured
	 * protocol, and starts its worker.
	 * @param config the settings; must have both keys
	 * @param restClientCustomizer adjusts the {@code RestClient}
	 * @param httpClientCustomizer adjusts the JDK {@code HttpClient} underneath
	 * @param observer told about every request, after the exporter's own counters
	 */
	public BatchingLangfuseIngest(IngestConfig config, LangfuseRestClientCustomizer restClientCustomizer,
			LangfuseHttpClientCustomizer httpClientCustomizer, RequestObserver observer) {
		this(config, (outcomes, requests) -> Transports.create(config, restClientCustomizer, httpClientCustomizer,
				outcomes, requests), observer);
	}

	/**
	 * Creates the exporter over a transport built by {@code transports}; the seam that
	 * lets a test drive the worker with a transport of its own, without HTTP.
	 * @param config the settings
	 * @param transports builds the transport, given where it reports outcomes and
	 * requests
	 * @param observer told about every request, after the exporter's own counters
	 */
	BatchingLangfuseIngest(IngestConfig config, TransportFactory transports, RequestObserver observer) {
		this.config = Objects.requireNonNull(config, "config");
		this.queue = new StripedEventQueue<>(config.queueCapacity());
		this.queueFull = this.counters.droppedCounter(DropReason.QUEUE_FULL);
		this.afterShutdown = this.counters.lateEvents();
		TraceIdRatio ratio = TraceIdRatio.of(config.sampleRate());
		this.sampler = ratio.keepsAll() ? null : ratio;
		this.sampledOut = this.counters.sampledOut();
		this.masking = new Masking(config.maskers(), this.counters.maskingFailures());
		this.batch = new ArrayList<>(config.maxBatch());
		RequestObserver counters = this.counters;
		RequestObserver observers = (endpoint, status, failure, nanos) -> {
			counters.requestCompleted(endpoint, status, failure, nanos);
			observer.requestCompleted(endpoint, status, failure, nanos);
		};
		this.transport = Objects.requireNonNull(transports.create(this.counters, observers), "transport");
		this.deferred = new DeferredTasks(config.queueCapacity(), this.queueFull);
		this.scheduler = newScheduler();
		Duration poll = (config.flushInterval().compareTo(POLL_INTERVAL) < 0) ? config.flushInterval() : POLL_INTERVAL;
		this.scheduler.scheduleWithFixedDelay(this::tick, poll);
		this.scheduler.scheduleWithFixedDelay(this::checkDrops, DROP_CHECK_INTERVAL);
	}

	private static ThreadPoolTaskScheduler newScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		// two threads: the drop check runs while the worker waits for a response; sending
		// is serialized by sendLock
		scheduler.setPoolSize(2);
		scheduler.setThreadFactory((runnable) -> {
			Thread thread = new Thread(runnable, THREAD_NAME);
			thread.setDaemon(true);
			return thread;
		});
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setErrorHandler((ex) -> logger.warn("Langfuse worker task failed (application unaffected)", ex));
		scheduler.initialize();
		return scheduler;
	}

	@Override
	public void enqueue(IngestionEvent event) {
		Objects.requireNonNull(event, "event must not be null");
		if (this.sampler != null && !this.sampler.keeps(traceId(event))) {
			this.sampledOut.increment();
		}
		else if (this.closed) {
			this.afterShutdown.increment();
		}
		else if (!this.queue.offer(event)) {
			// counted only: the warning is written by the scheduler (checkDrops), never
			// on the caller's thread
			this.queueFull.increment();
		}
	}

	/**
	 * The trace an event belongs to, for sampling.
	 * @return the trace id, or {@code null} for an event outside any trace (a score of a
	 * session or dataset run, an SDK log), which is always sent
	 */
	private static String traceId(IngestionEvent event) {
		if (event instanceof ObservationEvent observation) {
			return observation.body().traceId();
		}
		if (event instanceof TraceCreate trace) {
			return trace.body().id();
		}
		if (event instanceof ScoreCreate score) {
			return score.body().traceId();
		}
		return null;
	}

	/**
	 * Queues the task for the {@code langfuse-deferred} thread; a task dropped because
	 * {@code queue-capacity} tasks wait counts as a {@code queue_full} drop, like the
	 * event it would have enqueued.
	 */
	@Override
	public boolean defer(Runnable task) {
		Objects.requireNonNull(task, "task must not be null");
		return this.deferred.offer(task);
	}

	@Override
	public boolean isSampled(String traceId) {
		return this.sampler == null || this.sampler.keeps(traceId);
	}

	@Override
	public void countSampledOut(int events) {
		if (events > 0) {
			this.sampledOut.add(events);
		}
	}

	/** The scheduler's drop check: warns about drops not yet reported. */
	private void checkDrops() {
		try {
			if (this.queueFull.sum() != this.reportedDrops) {
				warnAboutDrops();
			}
		}
		catch (Throwable ex) {
			logger.warn("Langfuse drop check failed (application unaffected)", ex);
		}
	}

	/** The worker's periodic task. */
	private void tick() {
		try {
			long now = System.nanoTime();
			boolean due = now - this.lastFlushNanos >= this.config.flushInterval().toNanos();
			if (!due && this.queue.size() < this.config.maxBatch()) {
				return;
			}
			this.sendLock.lock();
			try {
				if (this.closed) {
					return;
				}
				drain(due ? this.queue.mark() : null, Transport.NO_DEADLINE);
				if (due) {
					this.transport.sendPending(false, Transport.NO_DEADLINE);
					this.lastFlushNanos = System.nanoTime();
				}
			}
			finally {
				this.sendLock.unlock();
			}
		}
		catch (Throwable ex) {
			logger.warn("Langfuse worker failed; it keeps running (application unaffected)", ex);
		}
	}

	/**
	 * Sends batches until every event offered before {@code target} (a
	 * {@link StripedEventQueue#mark()}) is drained, or, with a {@code null} target, while
	 * a full batch waits. Between two batches, once per flush interval, releases what the
	 * transport holds back and is due, so that a queue that never empties cannot hold it
	 * back. Stops early when interrupted or when the deadline has passed (the shutdown
	 * counts the rest).
	 */
	private void drain(long[] target, long deadlineNanos) {
		long interval = this.config.flushInterval().toNanos();
		while (!Thread.currentThread().isInterrupted()) {
			if (deadlineNanos != Transport.NO_DEADLINE && System.nanoTime() - deadlineNanos >= 0) {
				return;
			}
			if (deadlineNanos == Transport.NO_DEADLINE && System.nanoTime() - this.lastFlushNanos >= interval) {
				this.transport.sendPending(false, Transport.NO_DEADLINE);
				this.lastFlushNanos = System.nanoTime();
			}
			boolean more = (target != null) ? !this.queue.reached(target) : this.queue.size() >= this.config.maxBatch();
			if (!more) {
				return;
			}
			if (!this.transport.awaitCapacity(deadlineNanos)) {
				return; // all requests in flight until the deadline (or interrupted): the
						// events stay queued
			}
			this.batch.clear();
			if (this.queue.drain(this.batch, this.config.maxBatch()) == 0) {
				return;
			}
			try {
				if (!this.masking.isEmpty()) {
					this.masking.apply(this.batch);
				}
				this.transport.send(this.batch, deadlineNanos);
			}
			finally {
				this.batch.clear();
			}
		}
	}

	/**
	 * Logs "queue full" at most once per {@value #DROPS_PER_WARNING} drops and once per
	 * {@link #DROP_WARNING_INTERVAL}, the first drop at once. Called by the scheduler's
	 * drop check and by the shutdown, never by a producer; never blocks: a caller that
	 * finds another one warning returns. The line counts drops, not lines, so it carries
	 * no "not logged" suffix: the drops since the last line say it all.
	 */
	private void warnAboutDrops() {
		if (!this.dropWarning.compareAndSet(false, true)) {
			return;
		}
		try {
			long drops = this.queueFull.sum();
			long unreported = drops - this.reportedDrops;
			boolean due = unreported > 0 && (!this.dropWarned || unreported >= DROPS_PER_WARNING);
			if (due && this.dropLog.tryAcquire() >= 0) {
				this.dropWarned = true;
				this.reportedDrops = drops;
				logger.warn("Langfuse queue full; dropping telemetry events (application unaffected): " + unreported
						+ " dropped since the last report, " + drops + " in total; queue capacity "
						+ this.queue.capacity() + " (metric langfuse.ingest.dropped; raise langfuse.queue-capacity "
						+ "if this persists)");
			}
		}
		finally {
			this.dropWarning.set(false);
		}
	}

	@Override
	public void flush() {
		flush(this.config.shutdownTimeout());
	}

	@Override
	public boolean flush(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout must not be null");
		if (this.closed) {
			return this.queue.size() == 0;
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		if (!this.deferred.drain(deadline)) {
			return false;
		}
		long[] target = this.queue.mark();
		CompletableFuture<Void> done = new CompletableFuture<>();
		try {
			this.scheduler.execute(() -> {
				this.sendLock.lock();
				try {
					if (!this.closed) {
						drain(target, Transport.NO_DEADLINE);
						this.transport.sendPending(false, Transport.NO_DEADLINE);
						this.transport.awaitRequests(Transport.NO_DEADLINE);
					}
				}
				catch (Throwable ex) {
					logger.warn("Langfuse flush failed (application unaffected)", ex);
				}
				finally {
					this.sendLock.unlock();
					done.complete(null);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			return this.queue.size() == 0;
		}
		try {
			done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (TimeoutException | ExecutionException ex) {
			return false;
		}
	}

	/**
	 * A consistent snapshot: while the exporter runs, {@code queued} is what has no
	 * outcome yet (see {@link DeliveryCounters#running}); no lock, nothing added to
	 * {@link #enqueue}.
	 */
	@Override
	public IngestStats stats() {
		if (this.terminated) {
			long abandoned = this.queue.size() + this.transport.pending();
			return this.counters.terminated(this.queue::produced, abandoned, this.queue.capacity());
		}
		return this.counters.running(this.queue::produced, this.queue.capacity());
	}

	@Override
	public void close() {
		if (!this.closing.compareAndSet(false, true)) {
			return;
		}
		long timeout = this.config.shutdownTimeout().toNanos();
		long deadline = System.nanoTime() + timeout;
		long droppedBefore = this.counters.droppedShutdown();
		// Leave a little of the budget for interrupted requests to return and for the
		// final accounting.
		long graceDeadline = deadline - Math.min(timeout / 5, SHUTDOWN_RESERVE_NANOS);
		try {
			// the deferred tasks first: they end in events to send
			this.deferred.close(graceDeadline);
			stopWorker(graceDeadline, deadline);
			if (this.sendLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				try {
					this.closed = true;
					warnAboutDrops();
					this.transport.shuttingDown();
					drain(this.queue.mark(), deadline);
					if (System.nanoTime() - deadline < 0) {
						this.transport.sendPending(true, deadline);
					}
					if (!this.transport.awaitRequests(graceDeadline)) {
						this.transport.cancelRequests(deadline);
					}
					discardQueue();
					this.transport.discardPending();
					long lost = this.counters.droppedShutdown() - droppedBefore;
					if (lost > 0) {
						logger.warn("Langfuse shutdown timeout (" + this.config.shutdownTimeout() + ") reached; " + lost
								+ " telemetry events were not sent and are counted as dropped");
					}
				}
				finally {
					this.sendLock.unlock();
				}
			}
			else {
				// The worker ignored its interrupt: leave it; what it still holds is
				// reported when it returns, and what is left behind counts as dropped
				// once the shutdown is over (see stats()).
				this.closed = true;
				int left = this.queue.size() + this.transport.pending();
				logger.warn("Langfuse shutdown timeout (" + this.config.shutdownTimeout() + ") reached while a "
						+ "request was still running; " + left + " telemetry events were not sent and are "
						+ "counted as dropped");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Throwable ex) {
			logger.warn("Langfuse shutdown failed (application unaffected)", ex);
		}
		finally {
			this.closed = true;
			this.terminated = true;
			this.scheduler.shutdown();
			this.transport.close();
		}
	}

	/**
	 * Stops the periodic task and waits for a running one until {@code graceDeadline},
	 * then interrupts it (which aborts its request) and waits until {@code deadline}.
	 */
	private void stopWorker(long graceDeadline, long deadline) throws InterruptedException {
		ScheduledExecutorService executor = this.scheduler.getScheduledExecutor();
		executor.shutdown();
		if (!executor.awaitTermination(Math.max(0, graceDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
			executor.shutdownNow();
			executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
	}

	/** Drops what is left in the queue after the deadline and counts it. */
	private int discardQueue() {
		List<IngestionEvent> rest = new ArrayList<>();
		int discarded = 0;
		while (this.queue.drain(rest, Integer.MAX_VALUE) > 0) {
			discarded += rest.size();
			rest.clear();
		}
		this.counters.dropped(DropReason.SHUTDOWN, discarded);
		return discarded;
	}

	/** The events waiting in the queue (not those held in the span buffer); for tests. */
	int queueSize() {
		return this.queue.size();
	}

	@Override
	public String toString() {
		return "LangfuseIngest[" + this.config + "]";
	}

}
