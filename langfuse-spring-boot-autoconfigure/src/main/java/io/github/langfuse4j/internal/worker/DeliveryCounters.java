package io.github.langfuse4j.internal.worker;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.RequestObserver;
import io.github.langfuse4j.internal.transport.Outcomes;

/** The exporter's counters: one per outcome and drop reason. */
final class DeliveryCounters implements Outcomes, RequestObserver {

	private final LongAdder sent = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

	private final LongAdder late = new LongAdder();

	private final LongAdder sampledOut = new LongAdder();

	private final LongAdder maskingFailures = new LongAdder();

	private volatile Instant lastSuccess;

	private volatile Instant lastFailure;

	private volatile String lastFailureReason;

	DeliveryCounters() {
		for (DropReason reason : DropReason.values()) {
			this.dropped.put(reason, new LongAdder());
		}
	}

	@Override
	public void sent(int events) {
		this.sent.add(events);
	}

	@Override
	public void rejected(int events) {
		this.rejected.add(events);
	}

	@Override
	public void dropped(DropReason reason, int events) {
		this.dropped.get(reason).add(events);
	}

	@Override
	public void failed(int events, String reason) {
		this.failed.add(events);
	}

	/**
	 * Remembers when the server last answered with a 2xx, and when and why a request last
	 * failed.
	 */
	@Override
	public void requestCompleted(String endpoint, int status, String failure, long durationNanos) {
		if (status >= 200 && status < 300) {
			this.lastSuccess = Instant.now();
		}
		else {
			this.lastFailureReason = endpoint + ": " + ((status == 0) ? failure : "HTTP " + status);
			this.lastFailure = Instant.now();
		}
	}

	LongAdder droppedCounter(DropReason reason) {
		return this.dropped.get(reason);
	}

	/** Queued events dropped by a shutdown so far. */
	long droppedShutdown() {
		return this.dropped.get(DropReason.SHUTDOWN).sum();
	}

	/**
	 * Events of sampled-out traces: accepted and given their outcome at once, never
	 * queued.
	 */
	LongAdder sampledOut() {
		return this.sampledOut;
	}

	/** Fields a masker failed on. */
	LongAdder maskingFailures() {
		return this.maskingFailures;
	}

	/**
	 * Events enqueued after shutdown; counted as accepted and as dropped with reason
	 * {@code shutdown}.
	 */
	LongAdder lateEvents() {
		return this.late;
	}

	/**
	 * The counters as a value while the exporter runs: {@code queued} is every accepted
	 * event without an outcome yet, wherever it is (in the queue, on its way to the
	 * transport, held back or in flight). Each outcome is read before {@code produced},
	 * and an event is offered to the queue before it can have an outcome, so every event
	 * with an outcome in the snapshot is also accepted in it:
	 * {@code accepted == sent + rejected + dropped + failed
	 * + queued} holds in every snapshot, not only when the exporter is idle. Reading the
	 * places where events wait instead (queue, transport) could count an event twice or
	 * not at all while it moves from one to the next.
	 * @param produced events the queue ever took; called after every outcome was read
	 * @param capacity the queue's capacity
	 */
	IngestStats running(LongSupplier produced, int capacity) {
		return snapshot(produced, false, 0, capacity);
	}

	/**
	 * The counters as a value once the shutdown is over: nothing moves any more, so the
	 * events still in the queue or the transport are counted where they are, as dropped
	 * ({@code shutdown}), and none is queued.
	 * @param produced events the queue ever took
	 * @param abandoned events left behind by the shutdown
	 * @param capacity the queue's capacity
	 */
	IngestStats terminated(LongSupplier produced, long abandoned, int capacity) {
		return snapshot(produced, true, abandoned, capacity);
	}

	private IngestStats snapshot(LongSupplier produced, boolean terminated, long abandoned, int capacity) {
		long sent = this.sent.sum();
		long rejected = this.rejected.sum();
		long failed = this.failed.sum();
		Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
		this.dropped.forEach((reason, adder) -> drops.put(reason, adder.sum()));
		long late = this.late.sum();
		long sampledOut = this.sampledOut.sum();
		// after the outcomes; the queue-full and late drops and the sampled-out events
		// are
		// read once, for the outcomes and for accepted alike
		long accepted = produced.getAsLong() + drops.get(DropReason.QUEUE_FULL) + late + sampledOut;
		drops.merge(DropReason.SHUTDOWN, late + abandoned, Long::sum);
		long queued = 0;
		if (!terminated) {
			long outcomes = sent + rejected + failed + sampledOut
					+ drops.values().stream().mapToLong(Long::longValue).sum();
			queued = Math.max(0, accepted - outcomes);
		}
		return new IngestStats(accepted, sent, rejected, drops, failed, sampledOut, queued, capacity, this.lastSuccess,
				this.lastFailure, this.lastFailureReason, this.maskingFailures.sum());
	}

}
