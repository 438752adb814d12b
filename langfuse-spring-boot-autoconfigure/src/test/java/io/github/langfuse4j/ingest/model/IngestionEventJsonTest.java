package io.github.langfuse4j.ingest.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.internal.json.IngestionResponse;
import io.github.langfuse4j.internal.json.LangfuseJson;

import static io.github.langfuse4j.ingest.model.ModelFixtures.EVENT_ID;
import static io.github.langfuse4j.ingest.model.ModelFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the JSON written for ingestion events and read from ingestion responses.
 */
class IngestionEventJsonTest {

	private static final String TRACE_BODY = """
			{"id":"trace-1","timestamp":"2024-01-01T00:00:00.123Z","name":"chat","userId":"user-1",\
			"sessionId":"session-1","release":"1.2.3","version":"v1","input":{"question":"hi"},"output":"hello",\
			"metadata":{"tenant":"acme","attempt":2},"tags":["a","b"],"public":true,"environment":"production"}""";

	private static final String OBSERVATION_COMMON = """
			"metadata":{"k":"v"},"input":["in"],"output":{"answer":42},"level":"WARNING","statusMessage":"slow",\
			"parentObservationId":"parent-1","version":"v1","environment":"production\"""";

	private static final String SPAN_BODY = """
			{"id":"obs-1","traceId":"trace-1","name":"step","startTime":"2024-01-01T00:00:00.123Z",\
			"endTime":"2024-01-01T00:00:01.500Z",""" + OBSERVATION_COMMON + "}";

	private static final String EVENT_BODY = """
			{"id":"obs-1","traceId":"trace-1","name":"step","startTime":"2024-01-01T00:00:00.123Z","""
			+ OBSERVATION_COMMON + "}";

	private static final String GENERATION_FIELDS = """
			{"id":"obs-1","traceId":"trace-1","name":"step","startTime":"2024-01-01T00:00:00.123Z",\
			"endTime":"2024-01-01T00:00:01.500Z","completionStartTime":"2024-01-01T00:00:00.400Z","""
			+ OBSERVATION_COMMON + """
					,"model":"gpt-4o","modelParameters":{"temperature":0.7,"maxTokens":256,"stream":false,\
					"stop":["END"],"responseFormat":{"type":"json_object"}},\
					"usage":{"input":10,"output":20,"total":30,"unit":"TOKENS","inputCost":0.001,"outputCost":0.002,\
					"totalCost":0.003},"usageDetails":{"input":10},"costDetails":{"input":0.001}""";

	private static final String TYPED_BODY = GENERATION_FIELDS + "}";

	private static final String GENERATION_BODY = GENERATION_FIELDS + """
			,"promptName":"qa-prompt","promptVersion":3}""";

	private static final String SCORE_BODY = """
			{"id":"score-1","traceId":"trace-1","observationId":"obs-1","name":"accuracy","value":0.9,\
			"dataType":"NUMERIC","comment":"good","metadata":{"judge":"human"},"environment":"production",\
			"configId":"config-1","queueId":"queue-1"}""";

	private static final String SDK_LOG_BODY = """
			{"log":{"message":"queue full","dropped":3}}""";

