package io.github.langfuse4j.bench;

import java.time.Duration;

import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;

/**
 * An exporter that passes everything to another, except deferred work, which it runs at
 * once on the calling thread ({@link LangfuseIngest#defer(Runnable)}'s default): so that
 * a benchmark of the Spring AI bridge's handlers measures all of their work, the part
 * that the exporter's thread does included, on one thread.
 */
final class InlineWorkIngest implements LangfuseIngest {

	private final LangfuseIngest delegate;

	InlineWorkIngest(LangfuseIngest delegate) {
		this.delegate = delegate;
	}

	@Override
	public void enqueue(IngestionEvent event) {
		this.delegate.enqueue(event);
	}

	@Override
	public boolean isSampled(String traceId) {
		return this.delegate.isSampled(traceId);
	}

	@Override
	public void countSampledOut(int events) {
		this.delegate.countSampledOut(events);
	}

	@Override
	public void flush() {
		this.delegate.flush();
	}

	@Override
	public boolean flush(Duration timeout) {
		return this.delegate.flush(timeout);
	}

	@Override
	public IngestStats stats() {
		return this.delegate.stats();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

}
