package io.github.langfuse4j.bench;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * An OpenTelemetry exporter whose exports never complete, like a stalled backend: the
 * {@code BatchSpanProcessor} waits on its first batch and its queue fills, so its worker
 * never competes with the benchmark thread for the cores and spans end in its drop path.
 */
final class StalledSpanExporter implements SpanExporter {

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		return new CompletableResultCode();
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
