package io.github.langfuse4j.internal.transport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.internal.transport.OtlpExportTest.assertBalanced;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.at;
import static io.github.langfuse4j.internal.transport.OtlpExportTest.config;
import static io.github.langfuse4j.internal.transport.SpanJson.byName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of what a trace becomes over OTLP (issue 11): root span ids unique per
 * exporter and root, continued traces losing nothing, trace metadata and version only on
 * the span that represents the trace, metadata that is not a map stored as
 * {@code {"metadata": value}}, lone observations as their trace's root, unnamed traces
 * without a name, and the root's timing.
 */
class OtlpTraceShapeTest {

	private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

	private final LoopbackServer server = new LoopbackServer();

	@AfterEach
	void stop() {
		this.server.close();
	}

	private static TraceCreate traceCreate(String envelopeId, Instant at, TraceBody body) {
		return new TraceCreate(envelopeId, at, body);
	}

	private static List<SpanJson.Span> roots(List<SpanJson.Span> spans) {
		return spans.stream().filter((s) -> s.parentSpanId() == null).toList();
	}

	/**
	 * Item 1: two exporters continue one trace; no span id repeats and nothing either
	 * side set is lost.
	 */
	@Test
	void twoExportersContinuingOneTraceClashNowhereAndLoseNothing() {
		try (LangfuseIngest first = LangfuseIngest.create(config(this.server).build());
				LangfuseIngest second = LangfuseIngest.create(config(this.server).build())) {
			first.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("a-step")
						.traceId(TRACE)
						.name("a-step")
						.startTime(at(10))
						.endTime(at(20))
						.build()));
			first.enqueue(traceCreate("e-1", at(100),
					TraceBody.builder(TRACE)
						.timestamp(at(0))
						.name("checkout")
						.sessionId("session-7")
						.tags("beta")
						.metadata(Map.of("tenant", "acme"))
						.input("question")
						.build()));
			second.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("b-step")
						.traceId(TRACE)
						.name("b-step")
						.startTime(at(210))
						.endTime(at(220))
						.build()));
			second.enqueue(traceCreate("e-2", at(300),
					TraceBody.builder(TRACE).timestamp(at(200)).userId("user-9").output("answer").build()));
			assertThat(first.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(second.flush(Duration.ofSeconds(30))).isTrue();

			List<SpanJson.Span> spans = SpanJson.spans(this.server);
			assertThat(spans).hasSize(4);
			assertThat(spans).extracting(SpanJson.Span::spanId).doesNotHaveDuplicates();
			assertContinuedTraceKeepsEverything(spans, "checkout");
			assertBalanced(first.stats());
			assertBalanced(second.stats());
		}
	}

	/**
	 * What v4 keeps (langfuse-otlp-api.md 5.7): name, user, session, tags, release,
	 * version, environment = latest non-empty value of any row; input, output, metadata =
	 * a row without parent. Each field one side set is on a span where it counts, and no
	 * span carries an empty value for it that would hide it.
	 */
	static void assertContinuedTraceKeepsEverything(List<SpanJson.Span> spans, String name) {
		List<SpanJson.Span> roots = roots(spans);
		assertThat(roots).hasSize(2);
		assertThat(spans).anySatisfy((s) -> assertThat(s.string("session.id")).isEqualTo("session-7"));
		assertThat(spans).anySatisfy((s) -> assertThat(s.string("user.id")).isEqualTo("user-9"));
		assertThat(spans).anySatisfy((s) -> assertThat(s.string("langfuse.trace.name")).isEqualTo(name));
		assertThat(spans).anySatisfy((s) -> assertThat(s.attributes().get("langfuse.trace.tags").toString())
			.isEqualTo("{\"arrayValue\":{\"values\":[{\"stringValue\":\"beta\"}]}}"));
		for (SpanJson.Span span : spans) {
			for (String key : List.of("session.id", "user.id", "langfuse.trace.name")) {
				assertThat(span.string(key)).as(key + " of " + span).isNotEqualTo("");
			}
			// an unnamed root must not name the trace: v4 falls back to a root row's name
			// only without a trace name
			assertThat(span.name()).isNotEqualTo("trace");
		}
		assertThat(roots).anySatisfy((r) -> {
			assertThat(r.string("langfuse.observation.input")).isEqualTo("question");
			assertThat(r.string("langfuse.trace.metadata.tenant")).isEqualTo("acme");
		});
		assertThat(roots).anySatisfy((r) -> assertThat(r.string("langfuse.observation.output")).isEqualTo("answer"));
	}

	/**
	 * Item 1: a trace-create after the root was exported becomes a further root of its
	 * own, not rejected.
	 */
	@Test
	void aLateTraceCreateBecomesAFurtherRoot() {
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			ingest.enqueue(traceCreate("e-1", at(50),
					TraceBody.builder(TRACE)
						.timestamp(at(0))
						.name("order")
						.tags("a")
						.metadata(Map.of("k", "v"))
						.input("in")
						.build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			ingest.enqueue(traceCreate("e-2", at(900), TraceBody.builder(TRACE).tags("b").output("out").build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();

			List<SpanJson.Span> spans = SpanJson.spans(this.server);
			assertThat(spans).hasSize(2);
			assertThat(spans).extracting(SpanJson.Span::spanId).doesNotHaveDuplicates();
			SpanJson.Span late = spans.get(1);
			assertThat(late.parentSpanId()).isNull();
			assertThat(late.string("langfuse.observation.output")).isEqualTo("out");
			assertThat(late.attributes()).doesNotContainKey("langfuse.observation.input");
			assertThat(late.string("langfuse.trace.name")).isEqualTo("order");
			assertThat(late.string("langfuse.trace.metadata.k")).isEqualTo("v");
			assertThat(late.attributes().get("langfuse.trace.tags").toString())
				.isEqualTo("{\"arrayValue\":{\"values\":[{\"stringValue\":\"a\"},{\"stringValue\":\"b\"}]}}");
			assertThat(late.node().path("endTimeUnixNano").asString()).isEqualTo(OtlpEncoder.nanos(at(900)));
			IngestStats stats = ingest.stats();
			assertThat(stats.sent()).isEqualTo(2);
			assertThat(stats.rejected()).isZero();
			assertBalanced(stats);
		}
	}

	/**
	 * Item 2 and 5: trace metadata and the trace's version only on its root; observations
	 * keep their own.
	 */
	@Test
	void traceMetadataAndVersionOnlyOnTheRoot() {
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("plain")
						.traceId(TRACE)
						.name("plain")
						.startTime(at(1))
						.endTime(at(2))
						.metadata(Map.of("k", "mine"))
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.GENERATION,
					ObservationBody.builder("versioned")
						.traceId(TRACE)
						.name("versioned")
						.startTime(at(1))
						.endTime(at(3))
						.version("obs-2")
						.build()));
			ingest.enqueue(TraceCreate.of(TraceBody.builder(TRACE)
				.timestamp(at(0))
				.name("t")
				.version("app-1")
				.metadata(Map.of("k", "trace", "tenant", "acme"))
				.build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();

			List<SpanJson.Span> spans = SpanJson.spans(this.server);
			SpanJson.Span plain = byName(spans, "plain");
			assertThat(plain.string("langfuse.observation.metadata.k")).isEqualTo("mine");
			assertThat(plain.attributes().keySet()).noneMatch((k) -> k.startsWith("langfuse.trace.metadata"));
			assertThat(plain.attributes()).doesNotContainKey("langfuse.version");
			assertThat(plain.string("langfuse.trace.name")).isEqualTo("t");
			SpanJson.Span versioned = byName(spans, "versioned");
			assertThat(versioned.string("langfuse.version")).isEqualTo("obs-2");
			assertThat(versioned.attributes().keySet()).noneMatch((k) -> k.startsWith("langfuse.trace.metadata"));
			SpanJson.Span root = byName(spans, "t");
			assertThat(root.string("langfuse.version")).isEqualTo("app-1");
			assertThat(root.string("langfuse.trace.metadata.k")).isEqualTo("trace");
			assertThat(root.string("langfuse.trace.metadata.tenant")).isEqualTo("acme");
			// no resource fallback (service.version) that the server would read as every
			// span's version
			JsonNode resource = TestJson.read(this.server.requests(LoopbackServer.OTLP).get(0).body())
				.path("resourceSpans")
				.get(0)
				.path("resource");
			assertThat(SpanJson.attributes(resource.path("attributes"))).doesNotContainKey("service.version");
		}
	}

	/**
	 * Item 3: metadata that is not a map is sent as the JSON object {"metadata": value},
	 * as ingestion stores it.
	 */
	@Test
	void metadataThatIsNotAMapIsSentUnderTheKeyMetadata() {
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("text")
						.traceId(TRACE)
						.name("text")
						.startTime(at(1))
						.endTime(at(2))
						.metadata("plain note")
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("list")
						.traceId(TRACE)
						.name("list")
						.startTime(at(1))
						.endTime(at(2))
						.metadata(List.of("a", 1))
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("number")
						.traceId(TRACE)
						.name("number")
						.startTime(at(1))
						.endTime(at(2))
						.metadata(42)
						.build()));
			ingest.enqueue(TraceCreate
				.of(TraceBody.builder(TRACE).timestamp(at(0)).name("t").metadata(List.of("x", "y")).build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();

			List<SpanJson.Span> spans = SpanJson.spans(this.server);
			assertThat(byName(spans, "text").string("langfuse.observation.metadata"))
				.isEqualTo("{\"metadata\":\"plain note\"}");
			assertThat(byName(spans, "list").string("langfuse.observation.metadata"))
				.isEqualTo("{\"metadata\":[\"a\",1]}");
			assertThat(byName(spans, "number").string("langfuse.observation.metadata")).isEqualTo("{\"metadata\":42}");
			assertThat(byName(spans, "t").string("langfuse.trace.metadata")).isEqualTo("{\"metadata\":[\"x\",\"y\"]}");
		}
	}

	/**
	 * Item 3, ingestion protocol: the value goes as it is; the server stores {"metadata":
	 * value}.
	 */
	@Test
	void metadataThatIsNotAMapGoesAsItIsInIngestion() {
		IngestConfig config = config(this.server).protocol(IngestConfig.Protocol.INGESTION).build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("text")
						.traceId(TRACE)
						.name("text")
						.startTime(at(1))
						.endTime(at(2))
						.metadata("plain note")
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("list")
						.traceId(TRACE)
						.name("list")
						.startTime(at(1))
						.endTime(at(2))
						.metadata(List.of("a", 1))
						.build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			JsonNode batch = TestJson.read(this.server.requests(LoopbackServer.INGESTION).get(0).body()).path("batch");
			assertThat(batch.get(0).path("body").path("metadata").toString()).isEqualTo("\"plain note\"");
			assertThat(batch.get(1).path("body").path("metadata").toString()).isEqualTo("[\"a\",1]");
		}
	}

	/**
	 * Item 8a: a trace whose root is a lone observation becomes that observation's span,
	 * nothing more.
	 */
	@Test
	void aLoneObservationIsItsTracesRoot() {
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			ingest.enqueue(IngestionEvent.observation(ObservationType.GENERATION,
					ObservationBody.builder("lone")
						.traceId(TRACE)
						.name("ask")
						.startTime(at(5))
						.endTime(at(80))
						.model("m")
						.input("q")
						.output("a")
						.metadata(Map.of("own", "1"))
						.build()));
			ingest.enqueue(IngestionEvent.observation(ObservationType.TOOL,
					ObservationBody.builder("child")
						.traceId(TRACE)
						.parentObservationId("lone")
						.name("child")
						.startTime(at(6))
						.endTime(at(7))
						.build()));
			ingest.enqueue(traceCreate("e-1", at(80),
					TraceBody.builder(TRACE)
						.timestamp(at(5))
						.name("ask")
						.userId("u")
						.metadata(Map.of("tenant", "acme"))
						.input("q")
						.output("a")
						.rootObservationId("lone")
						.build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();

			List<SpanJson.Span> spans = SpanJson.spans(this.server);
			assertThat(spans).hasSize(2);
			SpanJson.Span root = byName(spans, "ask");
			assertThat(root.spanId()).isEqualTo(OtlpIds.spanId("lone"));
			assertThat(root.parentSpanId()).isNull();
			assertThat(root.string("langfuse.observation.type")).isEqualTo("generation");
			assertThat(root.string("langfuse.observation.model.name")).isEqualTo("m");
			assertThat(root.string("langfuse.trace.name")).isEqualTo("ask");
			assertThat(root.string("user.id")).isEqualTo("u");
			assertThat(root.string("langfuse.trace.metadata.tenant")).isEqualTo("acme");
			assertThat(root.string("langfuse.observation.metadata.own")).isEqualTo("1");
			assertThat(root.string("langfuse.observation.input")).isEqualTo("q");
			assertThat(root.string("langfuse.observation.output")).isEqualTo("a");
			assertThat(root.node().path("startTimeUnixNano").asString()).isEqualTo(OtlpEncoder.nanos(at(5)));
			assertThat(root.node().path("endTimeUnixNano").asString()).isEqualTo(OtlpEncoder.nanos(at(80)));
			assertThat(byName(spans, "child").parentSpanId()).isEqualTo(root.spanId());
			IngestStats stats = ingest.stats();
			assertThat(stats.sent()).isEqualTo(3);
			assertBalanced(stats);
		}
	}

	/** Item 8a, ingestion protocol: the root observation is never written to the wire. */
	@Test
	void theRootObservationIsNotSentInIngestion() {
		IngestConfig config = config(this.server).protocol(IngestConfig.Protocol.INGESTION).build();
		try (LangfuseIngest ingest = LangfuseIngest.create(config)) {
			ingest.enqueue(
					traceCreate("e-1", at(80), TraceBody.builder(TRACE).name("ask").rootObservationId("lone").build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			JsonNode body = TestJson.read(this.server.requests(LoopbackServer.INGESTION).get(0).body())
				.path("batch")
				.get(0)
				.path("body");
			assertThat(body.toString()).isEqualTo("{\"id\":\"" + TRACE + "\",\"name\":\"ask\"}");
		}
	}

	/**
	 * Item 8b and 8c: an unnamed trace gets no name; the root lasts from the trace's
	 * start to its end event.
	 */
	@Test
	void anUnnamedTraceAcquiresNoNameAndTheRootKeepsTheTracesTiming() {
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
					ObservationBody.builder("step")
						.traceId(TRACE)
						.name("step")
						.startTime(at(10))
						.endTime(at(20))
						.build()));
			ingest.enqueue(traceCreate("e-1", at(500), TraceBody.builder(TRACE).timestamp(at(0)).userId("u").build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();

			List<SpanJson.Span> spans = SpanJson.spans(this.server);
			SpanJson.Span root = roots(spans).get(0);
			assertThat(root.name()).isEmpty();
			assertThat(spans).allSatisfy((s) -> assertThat(s.attributes()).doesNotContainKey("langfuse.trace.name"));
			assertThat(root.node().path("startTimeUnixNano").asString()).isEqualTo(OtlpEncoder.nanos(at(0)));
			assertThat(root.node().path("endTimeUnixNano").asString()).isEqualTo(OtlpEncoder.nanos(at(500)));
		}
	}

	/**
	 * Item 8c: an end event earlier than the trace's start does not end the root before
	 * it starts.
	 */
	@Test
	void theRootNeverEndsBeforeItStarts() {
		try (LangfuseIngest ingest = LangfuseIngest.create(config(this.server).build())) {
			ingest.enqueue(traceCreate("e-1", at(0), TraceBody.builder(TRACE).timestamp(at(100)).name("t").build()));
			assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			SpanJson.Span root = SpanJson.spans(this.server).get(0);
			assertThat(root.node().path("endTimeUnixNano").asString()).isEqualTo(OtlpEncoder.nanos(at(100)));
		}
	}

}
