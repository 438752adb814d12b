package io.github.langfuse4j.ingest.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Richly filled model instances shared by the model tests.
 */
final class ModelFixtures {

	static final String EVENT_ID = "evt-1";

	static final Instant T0 = Instant.parse("2024-01-01T00:00:00.123Z");

	static final Instant T1 = Instant.parse("2024-01-01T00:00:01.500Z");

	static final Instant T2 = Instant.parse("2024-01-01T00:00:00.400Z");

	private ModelFixtures() {
	}

	static Map<String, Object> map(Object... keyValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			map.put((String) keyValues[i], keyValues[i + 1]);
		}
		return map;
	}

	static TraceBody trace() {
		return TraceBody.builder("trace-1")
			.timestamp(T0)
			.name("chat")
			.userId("user-1")
			.sessionId("session-1")
			.release("1.2.3")
			.version("v1")
			.input(map("question", "hi"))
			.output("hello")
			.metadata(map("tenant", "acme", "attempt", 2))
			.tags("a", "b")
			.publicTrace(true)
			.environment("production")
			.build();
	}

	static ObservationBody.Builder observation(String id) {
		return ObservationBody.builder(id)
			.traceId("trace-1")
			.name("step")
			.startTime(T0)
			.metadata(map("k", "v"))
			.input(List.of("in"))
			.output(map("answer", 42))
			.level(ObservationLevel.WARNING)
			.statusMessage("slow")
			.parentObservationId("parent-1")
			.version("v1")
			.environment("production");
	}

	static ObservationBody span() {
		return observation("obs-1").endTime(T1).build();
	}

	static ObservationBody event() {
		return observation("obs-1").build();
	}

	static ObservationBody generation() {
		return observation("obs-1").endTime(T1)
			.completionStartTime(T2)
			.model("gpt-4o")
			.modelParameters(map("temperature", 0.7, "maxTokens", 256, "stream", false, "stop", List.of("END"),
					"responseFormat", Map.of("type", "json_object")))
			.usage(new Usage(10, 20, 30, UsageUnit.TOKENS, 0.001, 0.002, 0.003))
			.usageDetails(new LinkedHashMap<>(Map.of("input", 10)))
			.costDetails(new LinkedHashMap<>(Map.of("input", 0.001)))
			.prompt("qa-prompt", 3)
			.build();
	}

	static ScoreBody score() {
		return ScoreBody.builder("accuracy")
			.id("score-1")
			.traceId("trace-1")
			.observationId("obs-1")
			.value(0.9)
			.comment("good")
			.metadata(map("judge", "human"))
			.environment("production")
			.configId("config-1")
			.queueId("queue-1")
			.build();
	}

	static SdkLogBody sdkLog() {
		return new SdkLogBody(map("message", "queue full", "dropped", 3));
	}

	/**
	 * One richly filled instance of each of the 15 event types, with id {@link #EVENT_ID}
	 * and time T0.
	 */
	static List<IngestionEvent> allEvents() {
		ObservationBody generation = generation();
		// the other generation-like types take no prompt link (Langfuse links prompts
		// only to generations)
		ObservationBody typed = generation.toBuilder().promptName(null).promptVersion(null).build();
		return List.of(new TraceCreate(EVENT_ID, T0, trace()), new SpanCreate(EVENT_ID, T0, span()),
				new SpanUpdate(EVENT_ID, T0, span()), new GenerationCreate(EVENT_ID, T0, generation),
				new GenerationUpdate(EVENT_ID, T0, generation), new EventCreate(EVENT_ID, T0, event()),
				new AgentCreate(EVENT_ID, T0, typed), new ToolCreate(EVENT_ID, T0, typed),
				new ChainCreate(EVENT_ID, T0, typed), new RetrieverCreate(EVENT_ID, T0, typed),
				new EvaluatorCreate(EVENT_ID, T0, typed), new EmbeddingCreate(EVENT_ID, T0, typed),
				new GuardrailCreate(EVENT_ID, T0, typed), new ScoreCreate(EVENT_ID, T0, score()),
				new SdkLog(EVENT_ID, T0, sdkLog()));
	}

}
