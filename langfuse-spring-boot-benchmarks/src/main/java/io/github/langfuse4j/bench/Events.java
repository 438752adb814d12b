package io.github.langfuse4j.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.langfuse4j.ingest.model.EventCreate;
import io.github.langfuse4j.ingest.model.GenerationCreate;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.SpanCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;
import io.github.langfuse4j.ingest.model.Usage;
import io.github.langfuse4j.ingest.model.UsageUnit;

/**
 * The events every benchmark uses. A "unit" is one trace: a {@code trace-create}, a finished
 * {@code generation-create} with about 1 KB of input and 1 KB of output, a finished {@code span-create} and an
 * {@code event-create}; ids are hex like the ones OpenTelemetry generates (32 digits for traces, 16 for
 * observations), so the OTLP transport uses them as they are.
 */
public final class Events {

	/** About 1 KB of prompt text. */
	public static final String KILOBYTE_INPUT = text("You are a helpful assistant. Answer the question about the "
			+ "quarterly report in two sentences and cite the page. ", 1024);

	/** About 1 KB of completion text. */
	public static final String KILOBYTE_OUTPUT = text("Revenue grew by twelve percent year over year, driven by the "
			+ "new subscription tier (page 4). ", 1024);

	private static final HexFormat HEX = HexFormat.of();

	private static final String TRACE_ID_HIGH = HEX.toHexDigits(0x4bf92f3577b34da6L);

	private static final AtomicLong SEQUENCE = new AtomicLong(0x1000_0000_0000L);

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00.123Z");

	private Events() {
	}

	private static String text(String sentence, int length) {
		StringBuilder text = new StringBuilder(length + sentence.length());
		while (text.length() < length) {
			text.append(sentence);
		}
		return text.substring(0, length);
	}

	/** A fresh 32-hex-digit trace id. */
	public static String traceId() {
		return TRACE_ID_HIGH + HEX.toHexDigits(SEQUENCE.incrementAndGet());
	}

	/** A fresh 16-hex-digit observation id. */
	public static String observationId() {
		return HEX.toHexDigits(SEQUENCE.incrementAndGet());
	}

	/** A fresh event id. */
	public static String eventId() {
		return "e" + Long.toHexString(SEQUENCE.incrementAndGet());
	}

	public static TraceCreate trace(String traceId) {
		TraceBody body = TraceBody.builder(traceId)
			.timestamp(T0)
			.name("chat-request")
			.userId("user-42")
			.sessionId("session-7")
			.tags("prod", "chat")
			.metadata(Map.of("tenant", "acme"))
			.build();
		return new TraceCreate(eventId(), T0, body);
	}

	/** A finished generation with about 1 KB of input and 1 KB of output. */
	public static GenerationCreate generation(String traceId, String id, String parentId) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "user");
		message.put("content", KILOBYTE_INPUT);
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("temperature", 0.2);
		parameters.put("maxTokens", 256);
		ObservationBody body = ObservationBody.builder(id)
			.traceId(traceId)
			.parentObservationId(parentId)
			.name("llm-call")
			.startTime(T0)
			.completionStartTime(T0.plusMillis(180))
			.endTime(T0.plusMillis(950))
			.model("gpt-4o-mini")
			.modelParameters(parameters)
			.input(List.of(message))
			.output(KILOBYTE_OUTPUT)
			.usage(new Usage(240, 60, 300, UsageUnit.TOKENS, null, null, null))
			.build();
		return new GenerationCreate(eventId(), T0, body);
	}

	/** A finished span with small input and output. */
	public static SpanCreate span(String traceId, String id) {
		ObservationBody body = ObservationBody.builder(id)
			.traceId(traceId)
			.name("retrieve-documents")
			.startTime(T0)
			.endTime(T0.plusMillis(40))
			.input(Map.of("query", "quarterly report revenue"))
			.output(Map.of("documents", 3))
			.build();
		return new SpanCreate(eventId(), T0, body);
	}

	public static EventCreate event(String traceId, String id, String parentId) {
		ObservationBody body = ObservationBody.builder(id)
			.traceId(traceId)
			.parentObservationId(parentId)
			.name("cache-miss")
			.startTime(T0.plusMillis(5))
			.metadata(Map.of("key", "report-q3"))
			.build();
		return new EventCreate(eventId(), T0, body);
	}

	/** One trace: trace, span, generation (child of the span), event (child of the span); fresh ids. */
	public static List<IngestionEvent> unit() {
		String traceId = traceId();
		String spanId = observationId();
		List<IngestionEvent> events = new ArrayList<>(4);
		events.add(trace(traceId));
		events.add(span(traceId, spanId));
		events.add(generation(traceId, observationId(), spanId));
		events.add(event(traceId, observationId(), spanId));
		return events;
	}

	/** {@code count} events (a multiple of 4 is a whole number of traces), fresh ids. */
	public static List<IngestionEvent> units(int count) {
		List<IngestionEvent> events = new ArrayList<>(count);
		while (events.size() < count) {
			for (IngestionEvent event : unit()) {
				if (events.size() < count) {
					events.add(event);
				}
			}
		}
		return events;
	}

}
