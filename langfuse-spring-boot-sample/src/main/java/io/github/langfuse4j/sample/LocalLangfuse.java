package io.github.langfuse4j.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for Langfuse, started inside the sample on a free loopback port when no keys
 * are configured. It accepts both of Langfuse's write endpoints (OTLP traces and the
 * ingestion batch API), answers like Langfuse does, and keeps what it received so that
 * the sample can print it.
 */
final class LocalLangfuse implements AutoCloseable {

	static final String PUBLIC_KEY = "pk-lf-local-demo";

	static final String SECRET_KEY = "sk-lf-local-demo";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((r) -> {
		Thread thread = new Thread(r, "local-langfuse");
		thread.setDaemon(true);
		return thread;
	});

	private final List<ReceivedObservation> observations = new CopyOnWriteArrayList<>();

	private final List<ReceivedScore> scores = new CopyOnWriteArrayList<>();

	private final Map<String, ReceivedObservation.TraceInfo> ingestedTraces = new ConcurrentHashMap<>();

	LocalLangfuse() throws IOException {
		System.setProperty("sun.net.httpserver.nodelay", "true");
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/api/public/otel/v1/traces", (exchange) -> handle(exchange, this::otlp));
		this.server.createContext("/api/public/ingestion", (exchange) -> handle(exchange, this::ingestion));
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/** The base URL to use as {@code langfuse.host}. */
	String url() {
		return "http://" + this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort();
	}

	List<ReceivedObservation> observations() {
		return List.copyOf(this.observations);
	}

	List<ReceivedScore> scores() {
		return List.copyOf(this.scores);
	}

	/**
	 * Trace-level data received through {@code trace-create} events (ingestion protocol).
	 */
	ReceivedObservation.TraceInfo ingestedTrace(String traceId) {
		return this.ingestedTraces.get(traceId);
	}

	private void handle(HttpExchange exchange, Handler handler) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			String answer;
			int status;
			try {
				JsonNode body = JSON.readTree(in.readAllBytes());
				answer = handler.handle(body);
				status = exchange.getRequestURI().getPath().endsWith("/ingestion") ? 207 : 200;
			}
			catch (RuntimeException ex) {
				answer = "{\"error\":\"" + ex.getClass().getSimpleName() + "\"}";
				status = 400;
			}
			byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private String otlp(JsonNode request) {
		for (JsonNode resourceSpans : request.path("resourceSpans")) {
			for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
				for (JsonNode span : scopeSpans.path("spans")) {
					this.observations.add(fromSpan(span));
				}
			}
		}
		return "{}";
	}

	private static ReceivedObservation fromSpan(JsonNode span) {
		Map<String, JsonNode> attributes = new java.util.HashMap<>();
		for (JsonNode attribute : span.path("attributes")) {
			attributes.put(attribute.path("key").asString(), attribute.path("value"));
		}
		JsonNode usage = parse(text(attributes.get("langfuse.observation.usage_details")));
		JsonNode cost = parse(text(attributes.get("langfuse.observation.cost_details")));
		String parent = span.path("parentSpanId").asString("");
		ReceivedObservation.TraceInfo trace = new ReceivedObservation.TraceInfo(
				text(attributes.get("langfuse.trace.name")), text(attributes.get("user.id")),
				text(attributes.get("session.id")), tags(attributes.get("langfuse.trace.tags")));
		return new ReceivedObservation(span.path("traceId").asString(), span.path("spanId").asString(),
				parent.isEmpty() ? null : parent, span.path("name").asString(),
				text(attributes.get("langfuse.observation.type")), nanosToMillis(span.path("startTimeUnixNano")),
				nanosToMillis(span.path("endTimeUnixNano")), text(attributes.get("langfuse.observation.model.name")),
				number(usage, "input"), number(usage, "output"), number(usage, "input_cache_read"),
				(cost != null && cost.has("total")) ? cost.path("total").asDouble() : null,
				level(text(attributes.get("langfuse.observation.level"))),
				text(attributes.get("langfuse.observation.status_message")), trace);
	}

	private String ingestion(JsonNode request) {
		StringBuilder successes = new StringBuilder();
		for (JsonNode event : request.path("batch")) {
			String type = event.path("type").asString();
			JsonNode body = event.path("body");
			if (type.equals("score-create")) {
				this.scores.add(new ReceivedScore(body.path("traceId").asString(null),
						body.path("observationId").asString(null), body.path("name").asString(),
						body.path("value").asString(), body.path("comment").asString(null)));
			}
			else if (type.equals("trace-create")) {
				this.ingestedTraces.put(body.path("id").asString(),
						new ReceivedObservation.TraceInfo(body.path("name").asString(null),
								body.path("userId").asString(null), body.path("sessionId").asString(null),
								joined(body.path("tags"))));
			}
			else if (type.endsWith("-create") || type.endsWith("-update")) {
				this.observations.add(fromIngestion(type, body));
			}
			successes.append((successes.length() > 0) ? "," : "")
				.append("{\"id\":\"")
				.append(event.path("id").asString())
				.append("\",\"status\":201}");
		}
		return "{\"successes\":[" + successes + "],\"errors\":[]}";
	}

	private static ReceivedObservation fromIngestion(String type, JsonNode body) {
		long start = isoToMillis(body.path("startTime").asString(null));
		String end = body.path("endTime").asString(null);
		JsonNode usage = body.has("usageDetails") ? body.path("usageDetails") : body.path("usage");
		return new ReceivedObservation(body.path("traceId").asString(), body.path("id").asString(),
				body.path("parentObservationId").asString(null), body.path("name").asString(),
				type.substring(0, type.indexOf('-')), start, (end != null) ? isoToMillis(end) : start,
				body.path("model").asString(null), number(usage, "input"), number(usage, "output"),
				number(usage, "input_cache_read"),
				body.path("costDetails").has("total") ? body.path("costDetails").path("total").asDouble() : null,
				level(body.path("level").asString(null)), body.path("statusMessage").asString(null), null);
	}

	private static String text(JsonNode value) {
		if (value == null) {
			return null;
		}
		if (value.has("stringValue")) {
			return value.path("stringValue").asString();
		}
		if (value.has("intValue")) {
			return value.path("intValue").asString();
		}
		return null;
	}

	private static String tags(JsonNode value) {
		return (value != null) ? joined(value.path("arrayValue").path("values")) : null;
	}

	private static String joined(JsonNode array) {
		List<String> parts = new ArrayList<>();
		for (Iterator<JsonNode> it = array.iterator(); it.hasNext();) {
			JsonNode item = it.next();
			parts.add(item.has("stringValue") ? item.path("stringValue").asString() : item.asString());
		}
		return parts.isEmpty() ? null : String.join(", ", parts);
	}

	private static JsonNode parse(String json) {
		try {
			return (json != null) ? JSON.readTree(json) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static Long number(JsonNode node, String field) {
		return (node != null && node.has(field)) ? node.path(field).asLong() : null;
	}

	private static String level(String level) {
		return (level == null || level.equals("DEFAULT")) ? null : level;
	}

	private static long nanosToMillis(JsonNode nanos) {
		return new BigInteger(nanos.asString("0")).divide(BigInteger.valueOf(1_000_000)).longValue();
	}

	private static long isoToMillis(String iso) {
		return (iso != null) ? Instant.parse(iso).toEpochMilli() : 0;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	@FunctionalInterface
	private interface Handler {

		String handle(JsonNode body);

	}

}
