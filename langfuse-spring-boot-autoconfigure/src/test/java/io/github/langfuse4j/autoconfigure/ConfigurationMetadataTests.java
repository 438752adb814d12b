package io.github.langfuse4j.autoconfigure;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.TestJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata generated from {@link LangfuseProperties} lists every property with
 * help and default.
 */
class ConfigurationMetadataTests {

	static final List<String> PROPERTIES = List.of("langfuse.enabled", "langfuse.host", "langfuse.public-key",
			"langfuse.secret-key", "langfuse.protocol", "langfuse.environment", "langfuse.release",
			"langfuse.max-batch", "langfuse.max-batch-bytes", "langfuse.max-event-bytes", "langfuse.flush-interval",
			"langfuse.queue-capacity", "langfuse.connect-timeout", "langfuse.read-timeout", "langfuse.shutdown-timeout",
			"langfuse.max-retries", "langfuse.max-requests-in-flight", "langfuse.otlp.compression",
			"langfuse.otlp.endpoint", "langfuse.headers", "langfuse.service-name", "langfuse.sample-rate",
			"langfuse.capture-content", "langfuse.masking.common-secrets", "management.health.langfuse.enabled",
			"langfuse.spring-ai.enabled", "langfuse.spring-ai.use-tracing-trace-id");

	/** Properties without a default: unset means "none". */
	static final List<String> NO_DEFAULT = List.of("langfuse.public-key", "langfuse.secret-key", "langfuse.environment",
			"langfuse.release", "langfuse.service-name", "langfuse.otlp.endpoint", "langfuse.headers");

	static Map<String, JsonNode> metadata() throws Exception {
		try (InputStream in = ConfigurationMetadataTests.class.getClassLoader()
			.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated configuration metadata").isNotNull();
			Map<String, JsonNode> byName = new HashMap<>();
			for (JsonNode property : TestJson.read(in.readAllBytes()).path("properties")) {
				byName.put(property.path("name").asString(), property);
			}
			return byName;
		}
	}

	@Test
	void everyPropertyHasADescriptionAndADefault() throws Exception {
		Map<String, JsonNode> metadata = metadata();
		assertThat(metadata.keySet()).containsExactlyInAnyOrderElementsOf(PROPERTIES);
		for (String name : PROPERTIES) {
			JsonNode property = metadata.get(name);
			assertThat(property.path("description").asString()).as(name).isNotBlank();
			if (!NO_DEFAULT.contains(name)) {
				assertThat(property.has("defaultValue")).as(name + " has a default").isTrue();
			}
		}
		assertThat(metadata.get("langfuse.max-batch").path("defaultValue").asInt()).isEqualTo(2000);
		assertThat(metadata.get("langfuse.host").path("defaultValue").asString())
			.isEqualTo("https://cloud.langfuse.com");
		assertThat(metadata.get("langfuse.flush-interval").path("defaultValue").asString()).isEqualTo("1s");
	}

}
