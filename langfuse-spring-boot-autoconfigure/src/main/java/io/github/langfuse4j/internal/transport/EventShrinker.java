package io.github.langfuse4j.internal.transport;

import java.util.Map;
import java.util.function.Function;

import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

/**
 * Makes an oversized event or OTLP span fit: replaces its largest field among input,
 * output and metadata with a marker that says how big the field was, and repeats until it
 * fits or no such field is left (as the official SDKs do). The same rule and the same
 * marker serve both protocols: {@link #fit} for ingestion events, {@link #shrink} with
 * {@link #SPAN_FIELDS} for spans. Runs on the worker only.
 */
final class EventShrinker {

	static final String MARKER_PREFIX = "<truncated by langfuse-spring-boot-starter:";

	private static final String[] FIELDS = { "input", "output", "metadata" };

	/** The fields of an ingestion event. */
	private static final Fields<IngestionEvent> EVENT_FIELDS = new Fields<>() {

		@Override
		public int count() {
			return FIELDS.length;
		}

		@Override
		public String name(int field) {
			return FIELDS[field];
		}

		@Override
		public Object get(IngestionEvent event, int field) {
			return values(event)[field];
		}

		@Override
		public IngestionEvent replace(IngestionEvent event, int field, String marker) {
			return EventShrinker.replace(event, field, marker);
		}

	};

	/**
	 * The fields of an OTLP span: input, output and metadata of the observation (of the
	 * trace, for a root span), and, on an observation's span, the trace metadata it
	 * carries as trace attributes. That one is left out rather than replaced by a marker,
	 * so that the span does not overwrite the trace's metadata with a marker; the root
	 * span still carries it (truncated there if it has to be).
	 */
	static final Fields<OtlpSpan> SPAN_FIELDS = new Fields<>() {

		@Override
		public int count() {
			return 4;
		}

		@Override
		public String name(int field) {
			return (field < 3) ? FIELDS[field] : "trace metadata";
		}

		@Override
		public Object get(OtlpSpan span, int field) {
			if (span.isRoot()) {
				TraceBody trace = span.trace();
				return switch (field) {
					case 0 -> trace.input();
					case 1 -> trace.output();
					case 2 -> trace.metadata();
					default -> null;
				};
			}
			ObservationBody body = span.observation();
			return switch (field) {
				case 0 -> body.input();
				case 1 -> body.output();
				case 2 -> body.metadata();
				default -> (span.trace() != null) ? span.trace().metadata() : null;
			};
		}

		@Override
		public OtlpSpan replace(OtlpSpan span, int field, String marker) {
			if (span.isRoot()) {
				TraceBody.Builder trace = span.trace().toBuilder();
				switch (field) {
					case 0 -> trace.input(marker);
					case 1 -> trace.output(marker);
					default -> trace.metadata(marker);
				}
				return withBodies(span, null, trace.build());
			}
			if (field == 3) {
				return withBodies(span, span.observation(), span.trace().toBuilder().metadata(null).build());
			}
			ObservationBody.Builder body = span.observation().toBuilder();
			switch (field) {
				case 0 -> body.input(marker);
				case 1 -> body.output(marker);
				default -> body.metadata(marker);
			}
			return withBodies(span, body.build(), span.trace());
		}

		private OtlpSpan withBodies(OtlpSpan span, ObservationBody observation, TraceBody trace) {
			return new OtlpSpan(span.traceId(), span.spanId(), span.parentSpanId(), span.name(), span.type(),
					span.start(), span.end(), observation, trace, span.events());
		}

	};

	private final JsonMapper mapper;

	private final int maxBytes;

	/**
	 * Creates a shrinker for one size limit.
	 * @param mapper the mapper that writes events and measures fields
	 * @param maxBytes the most bytes an event or span may have
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
	 * @return the event that fits with its JSON, or {@code null} if it cannot be made to
	 * fit
	 */
	Shrunk<IngestionEvent> fit(IngestionEvent event, byte[] json) {
		return shrink(event, json, EVENT_FIELDS, this.mapper::writeValueAsBytes);
	}

