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
 * The events every benchmark uses. A "unit" is one trace: a {@code trace-create}, a
 * finished {@code generation-create} with about 1 KB of input and 1 KB of output, a
 * finished {@code span-create} and an {@code event-create}; ids are hex like the ones
 * OpenTelemetry generates (32 digits for traces, 16 for observations), so the OTLP
 * transport uses them as they are.
 */
public final class Events {

	/** About 1 KB of prompt text. */
	public static final String KILOBYTE_INPUT = text("You are a helpful assistant. Answer the question about the "
			+ "quarterly report in two sentences and cite the page. ", 1024);

	/** About 1 KB of completion text. */
	public static final String KILOBYTE_OUTPUT = text(
			"Revenue grew by twelve percent year over year, driven by the " + "new subscription tier (page 4). ", 1024);

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
		return generation(traceId, id, parentId, KILOBYTE_INPUT, KILOBYTE_OUTPUT);
	}

	/**
	 * About {@code length} characters of English-like text, different for every seed
	 * (words drawn from a vocabulary of {@value #VOCABULARY_SIZE} with a seeded random):
	 * unlike the repeated sentence of {@link #KILOBYTE_INPUT}, gzip finds no more
	 * repetition across events than across real prompts.
	 */
	public static String variedText(long seed, int length) {
		java.util.Random random = new java.util.Random(seed);
		StringBuilder text = new StringBuilder(length + 16);
		while (text.length() < length) {
			String word = VOCABULARY[random.nextInt(VOCABULARY.length)];
			text.append(text.isEmpty() ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
			int punctuation = random.nextInt(12);
			text.append((punctuation == 0) ? ". " : ((punctuation == 1) ? ", " : " "));
		}
		return text.substring(0, length);
	}

	private static final int VOCABULARY_SIZE = 200;

	private static final String[] VOCABULARY = vocabulary();

	private static String[] vocabulary() {
		String words = "the of and to in is that for it as with was on be by this are or from at an which "
				+ "have not they you were all one their there been has more when will would who so no if out "
				+ "about up them what into can only other new some could time these two may then do first any "
				+ "like now my such our over even most made after also did many before must through back years "
				+ "where much your way well down should because each just those people how too little state "
				+ "good very make world still own see men work long get here between both life being under "
				+ "never day same another know while last might us great old year off come since against go "
				+ "came right used take three revenue quarter report growth customer subscription model answer "
				+ "question summary document page table figure policy refund order account invoice payment "
				+ "shipping delivery product feature release version error request response token prompt "
				+ "context retrieval vector search index query result score metric latency cost budget team "
				+ "meeting schedule project deadline review approve contract legal support ticket issue "
				+ "priority status update change risk plan goal market sales region europe america asia "
				+ "percent million increase decrease compare analysis data source citation assistant user";
		String[] all = words.split(" ");
		if (all.length < VOCABULARY_SIZE) {
			throw new IllegalStateException("vocabulary has " + all.length + " words");
		}
		return java.util.Arrays.copyOf(all, VOCABULARY_SIZE);
	}

	/** A finished generation with the given input (the user message) and output. */
	public static GenerationCreate generation(String traceId, String id, String parentId, String input, String output) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "user");
		message.put("content", input);
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
			.output(output)
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

	/**
	 * One trace: trace, span, generation (child of the span), event (child of the span);
	 * fresh ids.
	 */
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
