package io.github.langfuse4j.internal.transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.TestJson;

/** Reads the spans of recorded OTLP requests. */
final class SpanJson {

	private SpanJson() {
	}

	/** Every span of every OTLP request, in arrival order. */
	static List<Span> spans(LoopbackServer server) {
		List<Span> spans = new ArrayList<>();
		for (LoopbackServer.Recorded request : server.requests(LoopbackServer.OTLP)) {
			spans.addAll(spans(request));
		}
		return spans;
	}

	static List<Span> spans(LoopbackServer.Recorded request) {
		List<Span> spans = new ArrayList<>();
		for (JsonNode resourceSpans : TestJson.read(request.body()).path("resourceSpans")) {
			for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
				for (JsonNode span : scopeSpans.path("spans")) {
					spans.add(new Span(span));
				}
			}
		}
		return spans;
	}

	static Span byName(List<Span> spans, String name) {
		return spans.stream()
			.filter((s) -> s.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no span named " + name + " in " + spans));
	}

	/** Attribute key to its AnyValue node, in order. */
	static Map<String, JsonNode> attributes(JsonNode attributes) {
		Map<String, JsonNode> map = new LinkedHashMap<>();
		for (JsonNode attribute : attributes) {
			map.put(attribute.path("key").asString(), attribute.path("value"));
		}
		return map;
	}

	/** One span of a request. */
	record Span(JsonNode node) {

		String traceId() {
			return this.node.path("traceId").asString();
		}

		String spanId() {
			return this.node.path("spanId").asString();
		}

		String parentSpanId() {
			JsonNode parent = this.node.get("parentSpanId");
			return (parent != null) ? parent.asString() : null;
		}

		String name() {
			return this.node.path("name").asString();
		}

		Map<String, JsonNode> attributes() {
			return SpanJson.attributes(this.node.path("attributes"));
		}

		/** The stringValue of an attribute, or {@code null} when absent. */
		String string(String key) {
			JsonNode value = attributes().get(key);
			return (value != null) ? value.path("stringValue").asString() : null;
		}

		@Override
		public String toString() {
			return this.node.toString();
		}

	}

}
