package io.github.langfuse4j.internal.transport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.internal.json.LangfuseJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the OTLP encoder's trace attributes, which it encodes once per trace body.
 */
class OtlpEncoderTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final JsonMapper mapper = LangfuseJson.mapper();

	private final OtlpEncoder encoder = new OtlpEncoder(
			IngestConfig.builder().host("http://127.0.0.1:9").publicKey("pk").secretKey("sk").build(), this.mapper);

	@Test
	void everySpanCarriesTheAttributesOfItsOwnTrace() {
		TraceBody alice = TraceBody.builder("a")
			.name("chat")
			.userId("alice")
			.tags("x", "y")
			.metadata(Map.of("tenant", "acme"))
			.build();
		TraceBody bob = TraceBody.builder("b").name("search").userId("bob").build();
		TraceBody bare = TraceBody.builder("c").build();
		List<OtlpSpan> spans = List.of(span("1", alice), span("2", bob), span("3", alice), span("4", bare),
				span("5", null), span("6", bob));
		List<JsonNode> written = new ArrayList<>();
		for (OtlpSpan span : spans) {
			written.add(this.mapper.readTree(this.encoder.encode(span)));
		}
		assertThat(attribute(written.get(0), "user.id")).isEqualTo("alice");
		assertThat(attribute(written.get(0), "langfuse.trace.name")).isEqualTo("chat");
		assertThat(attribute(written.get(0), "langfuse.trace.metadata.tenant")).isEqualTo("acme");
		assertThat(attribute(written.get(0), "langfuse.trace.tags")).isEqualTo("[x, y]");
		assertThat(attribute(written.get(1), "user.id")).isEqualTo("bob");
		assertThat(attribute(written.get(1), "langfuse.trace.tags")).isNull();
		assertThat(attribute(written.get(2), "user.id")).isEqualTo("alice");
		assertThat(attribute(written.get(3), "user.id")).isNull();
		assertThat(attribute(written.get(3), "langfuse.trace.name")).isNull();
		assertThat(attribute(written.get(4), "user.id")).isNull();
		assertThat(attribute(written.get(5), "user.id")).isEqualTo("bob");
		// the attributes around the trace's are all still there, once each
		for (JsonNode span : written) {
			assertThat(attribute(span, "langfuse.observation.type")).isEqualTo("span");
			assertThat(attribute(span, "langfuse.observation.input")).isEqualTo("question");
			List<String> keys = new ArrayList<>();
			span.path("attributes").forEach((attribute) -> keys.add(attribute.path("key").asString()));
			assertThat(keys).doesNotHaveDuplicates();
		}
	}

	private static OtlpSpan span(String id, TraceBody trace) {
		ObservationBody body = ObservationBody.builder(id)
			.traceId("t")
			.startTime(T0)
			.endTime(T0)
			.input("question")
			.build();
		return new OtlpSpan("4bf92f3577b34da6a3ce929d0e0e4736", "00000000000000" + id + "a", null, "s", "span", T0, T0,
				body, trace, 1);
	}

	/**
	 * The attribute's string value, its array values joined as a list, or {@code null} if
	 * absent.
	 */
	private static String attribute(JsonNode span, String key) {
		for (JsonNode attribute : span.path("attributes")) {
			if (attribute.path("key").asString().equals(key)) {
				JsonNode value = attribute.path("value");
				if (value.has("arrayValue")) {
					List<String> values = new ArrayList<>();
					value.path("arrayValue")
						.path("values")
						.forEach((element) -> values.add(element.path("stringValue").asString()));
					return values.toString();
				}
				return value.path("stringValue").asString();
			}
		}
		return null;
	}

}
