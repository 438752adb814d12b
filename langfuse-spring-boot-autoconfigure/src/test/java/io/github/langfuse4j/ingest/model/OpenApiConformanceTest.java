package io.github.langfuse4j.ingest.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import io.github.langfuse4j.internal.json.LangfuseJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks the JSON written for each event type against the official Langfuse OpenAPI spec
 * (the test resource {@code langfuse/langfuse-openapi.yml}) and against the stricter
 * rules the server enforces (section 8 of the project's ingestion API reference, read
 * from the Langfuse server's source).
 * <p>
 * Three spots of the spec cannot be used by a JSON Schema validator as published, and are
 * patched in {@link #patchSpec(ObjectNode)}; each patch is explained there and covered by
 * its own test below.
 */
class OpenApiConformanceTest {

	private static final String SPEC_URI = "https://langfuse.test/openapi.json";

	private static final String SPEC_RESOURCE = "/langfuse/langfuse-openapi.yml";

	/**
	 * Event types the server accepts with the generation-create body, but which the
	 * OpenAPI spec lacks.
	 */
	private static final Set<String> TYPES_MISSING_FROM_SPEC = Set.of("agent-create", "tool-create", "chain-create",
			"retriever-create", "evaluator-create", "embedding-create", "guardrail-create");

	/**
	 * Event types the server accepts on the public endpoint (reference section 4, without
	 * the legacy ones).
	 */
	private static final Set<String> SERVER_EVENT_TYPES = Set.of("trace-create", "span-create", "span-update",
			"generation-create", "generation-update", "event-create", "agent-create", "tool-create", "chain-create",
			"retriever-create", "evaluator-create", "embedding-create", "guardrail-create", "score-create", "sdk-log");

	/**
	 * ISO-8601 with a {@code Z} zone, as written by this library; a subset of what zod
	 * accepts.
	 */
	private static final Pattern ISO_INSTANT = Pattern
		.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$");

	private static final Set<String> TIME_FIELDS = Set.of("timestamp", "startTime", "endTime", "completionStartTime");

	private static final Set<String> USAGE_UNITS = Set.of("CHARACTERS", "TOKENS", "MILLISECONDS", "SECONDS", "IMAGES",
			"REQUESTS");

	private static ObjectNode spec;

	private static Schema ingestionEvent;

	@BeforeAll
	static void loadSpec() throws Exception {
		spec = (ObjectNode) YAMLMapper.builder().build().readTree(readSpec());
		patchSpec(spec);
		ingestionEvent = schema(spec, "IngestionEvent");
	}

	static List<IngestionEvent> events() {
		return ModelFixtures.allEvents();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("events")
	void eventConformsToOpenApi(IngestionEvent event) {
		ObjectNode json = toJson(event);
		if (TYPES_MISSING_FROM_SPEC.contains(event.type())) {
			// The server parses these with the generation-create body (reference section
			// 4).
			json.put("type", "generation-create");
		}
		assertThat(ingestionEvent.validate(json)).as(json.toString()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("events")
	void eventMeetsStricterServerRules(IngestionEvent event) {
		ObjectNode json = toJson(event);
		assertThat(json.propertyNames()).containsExactly("id", "timestamp", "type", "body");
		assertId(json.get("id"), "envelope id");
		assertTimestamp(json.get("timestamp"), "envelope timestamp");
		assertThat(json.get("type").stringValue()).isIn(SERVER_EVENT_TYPES);
		JsonNode body = json.get("body");
		assertThat(body.isObject()).isTrue();
		assertNoNulls(body, "body");
		for (String field : TIME_FIELDS) {
			if (body.has(field)) {
				assertTimestamp(body.get(field), "body." + field);
			}
		}
		String type = json.get("type").stringValue();
		if (type.equals("sdk-log")) {
			assertThat(body.has("log")).isTrue();
			return;
		}
		// The server silently drops trace and score events without a body id and rejects
		// observations without one (the spec marks it optional).
		assertId(body.get("id"), "body.id");
		if (type.equals("trace-create")) {
			assertThat(body.path("name").stringValue("").length()).isLessThanOrEqualTo(1000);
		}
		else if (type.equals("score-create")) {
			assertScoreTargets(body);
		}
		else {
			assertObservationBody(type, body);
		}
	}

	@Test
	void specRejectsBrokenEvents() {
		ObjectNode trace = toJson(ModelFixtures.allEvents().get(0));
		trace.remove("body");
		assertThat(ingestionEvent.validate(trace)).isNotEmpty();

		ObjectNode generation = toJson(ModelFixtures.allEvents().get(3));
		((ObjectNode) generation.get("body")).put("level", "VERBOSE");
		assertThat(ingestionEvent.validate(generation)).isNotEmpty();

		ObjectNode usage = toJson(ModelFixtures.allEvents().get(3));
		((ObjectNode) usage.get("body").get("usage")).put("input", "ten");
		assertThat(ingestionEvent.validate(usage)).isNotEmpty();

		ObjectNode score = toJson(ModelFixtures.allEvents().get(13));
		((ObjectNode) score.get("body")).remove("name");
		assertThat(ingestionEvent.validate(score)).isNotEmpty();

		ObjectNode unknownType = toJson(ModelFixtures.allEvents().get(6));
		assertThat(ingestionEvent.validate(unknownType)).as("agent-create is not in the spec").isNotEmpty();
	}

	@Test
	void usageWithoutSomeCountsIsValidForTheServerButNotForTheSpec() throws Exception {
		// The spec marks usage input/output/total/unit as required; the server (zod)
		// makes all of them optional (reference sections 5.4 and 8). The rich fixtures
		// send all four, so the rich events pass the unmodified Usage schema; this test
		// documents the one check that has to be relaxed for a usage that legitimately
		// omits some counts.
		JsonNode partial = LangfuseJson.mapper().valueToTree(new Usage(12, null, null, null, 0.5, null, null));
		assertThat(schema(spec, "Usage").validate(partial)).isNotEmpty();
		ObjectNode relaxed = spec.deepCopy();
		((ObjectNode) relaxed.get("components").get("schemas").get("Usage")).remove("required");
		assertThat(schema(relaxed, "Usage").validate(partial)).isEmpty();
	}

	@Test
	void integerModelParameterNeedsThePatchedMapValue() throws Exception {
		// MapValue is a oneOf of integer and number (and others); an integer matches both
		// branches, so any integer parameter (e.g. max_tokens) fails the spec's oneOf.
		// The server accepts it.
		ObjectNode original = (ObjectNode) YAMLMapper.builder().build().readTree(readSpec());
		Schema mapValue = schema(original, "MapValue");
		assertThat(mapValue.validate(LangfuseJson.mapper().valueToTree(256))).isNotEmpty();
		assertThat(mapValue.validate(LangfuseJson.mapper().valueToTree(0.7))).isEmpty();
		assertThat(schema(spec, "MapValue").validate(LangfuseJson.mapper().valueToTree(256))).isEmpty();
	}

	@Test
	void usageMatchesBothBranchesOfTheSpecsIngestionUsage() throws Exception {
		// IngestionUsage is a oneOf of Usage and OpenAIUsage, but OpenAIUsage has no
		// required properties and allows additional ones, so every object matches it: a
		// valid Usage matches both branches and fails the oneOf. The patched spec checks
		// usage against Usage alone, the shape this library writes.
		ObjectNode original = (ObjectNode) YAMLMapper.builder().build().readTree(readSpec());
		JsonNode usage = LangfuseJson.mapper().valueToTree(Usage.tokens(1, 2));
		assertThat(schema(original, "IngestionUsage").validate(usage)).isNotEmpty();
		assertThat(schema(original, "Usage").validate(usage)).isEmpty();
	}

	/**
	 * Patch the parts of the spec a JSON Schema validator cannot use as published.
	 */
	private static void patchSpec(ObjectNode document) {
		ObjectNode schemas = (ObjectNode) document.get("components").get("schemas");
		// 1. MapValue: integer values match both the integer and the number branch of the
		// oneOf; anyOf keeps the same set of accepted types. The server also accepts a
		// map of strings to strings (section 8).
		ObjectNode mapValue = (ObjectNode) schemas.get("MapValue");
		ArrayNode branches = (ArrayNode) mapValue.remove("oneOf");
		ObjectNode stringMap = branches.addObject();
		stringMap.put("type", "object");
		stringMap.putObject("additionalProperties").put("type", "string");
		mapValue.set("anyOf", branches);
		// 2. IngestionUsage: every object matches OpenAIUsage (no required or forbidden
		// properties), so the oneOf rejects every valid Usage. This library only writes
		// the Usage shape: check against it alone.
		ObjectNode ingestionUsage = (ObjectNode) schemas.get("IngestionUsage");
		ingestionUsage.removeAll();
		ingestionUsage.put("$ref", "#/components/schemas/Usage");
	}

	private static Schema schema(ObjectNode document, String component) {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(),
				(builder) -> builder.schemas(Map.of(SPEC_URI, document.toString())));
		Schema schema = registry.getSchema(SchemaLocation.of(SPEC_URI + "#/components/schemas/" + component));
		schema.initializeValidators();
		return schema;
	}

	/**
	 * The spec is a test resource of this module (see {@code langfuse/README.md} beside
	 * it for its source and license), so that a fresh clone passes without anything
	 * outside the repository.
	 */
	private static String readSpec() {
		try (InputStream in = OpenApiConformanceTest.class.getResourceAsStream(SPEC_RESOURCE)) {
			if (in == null) {
				return fail("Test resource " + SPEC_RESOURCE + " is missing");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ObjectNode toJson(IngestionEvent event) {
		return (ObjectNode) LangfuseJson.mapper().readTree(LangfuseJson.mapper().writeValueAsString(event));
	}

	private static void assertId(JsonNode id, String what) {
		assertThat(id).as(what).isNotNull();
		assertThat(id.isString()).as(what + " is a string").isTrue();
		assertThat(id.stringValue()).as(what).isNotEmpty().hasSizeLessThanOrEqualTo(800).doesNotContain("\r");
	}

	private static void assertTimestamp(JsonNode timestamp, String what) {
		assertThat(timestamp.isString()).as(what + " is a string").isTrue();
		assertThat(timestamp.stringValue()).as(what).matches(ISO_INSTANT);
		assertThat(Instant.parse(timestamp.stringValue())).as(what).isNotNull();
	}

	private static void assertNoNulls(JsonNode node, String path) {
		// Nulls inside free-form JSON (metadata, input, output, log) are the user's data;
		// everything else must be omitted rather than sent as null.
		node.properties().forEach((entry) -> {
			String field = entry.getKey();
			assertThat(entry.getValue().isNull()).as(path + "." + field + " is null").isFalse();
		});
	}

	private static void assertScoreTargets(JsonNode body) {
		List<String> targets = new ArrayList<>();
		for (String field : List.of("traceId", "sessionId", "datasetRunId")) {
			if (body.has(field)) {
				targets.add(field);
			}
		}
		assertThat(targets).as("score targets").hasSize(1);
		if (body.has("observationId")) {
			assertThat(body.has("traceId")).as("observationId requires traceId").isTrue();
		}
		assertThat(body.get("name").stringValue()).isNotEmpty();
		assertThat(body.get("value").isNumber() || body.get("value").isString()).isTrue();
	}

	private static void assertObservationBody(String type, JsonNode body) {
		assertId(body.get("traceId"), "body.traceId");
		assertThat(body.has("promptName")).as("promptName and promptVersion together")
			.isEqualTo(body.has("promptVersion"));
		if (body.has("promptVersion")) {
			assertThat(body.get("promptVersion").isIntegralNumber()).isTrue();
			assertThat(body.get("promptVersion").intValue()).isPositive();
		}
		if (type.equals("event-create")) {
			assertThat(body.has("endTime")).as("event has no end time").isFalse();
		}
		JsonNode usage = body.path("usage");
		for (String count : List.of("input", "output", "total")) {
			if (usage.has(count)) {
				assertThat(usage.get(count).isIntegralNumber()).as("usage." + count + " is an integer").isTrue();
				assertThat(usage.get(count).intValue()).isNotNegative();
			}
		}
		if (usage.has("unit")) {
			assertThat(usage.get("unit").stringValue()).isIn(USAGE_UNITS);
		}
		body.path("usageDetails").properties().forEach((entry) -> {
			assertThat(entry.getValue().isIntegralNumber()).as("usageDetails." + entry.getKey()).isTrue();
			assertThat(entry.getValue().intValue()).isNotNegative();
		});
		body.path("costDetails").properties().forEach((entry) -> {
			assertThat(entry.getValue().isNumber()).as("costDetails." + entry.getKey()).isTrue();
			assertThat(entry.getValue().doubleValue()).isNotNegative();
		});
		body.path("modelParameters").properties().forEach((entry) -> {
			JsonNode value = entry.getValue();
			boolean scalar = value.isString() || value.isNumber() || value.isBoolean() || value.isNull();
			boolean stringList = value.isArray() && value.valueStream().allMatch(JsonNode::isString);
			boolean stringMap = value.isObject() && value.valueStream().allMatch(JsonNode::isString);
			assertThat(scalar || stringList || stringMap).as("modelParameters." + entry.getKey()).isTrue();
		});
	}

}
