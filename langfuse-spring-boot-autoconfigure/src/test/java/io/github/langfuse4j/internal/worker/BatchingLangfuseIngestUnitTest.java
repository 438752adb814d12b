package io.github.langfuse4j.internal.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.RequestObserver;
import io.github.langfuse4j.ingest.model.IngestionEvent;

import static io.github.langfuse4j.internal.worker.IngestTestSupport.PUBLIC_KEY;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.SECRET_KEY;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.assertAccounted;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The worker's batching, flush, shutdown, drops and accounting, driven through a
 * {@link RecordingTransport}: no HTTP, so each rule is tested on its own. The loopback
 * suites next to it prove that the parts work together.
 */
class BatchingLangfuseIngestUnitTest {

	private static final Duration AWAIT = Duration.ofSeconds(20);

	private final RecordingTransport transport = new RecordingTransport();

	private final List<BatchingLangfuseIngest> exporters = new ArrayList<>();

	private final LogCapture log = new LogCapture(BatchingLangfuseIngest.class);

	@BeforeEach
	void attach() {
		this.log.start();
	}

	@AfterEach
	void close() {
		this.transport.release();
		this.exporters.forEach(BatchingLangfuseIngest::close);
		this.log.stop();
	}

	/**
	 * No retries, a long flush interval: tests flush explicitly or fill batches. No
	 * request is ever made.
	 */
	private static IngestConfig.Builder config() {
		return IngestConfig.builder()
			.host("http://localhost:9")
			.publicKey(PUBLIC_KEY)
			.secretKey(SECRET_KEY)
			.protocol(IngestConfig.Protocol.INGESTION)
			.flushInterval(Duration.ofHours(1))
			.maxRetries(0)
			.shutdownTimeout(Duration.ofSeconds(10));
	}

	private BatchingLangfuseIngest start(IngestConfig config) {
		return start(config, RequestObserver.NONE);
	}

	private BatchingLangfuseIngest start(IngestConfig config, RequestObserver observer) {
		BatchingLangfuseIngest ingest = new BatchingLangfuseIngest(config, this.transport, observer);
		this.exporters.add(ingest);
		return ingest;
	}