	static List<Object[]> events() {
		Map<String, String> bodies = Map.ofEntries(Map.entry("trace-create", TRACE_BODY),
				Map.entry("span-create", SPAN_BODY), Map.entry("span-update", SPAN_BODY),
				Map.entry("generation-create", GENERATION_BODY), Map.entry("generation-update", GENERATION_BODY),
				Map.entry("event-create", EVENT_BODY), Map.entry("agent-create", TYPED_BODY),
				Map.entry("tool-create", TYPED_BODY), Map.entry("chain-create", TYPED_BODY),
				Map.entry("retriever-create", TYPED_BODY), Map.entry("evaluator-create", TYPED_BODY),
				Map.entry("embedding-create", TYPED_BODY), Map.entry("guardrail-create", TYPED_BODY),
				Map.entry("score-create", SCORE_BODY), Map.entry("sdk-log", SDK_LOG_BODY));
		List<Object[]> arguments = new ArrayList<>();
		for (IngestionEvent event : ModelFixtures.allEvents()) {
			arguments.add(new Object[] { event.type(), event, bodies.get(event.type()) });
		}
		assertThat(arguments).hasSize(15);
		assertThat(arguments).extracting((arguments1) -> arguments1[0]).doesNotHaveDuplicates();
		return arguments;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("events")
	void eventSerializesToEnvelopeWithTypeAndBody(String type, IngestionEvent event, String expectedBody) {
		String expected = "{\"id\":\"evt-1\",\"timestamp\":\"2024-01-01T00:00:00.123Z\",\"type\":\"" + type
				+ "\",\"body\":" + expectedBody + "}";
		assertThat(write(event)).isEqualTo(expected);
	}

	@Test
	void wireTypesMatchTheServerEventTypes() {
		assertThat(ModelFixtures.allEvents()).extracting(IngestionEvent::type)
			.containsExactly("trace-create", "span-create", "span-update", "generation-create", "generation-update",
					"event-create", "agent-create", "tool-create", "chain-create", "retriever-create",
					"evaluator-create", "embedding-create", "guardrail-create", "score-create", "sdk-log");
	}

	@Test
	void absentFieldsAreOmitted() {
		assertThat(write(new SpanCreate(EVENT_ID, T0, ObservationBody.builder("obs-1").build())))
			.isEqualTo("{\"id\":\"evt-1\",\"timestamp\":\"2024-01-01T00:00:00.123Z\",\"type\":\"span-create\","
					+ "\"body\":{\"id\":\"obs-1\"}}");
		assertThat(write(new TraceCreate(EVENT_ID, T0, TraceBody.builder("trace-1").build())))
			.endsWith("\"body\":{\"id\":\"trace-1\"}}");
		assertThat(write(new Usage(5, null, null, null, null, null, null))).isEqualTo("{\"input\":5}");
	}

	@Test
	void nullValuesInsideMetadataAreKept() {
		TraceBody body = TraceBody.builder("trace-1").metadata(ModelFixtures.map("a", null, "b", 1)).build();
		assertThat(write(body)).isEqualTo("{\"id\":\"trace-1\",\"metadata\":{\"a\":null,\"b\":1}}");
	}

	@Test
	void emptyTagsAreSent() {
		assertThat(write(TraceBody.builder("trace-1").tags(List.of()).build()))
			.isEqualTo("{\"id\":\"trace-1\",\"tags\":[]}");
	}

	@Test
	void publicFlagIsWrittenOnceAsPublic() {
		JsonNode node = LangfuseJson.mapper().readTree(write(TraceBody.builder("t").publicTrace(false).build()));
		assertThat(node.propertyNames()).containsExactly("id", "public");
		assertThat(node.get("public").booleanValue()).isFalse();
	}

	@Test
	void instantWithNanosecondsIsWrittenAsIsoString() {
		Instant instant = Instant.parse("2024-05-06T07:08:09.123456789Z");
		assertThat(write(new SdkLog("e", instant, new SdkLogBody("x"))))
			.contains("\"timestamp\":\"2024-05-06T07:08:09.123456789Z\"");
	}

	@Test
	void booleanScoreIsWrittenAsNumber() {
		ScoreBody score = ScoreBody.builder("ok").id("s").sessionId("session-1").value(true).build();
		assertThat(write(score)).isEqualTo(
				"{\"id\":\"s\",\"sessionId\":\"session-1\",\"name\":\"ok\",\"value\":1,\"dataType\":\"BOOLEAN\"}");
	}

	@Test
	void batchWritesEventsWithTheirRuntimeTypeAndOmitsNullMetadata() {
		IngestionBatch batch = new IngestionBatch(List.of(new SdkLog(EVENT_ID, T0, new SdkLogBody("x")),
				new ScoreCreate("e2", T0, ModelFixtures.score())), null);
		JsonNode node = LangfuseJson.mapper().readTree(write(batch));
		assertThat(node.propertyNames()).containsExactly("batch");
		assertThat(node.get("batch").get(0).get("type").stringValue()).isEqualTo("sdk-log");
		assertThat(node.get("batch").get(1).get("type").stringValue()).isEqualTo("score-create");
		assertThat(node.get("batch").get(1).get("body").get("name").stringValue()).isEqualTo("accuracy");
	}

	@Test
	void batchWritesMetadata() {
		IngestionBatch batch = new IngestionBatch(List.of(), ModelFixtures.map("batch_size", 0));
		assertThat(write(batch)).isEqualTo("{\"batch\":[],\"metadata\":{\"batch_size\":0}}");
	}

	@Test
	void parseTypicalMultiStatusBody() {
		IngestionResponse response = parse(
				"""
						{"successes":[{"id":"e1","status":201},{"id":"e2","status":201}],
						 "errors":[{"id":"e3","status":400,"message":"Invalid request data","error":"[{\\"code\\":\\"invalid_type\\"}]"}]}
						""");
		assertThat(response).isNotNull();
		assertThat(response.successes()).containsExactly(new IngestionResponse.Success("e1", 201),
				new IngestionResponse.Success("e2", 201));
		assertThat(response.errors()).containsExactly(
				new IngestionResponse.Error("e3", 400, "Invalid request data", "[{\"code\":\"invalid_type\"}]"));
	}

	@Test
	void parseToleratesMissingAndExtraFields() {
		IngestionResponse response = parse("""
				{"errors":[{"id":"e1","status":401,"extra":true},{"id":"e2","error":{"detail":"x"}}],"other":1}
				""");
		assertThat(response).isNotNull();
		assertThat(response.successes()).isEmpty();
		assertThat(response.errors()).containsExactly(new IngestionResponse.Error("e1", 401, null, null),
				new IngestionResponse.Error("e2", 0, null, Map.of("detail", "x")));
	}

	@Test
	void parseEmptyLists() {
		IngestionResponse response = parse("{\"successes\":[],\"errors\":[]}");
		assertThat(response).isEqualTo(new IngestionResponse(List.of(), List.of()));
	}

	@Test
	void parseReturnsNullForOtherBodies() {
		assertThat(parse("Body exceeded 4.5mb limit")).isNull();
		assertThat(parse("<html>bad gateway</html>")).isNull();
		assertThat(parse("")).isNull();
		assertThat(parse("[1,2]")).isNull();
		assertThat(parse("\"text\"")).isNull();
		assertThat(parse("{\"error\":\"UnauthorizedError\",\"message\":\"No authorization header\"}")).isNull();
		assertThat(parse("{\"message\":\"Invalid request data\",\"errors\":[\"batch: Required\"]}")).isNull();
		assertThat(parse("{\"successes\":[{\"id\":\"e1\",\"status\":201}")).isNull();
		assertThat(IngestionResponse.parse(null)).isNull();
	}

	private static IngestionResponse parse(String json) {
		return IngestionResponse.parse(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String write(Object value) {
		return LangfuseJson.mapper().writeValueAsString(value);
	}

}
