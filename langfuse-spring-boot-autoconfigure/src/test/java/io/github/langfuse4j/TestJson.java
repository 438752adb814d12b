package io.github.langfuse4j;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads request bodies in tests with a plain mapper (not the library's). */
public final class TestJson {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private TestJson() {
	}

	public static JsonNode read(byte[] json) {
		return MAPPER.readTree(json);
	}

	public static JsonNode read(String json) {
		return MAPPER.readTree(json);
	}

	/**
	 * Envelope ids of an ingestion batch body, in order; empty if the body is not a
	 * batch.
	 */
	public static List<String> eventIds(byte[] body) {
		List<String> ids = new ArrayList<>();
		JsonNode batch = read(body).path("batch");
		for (JsonNode event : batch) {
			ids.add(event.path("id").asString());
		}
		return ids;
	}

}