	private static List<IngestionEvent> traces(String prefix, int count) {
		List<IngestionEvent> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			events.add(trace(prefix + i));
		}
		return events;
	}

	@Test
	void sendsFullBatchesAtOnceAndKeepsAPartialOneUntilTheFlushInterval() {
		BatchingLangfuseIngest ingest = start(config().maxBatch(5).build());
		List<IngestionEvent> events = traces("t", 12);
		events.forEach(ingest::enqueue);
		await().atMost(AWAIT).until(() -> this.transport.batches().size() == 2);
		// the flush interval is an hour: the two left wait for a full batch or a flush
		assertThat(this.transport.batchSizes()).containsExactly(5, 5);
		assertThat(ingest.queueSize()).isEqualTo(2);
		assertThat(this.transport.count("sendPending(false)")).isZero();
		assertThat(ingest.flush(AWAIT)).isTrue();
		assertThat(this.transport.batchSizes()).containsExactly(5, 5, 2);
		assertThat(this.transport.batches().stream().flatMap(List::stream).toList()).containsExactlyElementsOf(events);
	}

	@Test
	void sendsAPartialBatchAndWhatTheTransportHoldsBackOnceTheFlushIntervalPasses() {
		BatchingLangfuseIngest ingest = start(config().maxBatch(100).flushInterval(Duration.ofMillis(50)).build());
		traces("t", 3).forEach(ingest::enqueue);
		await().atMost(AWAIT).until(() -> this.transport.batches().size() == 1);
		assertThat(this.transport.batchSizes()).containsExactly(3);
		await().atMost(AWAIT).until(() -> this.transport.count("sendPending(false)") >= 1);
		assertThat(ingest.stats().sent()).isEqualTo(3);
	}

	@Test
	void flushHandsEverythingOverAndWaitsForTheAnswers() {
		BatchingLangfuseIngest ingest = start(config().maxBatch(4).build());
		traces("t", 10).forEach(ingest::enqueue);
		assertThat(ingest.flush(AWAIT)).isTrue();
		// no await: flush returned only after the transport had everything and its
		// requests were answered
		assertThat(this.transport.batches().stream().mapToInt(List::size).sum()).isEqualTo(10);
		List<String> calls = this.transport.calls();
		assertThat(calls.subList(calls.size() - 2, calls.size())).containsExactly("sendPending(false)",
				"awaitRequests");
		assertThat(ingest.stats().sent()).isEqualTo(10);
		assertThat(ingest.stats().queued()).isZero();
	}

	@Test
	void flushReturnsFalseWhenTheTransportDoesNotFinishInTime() {
		BatchingLangfuseIngest ingest = start(config().build());
		this.transport.hold();
		ingest.enqueue(trace("a"));
		assertThat(ingest.flush(Duration.ofMillis(100))).isFalse();
		assertThat(ingest.stats().queued()).as("held by the transport").isEqualTo(1);
		this.transport.release();
		assertThat(ingest.flush(AWAIT)).isTrue();
		assertThat(ingest.stats().sent()).isEqualTo(1);
		assertThat(ingest.stats().queued()).isZero();
	}

	@Test
	void closeSendsTheRestThenReleasesWhatTheTransportHoldsThenWaitsThenCloses() {
		BatchingLangfuseIngest ingest = start(config().maxBatch(100).build());
		traces("t", 7).forEach(ingest::enqueue);
		ingest.close();
		assertThat(this.transport.calls()).containsExactly("shuttingDown", "send(7)", "sendPending(true)",
				"awaitRequests", "discardPending", "close");
		IngestStats stats = ingest.stats();
		assertThat(stats.sent()).isEqualTo(7);
		assertThat(stats.droppedTotal()).isZero();
		assertAccounted(stats);
	}

	@Test
	void closeStopsAtItsDeadlineAndCountsTheLeftoversAsDroppedAtShutdown() {
		BatchingLangfuseIngest ingest = start(config().maxBatch(5).shutdownTimeout(Duration.ofMillis(500)).build());
		this.transport.hold();
		traces("t", 12).forEach(ingest::enqueue);
		// the worker takes the first full batch and waits in the transport
		await().atMost(AWAIT).until(() -> this.transport.batches().size() == 1);
		// a guard against a hang, not a speed check
		assertTimeoutPreemptively(AWAIT, ingest::close);
		IngestStats stats = ingest.stats();
		assertThat(stats.sent()).isZero();
		assertThat(stats.dropped(DropReason.SHUTDOWN)).isEqualTo(12);
		assertThat(stats.queued()).isZero();
		assertAccounted(stats);
		assertThat(this.transport.calls()).endsWith("close");
		assertThat(this.log.lines).anyMatch((line) -> line.getFormattedMessage()
			.contains("shutdown timeout (PT0.5S) reached; 12 telemetry events were not sent"));
	}

	@Test
	void eventsEnqueuedAfterCloseAreAcceptedAndCountedAsDroppedAtShutdown() {
		BatchingLangfuseIngest ingest = start(config().build());
		ingest.close();
		ingest.enqueue(trace("late"));
		IngestStats stats = ingest.stats();
		assertThat(stats.accepted()).isEqualTo(1);
		assertThat(stats.dropped(DropReason.SHUTDOWN)).isEqualTo(1);
		assertAccounted(stats);
		assertThat(this.transport.batches()).isEmpty();
	}

	@Test
	void aFullQueueDropsCountsAndWarnsOnTheWorkersThreadOnce() {
		BatchingLangfuseIngest ingest = start(config().queueCapacity(10).maxBatch(10).build());
		this.transport.hold();
		traces("first", 10).forEach(ingest::enqueue);
		await().atMost(AWAIT).until(() -> this.transport.batches().size() == 1);
		// the transport holds ten; the queue takes ten more and drops five
		traces("second", 15).forEach(ingest::enqueue);
		IngestStats stats = ingest.stats();
		assertThat(stats.accepted()).isEqualTo(25);
		assertThat(stats.dropped(DropReason.QUEUE_FULL)).isEqualTo(5);
		assertThat(stats.queued()).isEqualTo(20);
		assertAccounted(stats);
		assertThat(this.log.lines).as("lines written on the thread of the dropping enqueue")
			.noneMatch((line) -> line.getThreadName().equals(Thread.currentThread().getName()));
		await().atMost(AWAIT).until(() -> !this.log.lines.isEmpty());
		assertThat(this.log.lines).singleElement().satisfies((line) -> {
			assertThat(line.getThreadName()).isEqualTo(BatchingLangfuseIngest.THREAD_NAME);
			assertThat(line.getFormattedMessage()).contains("queue full; dropping telemetry events")
				.contains("5 dropped since the last report, 5 in total; queue capacity 10");
		});
		// fewer than 256 further drops: no further "queue full" line, not even at
		// shutdown
		ingest.enqueue(trace("third"));
		this.transport.release();
		ingest.close();
		assertThat(this.log.lines).filteredOn((line) -> line.getFormattedMessage().contains("queue full")).hasSize(1);
		stats = ingest.stats();
		assertThat(stats.dropped(DropReason.QUEUE_FULL)).isEqualTo(6);
		assertThat(stats.sent()).isEqualTo(20);
		assertAccounted(stats);
	}

	/**
	 * Issue 13 defect 1: a queue that never empties must not hold back what the transport
	 * releases on time.
	 */
	@Test
	void releasesWhatTheTransportHoldsBackOncePerFlushIntervalWhileTheQueueStaysBusy() {
		AtomicReference<BatchingLangfuseIngest> ingest = new AtomicReference<>();
		AtomicBoolean busy = new AtomicBoolean(true);
		List<Integer> queuedAtRelease = new CopyOnWriteArrayList<>();
		// every batch sent is replaced by a full one, so the worker never finds the queue
		// short of a batch
		this.transport.onSend((batch) -> {
			if (busy.get()) {
				traces("again", batch.size()).forEach(ingest.get()::enqueue);
			}
		});
		this.transport.onSendPending(() -> {
			if (busy.get()) {
				queuedAtRelease.add(ingest.get().queueSize());
			}
		});
		ingest.set(start(config().maxBatch(10).flushInterval(Duration.ofMillis(50)).build()));
		traces("t", 10).forEach(ingest.get()::enqueue);
		await().atMost(AWAIT).until(() -> queuedAtRelease.size() >= 3);
		busy.set(false);
		assertThat(queuedAtRelease).as("queue size at each release").allMatch((size) -> size >= 10);
		assertThat(ingest.get().flush(AWAIT)).isTrue();
		assertAccounted(ingest.get().stats());
	}

	@Test
	void statsCountWhatTheTransportReportsAndHoldsAndPassRequestsToTheObserver() {
		List<String> observed = new CopyOnWriteArrayList<>();
		this.transport.report((outcomes, batch) -> {
			outcomes.sent(3);
			outcomes.rejected(2);
			outcomes.failed(1, "HTTP 503");
			outcomes.dropped(DropReason.OVERSIZE, batch.size() - 6);
		});
		BatchingLangfuseIngest ingest = start(config().maxBatch(100).build(),
				(endpoint, status, failure, nanos) -> observed.add(endpoint + " " + status));
		traces("t", 10).forEach(ingest::enqueue);
		IngestStats queued = ingest.stats();
		assertThat(queued.queued()).isEqualTo(10);
		assertAccounted(queued);
		assertThat(ingest.flush(AWAIT)).isTrue();
		this.transport.observer().requestCompleted("ingestion", 503, null, 1_000);
		IngestStats stats = ingest.stats();
		assertThat(stats.accepted()).isEqualTo(10);
		assertThat(stats.sent()).isEqualTo(3);
		assertThat(stats.rejected()).isEqualTo(2);
		assertThat(stats.failed()).isEqualTo(1);
		assertThat(stats.dropped(DropReason.OVERSIZE)).isEqualTo(4);
		assertThat(stats.queued()).isZero();
		assertAccounted(stats);
		assertThat(stats.lastFailureReason()).isEqualTo("ingestion: HTTP 503");
		assertThat(observed).containsExactly("ingestion 503");
	}

	/**
	 * Issue 13: an event whose outcome is being reported counted once, not as sent and as
	 * queued.
	 */
	@Test
	void statsNeverCountAnEventTwiceWhileTheTransportReportsIt() throws InterruptedException {
		CountDownLatch reported = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		this.transport.report((outcomes, batch) -> {
			outcomes.sent(batch.size());
			// reported, still pending: the moment a sender has counted its request and
			// not yet finished it
			reported.countDown();
			awaitQuietly(proceed);
		});
		BatchingLangfuseIngest ingest = start(config().maxBatch(3).build());
		traces("t", 3).forEach(ingest::enqueue);
		assertThat(reported.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		IngestStats stats = ingest.stats();
		proceed.countDown();
		assertThat(stats.sent()).isEqualTo(3);
		assertThat(stats.queued()).isZero();
		assertAccounted(stats);
	}

	/**
	 * Issue 13: an event the worker has taken from the queue and the transport not yet
	 * counted is still queued.
	 */
	@Test
	void statsCountAnEventOnItsWayToTheTransportAsQueued() throws InterruptedException {
		CountDownLatch received = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		this.transport.onReceive((batch) -> {
			// out of the queue, not yet pending: the moment a transport writes the
			// request
			received.countDown();
			awaitQuietly(proceed);
		});
		BatchingLangfuseIngest ingest = start(config().maxBatch(3).build());
		traces("t", 3).forEach(ingest::enqueue);
		assertThat(received.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		IngestStats stats = ingest.stats();
		proceed.countDown();
		assertThat(stats.queued()).isEqualTo(3);
		assertAccounted(stats);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(AWAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
