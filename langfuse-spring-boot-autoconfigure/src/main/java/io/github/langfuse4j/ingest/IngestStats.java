package io.github.langfuse4j.ingest;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the exporter's accounting. Every accepted event ends in exactly one
 * outcome, and
 * {@code accepted == sent + rejected + dropped + failed + sampledOut + queued} holds in
 * every snapshot, also while events flow: the outcomes are read before the accepted
 * count, and {@code queued} is every accepted event without an outcome yet.
 *
 * @param accepted events passed to {@link LangfuseIngest#enqueue}, and events of
 * sampled-out traces that the tracing API did not build
 * @param sent events the server accepted
 * @param rejected events the server refused (a 4xx for the request or for the event)
 * @param dropped events dropped without being sent, by reason
 * @param failed events whose request failed after every retry (connection errors,
 * timeouts, 5xx)
 * @param sampledOut events not sent because their trace is outside the sample rate (not a
 * drop: nothing went wrong)
 * @param queued events without an outcome yet: in the queue, on their way to a request,
 * in the span buffer or in a request in flight
 * @param queueCapacity capacity of the queue
 * @param lastSuccess time of the last successful request, or {@code null}
 * @param lastFailure time of the last failed request, or {@code null}
 * @param lastFailureReason short description of the last failure (never contains
 * secrets), or {@code null}
 * @param maskingFailures fields a {@link LangfuseMasker} failed on, which were sent as
 * {@link LangfuseMasker#FAILED} (their events were sent; this counts fields, not events)
 */
public record IngestStats(long accepted, long sent, long rejected, Map<DropReason, Long> dropped, long failed,
		long sampledOut, long queued, int queueCapacity, @Nullable Instant lastSuccess, @Nullable Instant lastFailure,
		@Nullable String lastFailureReason, long maskingFailures) {

	/**
	 * Copies the map of drops, so that a snapshot does not change after it was taken.
	 * @param accepted events passed to {@link LangfuseIngest#enqueue}
	 * @param sent events the server accepted
	 * @param rejected events the server refused
	 * @param dropped events dropped without being sent, by reason
	 * @param failed events whose request failed after every retry
	 * @param sampledOut events not sent because their trace is outside the sample rate
	 * @param queued events waiting in the queue or in the span buffer
	 * @param queueCapacity capacity of the queue
	 * @param lastSuccess time of the last successful request, or {@code null}
	 * @param lastFailure time of the last failed request, or {@code null}
	 * @param lastFailureReason short description of the last failure, or {@code null}
	 * @param maskingFailures fields a masker failed on
	 */
	public IngestStats {
		dropped = Map.copyOf(dropped);
	}

	/**
	 * All dropped events, whatever the reason.
	 * @return the total of {@link #dropped()}
	 */
	public long droppedTotal() {
		return this.dropped.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Dropped events for one reason.
	 * @param reason the reason
	 * @return how many events were dropped for it
	 */
	public long dropped(DropReason reason) {
		return this.dropped.getOrDefault(reason, 0L);
	}

}
