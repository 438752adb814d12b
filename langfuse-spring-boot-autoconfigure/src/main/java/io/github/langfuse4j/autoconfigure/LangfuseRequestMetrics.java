package io.github.langfuse4j.autoconfigure;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.langfuse4j.ingest.RequestObserver;

/**
 * Times the exporter's HTTP requests as {@code langfuse.ingest.requests}, tagged with the
 * {@code endpoint} ({@code ingestion} or {@code otlp}) and the {@code status} class
 * ({@code 2xx}, {@code 4xx}, {@code 5xx}, or {@code none} when no response arrived).
 * Requests made before the registry is bound are not recorded.
 */
public final class LangfuseRequestMetrics implements RequestObserver, MeterBinder {

	private volatile MeterRegistry registry;

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void requestCompleted(String endpoint, int status, String failure, long durationNanos) {
		MeterRegistry registry = this.registry;
		if (registry == null) {
			return;
		}
		Timer.builder("langfuse.ingest.requests")
			.description("HTTP requests to Langfuse, each attempt including retries")
			.tag("endpoint", endpoint)
			.tag("status", (status == 0) ? "none" : (status / 100) + "xx")
			.register(registry)
			.record(durationNanos, TimeUnit.NANOSECONDS);
	}

}
