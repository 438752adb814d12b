package io.github.langfuse4j.bench;

import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The OpenTelemetry exporter of the benchmarks, in one of two modes. Stalled: its exports
 * never complete, like a stalled backend, so the {@code BatchSpanProcessor} waits on its
 * first batch and its queue fills; its worker never competes with the benchmark thread
 * for the cores and spans end in its drop path. Counting: every export succeeds at once
 * and its spans are counted.
 */
final class BenchSpanExporter implements SpanExporter {

	/** The count of exported spans; {@code null} when stalled. */
	private final LongAdder exported;

	private BenchSpanExporter(LongAdder exported) {
		this.exported = exported;
	}

	/** An exporter whose exports never complete. */
	static BenchSpanExporter stalled() {
		return new BenchSpanExporter(null);
	}

	/** An exporter that adds the spans of every export to {@code exported}. */
	static BenchSpanExporter counting(LongAdder exported) {
		return new BenchSpanExporter(exported);
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (this.exported == null) {
			return new CompletableResultCode();
		}
		this.exported.add(spans.size());
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

}
