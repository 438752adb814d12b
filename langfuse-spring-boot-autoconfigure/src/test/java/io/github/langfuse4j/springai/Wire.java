package io.github.langfuse4j.springai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.tracing.Langfuse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a loopback Langfuse received, read the same way in both protocols: observations
 * with their parent, fields and metadata, and traces with their attributes. In OTLP a
 * trace's synthetic root span (a root span of type span without observation metadata) is
 * the trace, not an observation.
 */
final class Wire {

	static final Duration AWAIT = Duration.ofSeconds(30);

	record Node(String id, @Nullable String parentId, String traceId, String type, String name,
			@Nullable JsonNode input, @Nullable JsonNode output, @Nullable String model, Map<String, Integer> usage,
			Map<String, String> parameters, @Nullable String level, @Nullable String statusMessage,
			Map<String, String> metadata) {
	}

	record Trace(String id, @Nullable String name, @Nullable String userId, @Nullable String sessionId,
			List<String> tags, Map<String, String> metadata) {
	}

	final List<Node> nodes = new ArrayList<>();

	final List<Trace> traces = new ArrayList<>();

	private Wire() {
	}

	/**
	 * Flushes until what the server received satisfies {@code done}, within
	 * {@link #AWAIT}: in streaming the outer observations stop after the consumer
	 * completed, on other threads.
	 */
	static Wire await(LoopbackServer server, Langfuse langfuse, String protocol, Predicate<Wire> done) {
		boolean otlp = protocol.equals("otlp");
		try {
			Awaitility.await().atMost(AWAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
				langfuse.flush(AWAIT);
				return done.test(Wire.of(server, otlp));
			});
		}
		catch (ConditionTimeoutException ex) {
			Wire wire = Wire.of(server, otlp);
			throw new AssertionError("not received in time; received " + wire.nodes + " and " + wire.traces, ex);
		}
		return Wire.of(server, otlp);
	}

	static Wire of(LoopbackServer server, boolean otlp) {
		Wire wire = new Wire();
		if (otlp) {
			for (LoopbackServer.Recorded request : server.requests(LoopbackServer.OTLP)) {
				for (JsonNode resource : TestJson.read(request.body()).path("resourceSpans")) {
					for (JsonNode scope : resource.path("scopeSpans")) {
						scope.path("spans").forEach(wire::span);
					}
				}
			}
			// observations directly under a synthetic root sit under their trace
			List<String> roots = new ArrayList<>();
			wire.traces.forEach((t) -> roots.add(t.id() + "/" + t.metadata().get("__root")));
			wire.nodes.replaceAll((n) -> roots.contains(n.traceId() + "/" + n.parentId()) ? reparented(n) : n);
		}
		else {
			for (LoopbackServer.Recorded request : server.requests(LoopbackServer.INGESTION)) {
				TestJson.read(request.body()).path("batch").forEach(wire::event);
			}
		}
		return wire;
	}

	private static Node reparented(Node n) {
		return new Node(n.id(), null, n.traceId(), n.type(), n.name(), n.input(), n.output(), n.model(), n.usage(),
				n.parameters(), n.level(), n.statusMessage(), n.metadata());
	}

	private void event(JsonNode event) {
		String type = event.path("type").asString();
		JsonNode body = event.path("body");
		if (type.equals("trace-create")) {
			List<String> tags = new ArrayList<>();
			body.path("tags").forEach((t) -> tags.add(t.asString()));
			this.traces.add(new Trace(body.path("id").asString(), text(body.get("name")), text(body.get("userId")),
					text(body.get("sessionId")), tags, flat(body.path("metadata"))));
			return;
		}
		if (!type.endsWith("-create")) {
			return;
		}
		Map<String, Integer> usage = new LinkedHashMap<>();
		body.path("usageDetails").properties().forEach((e) -> usage.put(e.getKey(), e.getValue().asInt()));
		this.nodes.add(new Node(body.path("id").asString(), text(body.get("parentObservationId")),
				body.path("traceId").asString(), type.substring(0, type.length() - "-create".length()),
				body.path("name").asString(), nullIfMissing(body.get("input")), nullIfMissing(body.get("output")),
				text(body.get("model")), usage, flat(body.path("modelParameters")), text(body.get("level")),
				text(body.get("statusMessage")), flat(body.path("metadata"))));
	}

	private void span(JsonNode span) {
		Map<String, String> attributes = new LinkedHashMap<>();
		span.path("attributes").forEach((a) -> attributes.put(a.path("key").asString(), anyValue(a.path("value"))));
		Map<String, String> metadata = new LinkedHashMap<>();
		attributes.forEach((key, value) -> {
			if (key.startsWith("langfuse.observation.metadata.")) {
				metadata.put(key.substring("langfuse.observation.metadata.".length()), value);
			}
		});
		String parent = text(span.get("parentSpanId"));
		String type = attributes.get("langfuse.observation.type");
		String traceId = span.path("traceId").asString();
		if (parent == null && "span".equals(type) && metadata.isEmpty()) {
			Map<String, String> traceMetadata = new LinkedHashMap<>();
			attributes.forEach((key, value) -> {
				if (key.startsWith("langfuse.trace.metadata.")) {
					traceMetadata.put(key.substring("langfuse.trace.metadata.".length()), value);
				}
			});
			traceMetadata.put("__root", span.path("spanId").asString());
			this.traces.add(new Trace(traceId, attributes.get("langfuse.trace.name"), attributes.get("user.id"),
					attributes.get("session.id"), tags(span), traceMetadata));
			return;
		}
		if (parent == null) {
			// a lone observation that is its trace's root
			this.traces.add(new Trace(traceId, attributes.get("langfuse.trace.name"), attributes.get("user.id"),
					attributes.get("session.id"), tags(span), Map.of()));
		}
		Map<String, Integer> usage = new LinkedHashMap<>();
		String usageJson = attributes.get("langfuse.observation.usage_details");
		if (usageJson != null) {
			TestJson.read(usageJson).properties().forEach((e) -> usage.put(e.getKey(), e.getValue().asInt()));
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		String parametersJson = attributes.get("langfuse.observation.model.parameters");
		if (parametersJson != null) {
			parameters.putAll(flat(TestJson.read(parametersJson)));
		}
		this.nodes.add(new Node(span.path("spanId").asString(), parent, traceId, type, span.path("name").asString(),
				json(attributes.get("langfuse.observation.input")), json(attributes.get("langfuse.observation.output")),
				attributes.get("langfuse.observation.model.name"), usage, parameters,
				attributes.get("langfuse.observation.level"), attributes.get("langfuse.observation.status_message"),
				metadata));
	}

	private static List<String> tags(JsonNode span) {
		List<String> tags = new ArrayList<>();
		span.path("attributes").forEach((a) -> {
			if (a.path("key").asString().equals("langfuse.trace.tags")) {
				a.path("value")
					.path("arrayValue")
					.path("values")
					.forEach((v) -> tags.add(v.path("stringValue").asString()));
			}
		});
		return tags;
	}

	private static String anyValue(JsonNode value) {
		if (value.has("stringValue")) {
			return value.path("stringValue").asString();
		}
		if (value.has("boolValue")) {
			return String.valueOf(value.path("boolValue").asBoolean());
		}
		if (value.has("intValue")) {
			return value.path("intValue").asString();
		}
		if (value.has("doubleValue")) {
			return value.path("doubleValue").asString();
		}
		return value.toString();
	}

	private static @Nullable JsonNode json(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return TestJson.read(text);
		}
		catch (RuntimeException ex) {
			return StringNode.valueOf(text);
		}
	}

	private static Map<String, String> flat(JsonNode object) {
		Map<String, String> map = new LinkedHashMap<>();
		object.properties()
			.forEach((e) -> map.put(e.getKey(),
					e.getValue().isString() ? e.getValue().asString() : e.getValue().toString()));
		return map;
	}

	private static @Nullable JsonNode nullIfMissing(@Nullable JsonNode node) {
		return (node == null || node.isNull() || node.isMissingNode()) ? null : node;
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		return (node == null || node.isNull() || node.isMissingNode()) ? null : node.asString();
	}

	List<Node> ofType(String type) {
		return this.nodes.stream().filter((n) -> n.type().equals(type)).toList();
	}

	Node single(String type, String name) {
		List<Node> found = this.nodes.stream().filter((n) -> n.type().equals(type) && n.name().equals(name)).toList();
		assertThat(found).as("%s '%s' in %s", type, name, this.nodes).hasSize(1);
		return found.get(0);
	}

	Trace trace(String id) {
		List<Trace> found = this.traces.stream().filter((t) -> t.id().equals(id)).toList();
		assertThat(found).as("trace %s in %s", id, this.traces).isNotEmpty();
		return found.get(0);
	}

}
