package io.github.langfuse4j.internal.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.internal.json.LangfuseJson;

/**
 * The worker's serialization steps, as the transports do them, for the benchmarks (same
 * package, so the package-private encoders are reachable; nothing is added to the
 * exporter for this).
 */
final class BenchSupport {

	private static final byte[] PREFIX = "{\"batch\":[".getBytes(StandardCharsets.UTF_8);

	private static final byte[] SUFFIX = "]}".getBytes(StandardCharsets.UTF_8);

	private final JsonMapper mapper = LangfuseJson.mapper();

	private final EventDefaults defaults;

	private final OtlpEncoder encoder;

	private final RequestBody body = new RequestBody(512 * 1024);

	BenchSupport(IngestConfig config) {
		this.defaults = new EventDefaults(config);
		this.encoder = new OtlpEncoder(config, this.mapper);
	}

	/**
	 * An ingestion request body, written like {@link IngestionTransport}: each event on
	 * its own, straight into the body. Valid until the next call.
	 */
	RequestBody ingestionBody(List<IngestionEvent> events) {
		this.body.start(PREFIX);
		for (IngestionEvent event : events) {
			int mark = this.body.beginItem();
			this.mapper.writeValue(this.body, this.defaults.apply(event));
			this.body.endItem(mark);
		}
		this.body.finish(SUFFIX);
		return this.body;
	}

	/**
	 * An ingestion request body as the plainest code writes it: the whole batch in one
	 * call of the mapper.
	 */
	byte[] plainIngestionBody(List<IngestionEvent> events) {
		return this.mapper.writeValueAsBytes(Map.of("batch", events));
	}

	/**
	 * The spans the OTLP transport makes of these events (all released, as at a flush).
	 */
	static List<OtlpSpan> assemble(List<IngestionEvent> events) {
		SpanAssembler assembler = new SpanAssembler(SpanAssembler.Limits.DEFAULT, System::nanoTime);
		for (IngestionEvent event : events) {
			assembler.add(event);
		}
		List<OtlpSpan> spans = new ArrayList<>(assembler.takeReady());
		spans.addAll(assembler.takeDue(true));
		return spans;
	}

	/**
	 * An OTLP request body, written like {@link OtlpTransport}: each span on its own,
	 * straight into the body. Valid until the next call.
	 */
	RequestBody otlpBody(List<OtlpSpan> spans) {
		this.body.start(this.encoder.prefix());
		for (OtlpSpan span : spans) {
			int mark = this.body.beginItem();
			this.encoder.write(span, this.body);
			this.body.endItem(mark);
		}
		this.body.finish(this.encoder.suffix());
		return this.body;
	}

}
