package io.github.langfuse4j.ingest.transport;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.LangfuseJson;

/**
 * The worker's serialization steps, as the transports do them, for the benchmarks (same package, so the
 * package-private encoders are reachable; nothing is added to the exporter for this).
 */
final class BenchSupport {

	private static final byte[] PREFIX = "{\"batch\":[".getBytes();

	private static final byte[] SUFFIX = "]}".getBytes();

	static final Outcomes NO_OUTCOMES = new Outcomes() {

		@Override
		public void sent(int events) {
		}

		@Override
		public void rejected(int events) {
		}

		@Override
		public void dropped(DropReason reason, int events) {
		}

		@Override
		public void failed(int events, String reason) {
		}

	};

	private final JsonMapper mapper = LangfuseJson.mapper();

	private final EventDefaults defaults;

	private final OtlpEncoder encoder;

	private final ByteArrayOutputStream body = new ByteArrayOutputStream(512 * 1024);

	BenchSupport(IngestConfig config) {
		this.defaults = new EventDefaults(config);
		this.encoder = new OtlpEncoder(config, this.mapper);
	}

	/** An ingestion request body, written like {@link IngestionTransport}: each event on its own, then joined. */
	byte[] ingestionBody(List<IngestionEvent> events) {
		this.body.reset();
		this.body.writeBytes(PREFIX);
		for (int i = 0; i < events.size(); i++) {
			if (i > 0) {
				this.body.write(',');
			}
			this.body.writeBytes(this.mapper.writeValueAsBytes(this.defaults.apply(events.get(i))));
		}
		this.body.writeBytes(SUFFIX);
		return this.body.toByteArray();
	}

	/** The spans the OTLP transport makes of these events (all released, as at a flush). */
	static List<OtlpSpan> assemble(List<IngestionEvent> events) {
		SpanAssembler assembler = new SpanAssembler(SpanAssembler.Limits.DEFAULT, NO_OUTCOMES, System::nanoTime);
		for (IngestionEvent event : events) {
			assembler.add(event);
		}
		List<OtlpSpan> spans = new ArrayList<>(assembler.takeReady());
		spans.addAll(assembler.takeDue(true));
		return spans;
	}

	/** An OTLP request body, written like {@link OtlpTransport}: each span on its own, then joined. */
	byte[] otlpBody(List<OtlpSpan> spans) {
		this.body.reset();
		this.body.writeBytes(this.encoder.prefix());
		for (int i = 0; i < spans.size(); i++) {
			if (i > 0) {
				this.body.write(',');
			}
			this.body.writeBytes(this.encoder.encode(spans.get(i)));
		}
		this.body.writeBytes(this.encoder.suffix());
		return this.body.toByteArray();
	}

}
