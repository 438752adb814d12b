package io.github.langfuse4j.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import io.github.langfuse4j.ingest.model.IngestionEvent;

/** Exports nothing; used when the starter is disabled or has no keys. */
final class NoopLangfuseIngest implements LangfuseIngest {

	static final NoopLangfuseIngest INSTANCE = new NoopLangfuseIngest();

	private static final IngestStats EMPTY = new IngestStats(0, 0, 0, Map.of(), 0, 0, 0, 0, null, null, null, 0);

	private NoopLangfuseIngest() {
	}

	@Override
	public void enqueue(IngestionEvent event) {
		Objects.requireNonNull(event, "event must not be null");
	}

	@Override
	public void flush() {
	}

	@Override
	public boolean flush(Duration timeout) {
		return true;
	}

	@Override
	public IngestStats stats() {
		return EMPTY;
	}

	@Override
	public void close() {
	}

	@Override
	public String toString() {
		return "LangfuseIngest[no-op]";
	}

}
