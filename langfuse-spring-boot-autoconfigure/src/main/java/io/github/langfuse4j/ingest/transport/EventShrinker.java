package io.github.langfuse4j.ingest.transport;

import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

/**
 * Makes an oversized event fit: replaces its largest field among input, output and metadata with a marker that
 * says how big the field was, and repeats until the event fits or no such field is left (as the official SDKs do).
 * Runs on the worker only.
 */
final class EventShrinker {

	private static final String[] FIELDS = { "input", "output", "metadata" };

	private final JsonMapper mapper;

	private final int maxBytes;

	/**
	 * @param mapper the mapper that writes events
	 * @param maxBytes the most bytes an event may have
	 */
	EventShrinker(JsonMapper mapper, int maxBytes) {
		this.mapper = mapper;
		this.maxBytes = maxBytes;
	}

	int maxBytes() {
		return this.maxBytes;
	}

	/**
	 * Returns the event as it is if {@code json} fits, else a smaller copy and its JSON.
	 * @param event the event
	 * @param json its JSON
	 * @return the event that fits with its JSON, or {@code null} if it cannot be made to fit
	 */
	Fitted fit(IngestionEvent event, byte[] json) {
		IngestionEvent current = event;
		byte[] bytes = json;
		while (bytes.length > this.maxBytes) {
			IngestionEvent smaller = truncateLargestField(current);
			if (smaller == null) {
				return null;
			}
			current = smaller;
			bytes = this.mapper.writeValueAsBytes(current);
		}
		return new Fitted(current, bytes);
	}

	/** The event with its largest not yet truncated field replaced by a marker, or {@code null} if none is left. */
	private IngestionEvent truncateLargestField(IngestionEvent event) {
		Object[] values = values(event);
		int largest = -1;
		long largestSize = 0;
		for (int i = 0; i < FIELDS.length; i++) {
			if (values[i] == null || isMarker(values[i])) {
				continue;
			}
			long size = this.mapper.writeValueAsBytes(values[i]).length;
			if (size > largestSize) {
				largest = i;
				largestSize = size;
			}
		}
		if (largest < 0) {
			return null;
		}
		String marker = marker(FIELDS[largest], largestSize);
		return replace(event, largest, marker);
	}

	private String marker(String field, long size) {
		return "<truncated by langfuse-spring-boot-starter: " + field + " was " + size
				+ " bytes, more than langfuse.max-event-bytes (" + this.maxBytes + ")>";
	}

	private static boolean isMarker(Object value) {
		return value instanceof String text && text.startsWith("<truncated by langfuse-spring-boot-starter:");
	}

	private static Object[] values(IngestionEvent event) {
		if (event instanceof TraceCreate trace) {
			TraceBody body = trace.body();
			return new Object[] { body.input(), body.output(), body.metadata() };
		}
		if (event instanceof ObservationEvent observation) {
			ObservationBody body = observation.body();
			return new Object[] { body.input(), body.output(), body.metadata() };
		}
		if (event instanceof ScoreCreate score) {
			return new Object[] { null, null, score.body().metadata() };
		}
		return new Object[3];
	}

	private static IngestionEvent replace(IngestionEvent event, int field, String marker) {
		if (event instanceof TraceCreate trace) {
			TraceBody.Builder body = trace.body().toBuilder();
			switch (field) {
				case 0 -> body.input(marker);
				case 1 -> body.output(marker);
				default -> body.metadata(marker);
			}
			return trace.withBody(body.build());
		}
		if (event instanceof ObservationEvent observation) {
			ObservationBody.Builder body = observation.body().toBuilder();
			switch (field) {
				case 0 -> body.input(marker);
				case 1 -> body.output(marker);
				default -> body.metadata(marker);
			}
			return observation.withBody(body.build());
		}
		ScoreCreate score = (ScoreCreate) event;
		return score.withBody(score.body().toBuilder().metadata(marker).build());
	}

	/** An event that fits and its JSON. */
	record Fitted(IngestionEvent event, byte[] json) {
	}

}
