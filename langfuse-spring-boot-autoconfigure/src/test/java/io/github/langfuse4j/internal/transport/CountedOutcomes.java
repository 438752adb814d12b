package io.github.langfuse4j.internal.transport;

import java.util.EnumMap;
import java.util.Map;

import io.github.langfuse4j.ingest.DropReason;

/**
 * Counts outcomes, reported by the test's thread and the sender threads (read after the
 * requests are awaited).
 */
final class CountedOutcomes implements Outcomes {

	int sent;

	int rejected;

	int failed;

	final Map<DropReason, Integer> dropped = new EnumMap<>(DropReason.class);

	@Override
	public synchronized void sent(int events) {
		this.sent += events;
	}

	@Override
	public synchronized void rejected(int events) {
		this.rejected += events;
	}

	@Override
	public synchronized void dropped(DropReason reason, int events) {
		this.dropped.merge(reason, events, Integer::sum);
	}

	@Override
	public synchronized void failed(int events, String reason) {
		this.failed += events;
	}

	synchronized long dropped(DropReason reason) {
		return this.dropped.getOrDefault(reason, 0);
	}

	/** Every event counted, whatever its outcome. */
	synchronized long total() {
		long total = (long) this.sent + this.rejected + this.failed;
		for (int events : this.dropped.values()) {
			total += events;
		}
		return total;
	}

}
