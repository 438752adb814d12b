package io.github.langfuse4j.autoconfigure;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.LangfuseMasker;

/**
 * Publishes the exporter's counters to Micrometer: the {@code langfuse.ingest.accepted}
 * counter, the {@code langfuse.ingest.events} counter by final outcome (and drop reason;
 * outcome {@code sampled_out} counts the events of traces outside
 * {@code langfuse.sample-rate}), the {@code langfuse.ingest.masking.failures} counter
 * (fields a masker failed on), and the {@code langfuse.ingest.dropped},
 * {@code langfuse.ingest.queue.size} and {@code langfuse.ingest.queue.capacity} gauges.
 * The tags of each meter partition what it counts, so its total is meaningful: every
 * accepted event is counted once in {@code langfuse.ingest.events} when its outcome is
 * known, and {@code accepted = events (all tags) + queue.size}. Spring Boot binds every
 * {@link MeterBinder} bean to its registry.
 */
public final class LangfuseIngestMetrics implements MeterBinder {

	/**
	 * Tag value of {@code reason} for outcomes other than {@code dropped}; every meter
	 * has the same tag keys.
	 */
	static final String NO_REASON = "none";

	private final LangfuseIngest ingest;

	/**
	 * Creates the meters of an exporter.
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
		FunctionCounter.builder("langfuse.ingest.accepted", ingest, (i) -> i.stats().accepted())
			.description("Events accepted into the queue; each then gets one outcome in langfuse.ingest.events")
			.baseUnit("events")
			.register(registry);
		FunctionCounter.builder("langfuse.ingest.masking.failures", ingest, (i) -> i.stats().maskingFailures())
			.description("Fields a LangfuseMasker failed on; they were sent as \"" + LangfuseMasker.FAILED + "\"")
			.baseUnit("fields")
			.register(registry);
		counter(registry, "sent", NO_REASON, (i) -> i.stats().sent());
		counter(registry, "rejected", NO_REASON, (i) -> i.stats().rejected());
		counter(registry, "failed", NO_REASON, (i) -> i.stats().failed());
		counter(registry, "sampled_out", NO_REASON, (i) -> i.stats().sampledOut());
		for (DropReason reason : DropReason.values()) {
			counter(registry, "dropped", reason.tagValue(), (i) -> i.stats().dropped(reason));
		}
	}

	private void counter(MeterRegistry registry, String outcome, String reason,
			ToDoubleFunction<LangfuseIngest> count) {
		FunctionCounter.Builder<LangfuseIngest> builder = FunctionCounter
			.builder("langfuse.ingest.events", this.ingest, count)
			.description("Accepted events by final outcome: sent, rejected, failed, sampled_out or dropped (by reason)")
			.baseUnit("events")
			.tag("outcome", outcome)
			.tag("reason", reason);
		builder.register(registry);
	}

}
