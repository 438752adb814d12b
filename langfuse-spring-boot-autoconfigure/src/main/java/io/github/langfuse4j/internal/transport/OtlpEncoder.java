package io.github.langfuse4j.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationLevel;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.Usage;

/**
 * Writes OTLP/HTTP JSON ({@code ExportTraceServiceRequest}) the way Langfuse reads it:
 * lowerCamelCase keys, attributes as {@code {key, value}} lists, times as decimal strings
 * of Unix nanoseconds, the prompt version as a JSON number, structured values (input,
 * output, metadata, usage, cost, model parameters) as JSON strings and plain strings raw.
 *
 * <p>
 * Each span is encoded on its own ({@link #encode}), so that requests can be cut by
 * bytes: a request body is {@link #prefix()}, the spans separated by commas, and
 * {@link #suffix()}. Structured values are usually already JSON text
 * ({@link RenderedJson}, made as they entered the span buffer); others are written here,
 * the same way. A value the mapper cannot write is replaced by a placeholder string
 * ({@link RenderedJson#render}), so that the span and its batch still go out.
 */
final class OtlpEncoder {

	/**
	 * The instrumentation scope name the official SDKs use; Langfuse then keeps span
	 * attributes out of metadata.
	 */
	static final String SCOPE_NAME = "langfuse-sdk";

	private static final String OBS = "langfuse.observation.";

	private final JsonMapper mapper;

	private final String environment;

	private final String release;

	private final String serviceName;

	private final byte[] prefix;

	private final byte[] suffix = "]}]}]}".getBytes(StandardCharsets.UTF_8);

	/** The trace body whose attributes {@link #attributes} holds. */
	private TraceBody attributesOf;

	private SerializableString attributes;

	OtlpEncoder(IngestConfig config, JsonMapper mapper) {
		this.mapper = mapper;
		this.environment = config.environment();
		this.release = config.release();
		this.serviceName = config.serviceName();
		this.prefix = writePrefix();
	}

	/** The start of a request body, up to the opening of the spans array. */
	byte[] prefix() {
		return this.prefix;
	}

	/** The end of a request body, after the last span. */
	byte[] suffix() {
		return this.suffix;
	}

	private byte[] writePrefix() {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
		try (JsonGenerator json = this.mapper.createGenerator(buffer)) {
			json.writeStartObject();
			json.writeName("resourceSpans");
			json.writeStartArray();
			json.writeStartObject();
			json.writeName("resource");
			json.writeStartObject();
			json.writeName("attributes");
			json.writeStartArray();
			string(json, "service.name", this.serviceName);
			string(json, "langfuse.environment", this.environment);
			string(json, "langfuse.release", this.release);
			json.writeEndArray();
			json.writeEndObject();
			json.writeName("scopeSpans");
			json.writeStartArray();
			json.writeStartObject();
			json.writeName("scope");
			json.writeStartObject();
			json.writeStringProperty("name", SCOPE_NAME);
			json.writeStringProperty("version", SdkVersion.VALUE);
			json.writeEndObject();
			json.writeName("spans");
			json.writeStartArray();
			// the generator would close the open scopes; the suffix does that
			json.flush();
			return buffer.toByteArray();
		}
	}

	/**
	 * Encodes one span as a JSON object.
	 * @param span the span
	 * @return its JSON bytes
	 */
	byte[] encode(OtlpSpan span) {
		// a fresh buffer: this serves the shrinker, whose spans are large; a kept buffer
		// would keep their size
		ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
		write(span, out);
		return out.toByteArray();
	}