	/**
	 * Returns the value as it is if {@code json} fits, else a copy with its largest
	 * fields replaced by markers, and its JSON.
	 * @param <T> the kind of value
	 * @param value the event or span
	 * @param json its serialized form (UTF-8 bytes)
	 * @param fields how to read and replace its fields
	 * @param writer serializes a copy
	 * @return the value that fits with its JSON, or {@code null} if it cannot be made to
	 * fit
	 */
	<T> Shrunk<T> shrink(T value, byte[] json, Fields<T> fields, Function<T, byte[]> writer) {
		T current = value;
		byte[] bytes = json;
		while (bytes.length > this.maxBytes) {
			T smaller = truncateLargestField(current, fields);
			if (smaller == null) {
				return null;
			}
			current = smaller;
			bytes = writer.apply(current);
		}
		return new Shrunk<>(current, bytes);
	}

	/**
	 * The field as it is, or the marker that replaces it if its JSON alone is larger than
	 * {@link #maxBytes()}: no event or span holding it can fit, so it would be replaced
	 * by this marker anyway. Used where a field enters a buffer, so that the buffer never
	 * holds what cannot be sent.
	 * @param name the field's name in the marker ({@code input}, {@code output} or
	 * {@code metadata})
	 * @param field the field's value, or {@code null}
	 * @return the field or its marker
	 */
	Object cap(String name, Object field) {
		if (field == null || isMarker(field) || jsonUpperBound(field) <= this.maxBytes) {
			return field;
		}
		long size = size(field);
		return (size > this.maxBytes) ? marker(name, size) : field;
	}

	/**
	 * A cheap bound on a value's JSON size without writing it (at most 6 bytes per char
	 * of a string, an escape; 3 per char of JSON text, UTF-8), or {@link Long#MAX_VALUE}
	 * when only writing it can tell.
	 */
	private static long jsonUpperBound(Object value) {
		if (value == null) {
			return 4;
		}
		if (value instanceof String text) {
			return 6L * text.length() + 2;
		}
		if (value instanceof RenderedJson rendered) {
			return 3L * rendered.json().length();
		}
		if (value instanceof Boolean || value instanceof Integer || value instanceof Long || value instanceof Double
				|| value instanceof Float) {
			return 32;
		}
		if (value instanceof Map<?, ?> map) {
			long bound = 2;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!(entry.getKey() instanceof String key)) {
					return Long.MAX_VALUE;
				}
				long element = jsonUpperBound(entry.getValue());
				if (element == Long.MAX_VALUE) {
					return Long.MAX_VALUE;
				}
				bound += 6L * key.length() + 4 + element;
			}
			return bound;
		}
		return Long.MAX_VALUE;
	}

	/**
	 * The value with its largest not yet truncated field replaced, or {@code null} if
	 * none is left.
	 */
	private <T> T truncateLargestField(T value, Fields<T> fields) {
		int largest = -1;
		long largestSize = 0;
		for (int i = 0; i < fields.count(); i++) {
			Object field = fields.get(value, i);
			if (field == null || isMarker(field)) {
				continue;
			}
			long size = size(field);
			if (size > largestSize) {
				largest = i;
				largestSize = size;
			}
		}
		if (largest < 0) {
			return null;
		}
		return fields.replace(value, largest, marker(fields.name(largest), largestSize));
	}

	/**
	 * The field's JSON size; a value the mapper cannot write counts as nothing (it is
	 * written as a short note).
	 */
	private long size(Object field) {
		try {
			return this.mapper.writeValueAsBytes(field).length;
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	private String marker(String field, long size) {
		return MARKER_PREFIX + " " + field + " was " + size + " bytes, more than langfuse.max-event-bytes ("
				+ this.maxBytes + ")>";
	}

	private static boolean isMarker(Object value) {
		return value instanceof String text && text.startsWith(MARKER_PREFIX);
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

	/**
	 * A value that fits and its JSON.
	 *
	 * @param <T> the kind of value
	 */
	record Shrunk<T>(T value, byte[] json) {
	}

	/**
	 * The input, output and metadata fields of a kind of value, by index.
	 *
	 * @param <T> the kind of value
	 */
	interface Fields<T> {

		int count();

		String name(int field);

		Object get(T value, int field);

		T replace(T value, int field, String marker);

	}

}
