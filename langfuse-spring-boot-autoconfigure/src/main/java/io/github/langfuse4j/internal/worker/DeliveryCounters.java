package io.github.langfuse4j.internal.worker;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.RequestObserver;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.langfuse4j.internal.transport.Outcomes;

/** The exporter's counters: one per outcome and drop reason. */
final class DeliveryCounters implements Outcomes, RequestObserver {

	private final LongAdder sent = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

	private final LongAdder late = new LongAdder();

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

	/** Remembers when the server last answered with a 2xx, and when and why a request last failed. */
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

	/** Events enqueued after shutdown; counted as accepted and as dropped with reason {@code shutdown}. */
	LongAdder lateEvents() {
		return this.late;
	}

	/**
	 * The counters as a value.
	 * @param accepted events accepted so far
	 * @param queued events waiting to be sent
	 * @param abandoned events left behind by a finished shutdown, counted as dropped ({@code shutdown})
	 * @param capacity the queue's capacity
	 */
	IngestStats snapshot(long accepted, long queued, long abandoned, int capacity) {
		Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
		this.dropped.forEach((reason, adder) -> drops.put(reason, adder.sum()));
		drops.merge(DropReason.SHUTDOWN, this.late.sum() + abandoned, Long::sum);
		return new IngestStats(accepted, this.sent.sum(), this.rejected.sum(), drops, this.failed.sum(), queued,
				capacity, this.lastSuccess, this.lastFailure, this.lastFailureReason);
	}

}