	/**
	 * Writes one span as a JSON object to {@code out}, as {@link #encode} does.
	 * @param span the span
	 * @param out where to write it
	 */
	void write(OtlpSpan span, OutputStream out) {
		try (JsonGenerator json = this.mapper.createGenerator(out)) {
			json.writeStartObject();
			json.writeStringProperty("traceId", span.traceId());
			json.writeStringProperty("spanId", span.spanId());
			if (span.parentSpanId() != null) {
				json.writeStringProperty("parentSpanId", span.parentSpanId());
			}
			json.writeStringProperty("name", span.name());
			json.writeNumberProperty("kind", 1);
			json.writeStringProperty("startTimeUnixNano", nanos(span.start()));
			json.writeStringProperty("endTimeUnixNano", nanos(span.end()));
			json.writeName("attributes");
			json.writeStartArray();
			ObservationBody observation = span.observation();
			TraceBody trace = span.trace();
			boolean carriesTrace = span.carriesTrace();
			string(json, OBS + "type", span.type());
			traceAttributes(json, trace);
			if (carriesTrace) {
				// only the span that represents the trace: v4 merges trace metadata over
				// each row's own metadata, and reads every span's langfuse.version as the
				// trace's version too
				metadata(json, "langfuse.trace.metadata", trace.metadata());
			}
			String version = (observation != null) ? observation.version() : null;
			if (version == null && carriesTrace) {
				version = trace.version();
			}
			string(json, "langfuse.version", version);
			String release = (trace != null && trace.release() != null) ? trace.release() : this.release;
			string(json, "langfuse.release", release);
			String environment = (observation != null) ? observation.environment() : null;
			if (environment == null && trace != null) {
				environment = trace.environment();
			}
			string(json, "langfuse.environment", (environment != null) ? environment : this.environment);
			if (observation != null) {
				observationAttributes(json, observation, span.type());
				if (carriesTrace) {
					// a lone observation is its trace's root: its input and output are
					// the trace's
					value(json, OBS + "input", (observation.input() == null) ? trace.input() : null);
					value(json, OBS + "output", (observation.output() == null) ? trace.output() : null);
				}
			}
			else {
				value(json, OBS + "input", trace.input());
				value(json, OBS + "output", trace.output());
			}
			json.writeEndArray();
			json.writeName("status");
			json.writeStartObject();
			if (observation != null && observation.level() == ObservationLevel.ERROR) {
				json.writeNumberProperty("code", 2);
				if (observation.statusMessage() != null) {
					json.writeStringProperty("message", observation.statusMessage());
				}
			}
			json.writeEndObject();
			json.writeEndObject();
		}
	}

	/**
	 * Writes the trace attributes that every span of a trace repeats (all but the
	 * metadata, the version and the input and output, which only the span that represents
	 * the trace carries). They are encoded once per trace body (the assembler hands the
	 * spans of a trace the same body) and written as one raw value: the generator puts
	 * the separating commas around it like around any attribute.
	 */
	private void traceAttributes(JsonGenerator json, TraceBody trace) {
		if (trace == null) {
			return;
		}
		if (trace != this.attributesOf) {
			this.attributes = encodeTraceAttributes(trace);
			this.attributesOf = trace;
		}
		if (this.attributes != null) {
			json.writeRawValue(this.attributes);
		}
	}

