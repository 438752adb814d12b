package io.github.langfuse4j.tracing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseIngest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link Langfuse} on a real exporter in the ingestion protocol, sending to a
 * {@link LoopbackServer}; reads back the events the server received.
 */
final class TracingRecorder implements AutoCloseable {

	static final Duration AWAIT = Duration.ofSeconds(30);

	final LoopbackServer server = new LoopbackServer();

	final LangfuseIngest ingest;

	final Langfuse langfuse;

	TracingRecorder() {
		this(UnaryOperator.identity());
	}

	TracingRecorder(UnaryOperator<IngestConfig.Builder> customizer) {
		IngestConfig.Builder config = IngestConfig.builder()
			.host(this.server.url())
			.publicKey("pk-lf-test")
			.secretKey("sk-lf-test")
			.protocol(IngestConfig.Protocol.INGESTION)
			.flushInterval(Duration.ofHours(1))
			.maxRetries(0)
			.shutdownTimeout(Duration.ofSeconds(10));
		this.ingest = LangfuseIngest.create(customizer.apply(config).build());
		this.langfuse = Langfuse.create(this.ingest);
	}

	/** Flushes and returns every event the server received, in arrival order. */
	List<JsonNode> events() {
		assertThat(this.ingest.flush(AWAIT)).as("flush within %s", AWAIT).isTrue();
		List<JsonNode> events = new ArrayList<>();
		for (LoopbackServer.Recorded request : this.server.requests(LoopbackServer.INGESTION)) {
			TestJson.read(request.body()).path("batch").forEach(events::add);
		}
		return events;
	}

	/**
	 * Flushes and returns every span of every OTLP request the server received, in
	 * arrival order.
	 */
	List<JsonNode> spans() {
		assertThat(this.ingest.flush(AWAIT)).as("flush within %s", AWAIT).isTrue();
		List<JsonNode> spans = new ArrayList<>();
		for (LoopbackServer.Recorded request : this.server.requests(LoopbackServer.OTLP)) {
			for (JsonNode resource : TestJson.read(request.body()).path("resourceSpans")) {
				for (JsonNode scope : resource.path("scopeSpans")) {
					scope.path("spans").forEach(spans::add);
				}
			}
		}
		return spans;
	}

	/** The attributes of an OTLP span: key to AnyValue. */
	static Map<String, JsonNode> attributes(JsonNode span) {
		Map<String, JsonNode> attributes = new java.util.LinkedHashMap<>();
		span.path("attributes").forEach((a) -> attributes.put(a.path("key").asString(), a.path("value")));
		return attributes;
	}

	/** The string value of an OTLP span attribute, or {@code null} if absent. */
	static String attribute(JsonNode span, String key) {
		JsonNode value = attributes(span).get(key);
		return (value != null) ? value.path("stringValue").asString() : null;
	}

	static List<JsonNode> ofType(List<JsonNode> events, String type) {
		return events.stream().filter((e) -> e.path("type").asString().equals(type)).toList();
	}

	/** The one event whose body matches, failing if there is not exactly one. */
	static JsonNode single(List<JsonNode> events, Predicate<JsonNode> body) {
		List<JsonNode> matching = events.stream().filter((e) -> body.test(e.path("body"))).toList();
		assertThat(matching).as("events matching in %s", events).hasSize(1);
		return matching.get(0);
	}

	static JsonNode byBodyId(List<JsonNode> events, String id) {
		return single(events, (body) -> body.path("id").asString().equals(id));
	}

	static Map<String, Long> countByBodyId(List<JsonNode> events) {
		return events.stream()
			.collect(Collectors.groupingBy((e) -> e.path("body").path("id").asString(), Collectors.counting()));
	}

	static Instant instant(JsonNode node) {
		return Instant.parse(node.asString());
	}

	@Override
	public void close() {
		this.ingest.close();
		this.server.close();
	}

}
