package io.github.langfuse4j.autoconfigure;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.LangfuseIngest;

/**
 * Publishes the exporter's counters to Micrometer: {@code langfuse.ingest.dropped} and
 * {@code langfuse.ingest.queue.size} gauges, and the {@code langfuse.ingest.events} counter by outcome (and drop
 * reason). Spring Boot binds every {@link MeterBinder} bean to its registry.
 */
public final class LangfuseIngestMetrics implements MeterBinder {

	/** Tag value of {@code reason} for outcomes other than {@code dropped}; every meter has the same tag keys. */
	static final String NO_REASON = "none";

	private final LangfuseIngest ingest;

	/**
	 * @param ingest the exporter to observe
	 */
	public LangfuseIngestMetrics(LangfuseIngest ingest) {
		this.ingest = ingest;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		LangfuseIngest ingest = this.ingest;
		Gauge.builder("langfuse.ingest.dropped", ingest, (i) -> i.stats().droppedTotal())
			.description("Events dropped without being sent (queue full, oversize, serialization, shutdown)")
			.baseUnit("events")
			.register(registry);
		Gauge.builder("langfuse.ingest.queue.size", ingest, (i) -> i.stats().queued())
			.description("Events waiting to be sent")
			.baseUnit("events")
			.register(registry);
		Gauge.builder("langfuse.ingest.queue.capacity", ingest, (i) -> i.stats().queueCapacity())
			.description("Capacity of the event queue")
			.baseUnit("events")
			.register(registry);
		counter(registry, "accepted", NO_REASON, (i) -> i.stats().accepted());
		counter(registry, "sent", NO_REASON, (i) -> i.stats().sent());
		counter(registry, "rejected", NO_REASON, (i) -> i.stats().rejected());
		counter(registry, "failed", NO_REASON, (i) -> i.stats().failed());
		for (DropReason reason : DropReason.values()) {
			counter(registry, "dropped", reason.tagValue(), (i) -> i.stats().dropped(reason));
		}
	}

	private void counter(MeterRegistry registry, String outcome, String reason,
			ToDoubleFunction<LangfuseIngest> count) {
		FunctionCounter.Builder<LangfuseIngest> builder = FunctionCounter
			.builder("langfuse.ingest.events", this.ingest, count)
			.description("Events by outcome: accepted, then exactly one of sent, rejected, failed or dropped")
			.baseUnit("events")
			.tag("outcome", outcome)
			.tag("reason", reason);
		builder.register(registry);
	}

}