	/**
	 * The trace attributes as JSON objects separated by commas, or {@code null} if there
	 * are none.
	 */
	private SerializableString encodeTraceAttributes(TraceBody trace) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(512);
		try (JsonGenerator json = this.mapper.createGenerator(out)) {
			json.writeStartArray();
			writeTraceAttributes(json, trace);
			json.writeEndArray();
		}
		String array = out.toString(StandardCharsets.UTF_8);
		return (array.length() > 2) ? new SerializedString(array.substring(1, array.length() - 1)) : null;
	}

	private void writeTraceAttributes(JsonGenerator json, TraceBody trace) {
		string(json, "langfuse.trace.name", trace.name());
		string(json, "user.id", trace.userId());
		string(json, "session.id", trace.sessionId());
		if (trace.tags() != null && !trace.tags().isEmpty()) {
			json.writeStartObject();
			json.writeStringProperty("key", "langfuse.trace.tags");
			json.writeName("value");
			json.writeStartObject();
			json.writeName("arrayValue");
			json.writeStartObject();
			json.writeName("values");
			json.writeStartArray();
			for (String tag : trace.tags()) {
				json.writeStartObject();
				json.writeStringProperty("stringValue", tag);
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
			json.writeEndObject();
			json.writeEndObject();
		}
		if (trace.isPublic() != null) {
			json.writeStartObject();
			json.writeStringProperty("key", "langfuse.trace.public");
			json.writeName("value");
			json.writeStartObject();
			json.writeBooleanProperty("boolValue", trace.isPublic());
			json.writeEndObject();
			json.writeEndObject();
		}
	}

	private void observationAttributes(JsonGenerator json, ObservationBody body, String type) {
		if (body.level() != null) {
			string(json, OBS + "level", body.level().name());
		}
		string(json, OBS + "status_message", body.statusMessage());
		string(json, OBS + "model.name", body.model());
		if (body.modelParameters() != null) {
			string(json, OBS + "model.parameters", toJson(body.modelParameters()));
		}
		Map<String, ?> usage = usageDetails(body);
		if (usage != null) {
			string(json, OBS + "usage_details", toJson(usage));
		}
		Map<String, Double> cost = costDetails(body);
		if (cost != null) {
			string(json, OBS + "cost_details", toJson(cost));
		}
		if (body.completionStartTime() != null) {
			string(json, OBS + "completion_start_time", body.completionStartTime().toString());
		}
		if (ObservationType.GENERATION.wireName().equals(type) && body.promptName() != null) {
			string(json, OBS + "prompt.name", body.promptName());
			json.writeStartObject();
			json.writeStringProperty("key", OBS + "prompt.version");
			json.writeName("value");
			json.writeStartObject();
			json.writeNumberProperty("intValue", body.promptVersion());
			json.writeEndObject();
			json.writeEndObject();
		}
		value(json, OBS + "input", body.input());
		value(json, OBS + "output", body.output());
		metadata(json, OBS + "metadata", body.metadata());
	}

	/**
	 * Usage from {@code usageDetails}, or else input, output and total of {@code usage}.
	 */
	private static Map<String, ?> usageDetails(ObservationBody body) {
		if (body.usageDetails() != null) {
			return body.usageDetails();
		}
		Usage usage = body.usage();
		if (usage == null) {
			return null;
		}
		Map<String, Integer> details = new LinkedHashMap<>();
		putIfPresent(details, "input", usage.input());
		putIfPresent(details, "output", usage.output());
		putIfPresent(details, "total", usage.total());
		return details.isEmpty() ? null : details;
	}

	/** Cost from {@code costDetails}, or else the costs of {@code usage}. */
	private static Map<String, Double> costDetails(ObservationBody body) {
		if (body.costDetails() != null) {
			return body.costDetails();
		}
		Usage usage = body.usage();
		if (usage == null) {
			return null;
		}
		Map<String, Double> details = new LinkedHashMap<>();
		putIfPresent(details, "input", usage.inputCost());
		putIfPresent(details, "output", usage.outputCost());
		putIfPresent(details, "total", usage.totalCost());
		return details.isEmpty() ? null : details;
	}

	private static <V> void putIfPresent(Map<String, V> map, String key, V value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	/**
	 * A map becomes one attribute per top-level key (strings raw, others JSON). Anything
	 * else becomes the JSON object {@code {"metadata": value}} under the prefix itself,
	 * which the server parses and merges at the top level: it stores {@code {"metadata":
	 * value}}, as the ingestion endpoint does for metadata that is not an object (a raw
	 * string would fail the server's JSON parse and be dropped; a list would become an
	 * object keyed by index).
	 */
	private void metadata(JsonGenerator json, String key, Object metadata) {
		if (metadata == null) {
			return;
		}
		if (metadata instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (entry.getKey() != null && entry.getValue() != null) {
					value(json, key + "." + entry.getKey(), entry.getValue());
				}
			}
		}
		else {
			Object rendered = RenderedJson.render(this.mapper, metadata);
			String value = (rendered instanceof RenderedJson text) ? text.json()
					: this.mapper.writeValueAsString(rendered);
			string(json, key, "{\"metadata\":" + value + "}");
		}
	}

	/** A string raw, anything else as a JSON string. */
	private void value(JsonGenerator json, String key, Object value) {
		if (value == null) {
			return;
		}
		string(json, key, (value instanceof String text) ? text : toJson(value));
	}

	/**
	 * The value's JSON text: as rendered when it entered the span buffer, or written now.
	 * A value the mapper cannot write becomes a placeholder
	 * ({@link RenderedJson#render}).
	 */
	private String toJson(Object value) {
		Object rendered = RenderedJson.render(this.mapper, value);
		return (rendered instanceof RenderedJson json) ? json.json() : (String) rendered;
	}

	private static void string(JsonGenerator json, String key, String value) {
		if (value == null) {
			return;
		}
		json.writeStartObject();
		json.writeStringProperty("key", key);
		json.writeName("value");
		json.writeStartObject();
		json.writeName("stringValue");
		// inputs, outputs and JSON text: most of a request's bytes
		JsonStrings.write(json, value);
		json.writeEndObject();
		json.writeEndObject();
	}

	/** Unix nanoseconds as a decimal string. */
	static String nanos(Instant instant) {
		return Long
			.toString(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano()));
	}

}
