package io.github.langfuse4j.internal.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.LangfuseMasker;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.LenientValue;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationLevel;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.internal.worker.IngestTestSupport.assertAccounted;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LangfuseMasker}s on the exporter: every field kind in both protocols, on the
 * worker thread, in order, failing closed; the unmasked value reaches neither the wire
 * nor the log.
 */
class MaskingTest {

	private static final String SECRET = "SECRET-4711";

	private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

	/** An application object as a value: the masker sees it the way it is written. */
	record Customer(String name, String email) {
	}

	@ParameterizedTest
	@EnumSource(IngestConfig.Protocol.class)
	void everyFieldKindIsMaskedOnTheWorkerAndTheSecretNeverLeaves(IngestConfig.Protocol protocol) {
		Set<LangfuseMasker.Field> seen = EnumSet.noneOf(LangfuseMasker.Field.class);
		Set<String> threads = ConcurrentHashMap.newKeySet();
		List<Object> values = new CopyOnWriteArrayList<>();
		LangfuseMasker recording = (field, value) -> {
			synchronized (seen) {
				seen.add(field);
			}
			threads.add(Thread.currentThread().getName());
			values.add(value);
			return value;
		};
		LangfuseMasker redact = LangfuseMasker.strings((text) -> text.replace(SECRET, "***"));
		LogCapture log = new LogCapture("io.github.langfuse4j");
		Level level = log.logger().getLevel();
		log.logger().setLevel(Level.TRACE);
		log.start();
		try (LoopbackServer server = new LoopbackServer()) {
			IngestStats stats;
			try (LangfuseIngest ingest = LangfuseIngest
				.create(config(server).protocol(protocol).masker(recording).masker(redact).build())) {
				enqueueEveryField(ingest);
				assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
				stats = ingest.stats();
			}
			assertAccounted(stats);
			assertThat(stats.sent()).isEqualTo(3);
			assertThat(stats.maskingFailures()).isZero();
			String wire = wire(server);
			assertThat(wire).doesNotContain(SECRET).contains("***").contains("nested").contains("count");
			assertThat(seen).containsExactlyInAnyOrder(LangfuseMasker.Field.values());
			assertThat(threads).allSatisfy((thread) -> assertThat(thread).startsWith("langfuse-ingest"));
			// plain JSON-like values, never the wrappers or the application's objects
			assertThat(values).noneMatch((value) -> value instanceof LenientValue || value instanceof Customer);
			assertThat(values).anyMatch((value) -> value instanceof Map<?, ?> map && map.containsKey("email"));
		}
		finally {
			log.stop();
			log.logger().setLevel(level);
		}
		assertThat(log.lines).extracting(ILoggingEvent::getFormattedMessage).noneMatch((line) -> line.contains(SECRET));
	}

	@Test
	void maskersApplyInOrderAndNullRemovesTheField() {
		LangfuseMasker first = (field, value) -> (value instanceof String text) ? text + "-a" : value;
		LangfuseMasker second = (field, value) -> (field == LangfuseMasker.Field.OUTPUT) ? null
				: (value instanceof String text) ? text + "-b" : value;
		try (LoopbackServer server = new LoopbackServer()) {
			try (LangfuseIngest ingest = LangfuseIngest.create(config(server).masker(first).masker(second).build())) {
				ingest.enqueue(TraceCreate
					.of(TraceBody.builder("t-1").name("trace").timestamp(AT).input("x").output("y").build()));
				assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
			}
			String wire = wire(server);
			assertThat(wire).contains("\"input\":\"x-a-b\"").doesNotContain("\"output\"");
		}
	}

	@ParameterizedTest
	@EnumSource(IngestConfig.Protocol.class)
	void aThrowingMaskerFailsClosedCountsAndLogsWithoutTheValue(IngestConfig.Protocol protocol) {
		LangfuseMasker broken = (field, value) -> {
			if (field == LangfuseMasker.Field.INPUT) {
				throw new IllegalStateException("cannot mask " + value);
			}
			return value;
		};
		LogCapture log = new LogCapture(Masking.class);
		log.start();
		try (LoopbackServer server = new LoopbackServer()) {
			IngestStats stats;
			try (LangfuseIngest ingest = LangfuseIngest
				.create(config(server).protocol(protocol).masker(broken).build())) {
				enqueueEveryField(ingest);
				assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
				stats = ingest.stats();
			}
			assertAccounted(stats);
			assertThat(stats.sent()).isEqualTo(3);
			// the trace's and the span's input
			assertThat(stats.maskingFailures()).isEqualTo(2);
			String wire = wire(server);
			assertThat(wire).doesNotContain(SECRET.substring(0, 6) + "-4711 input").contains(LangfuseMasker.FAILED);
			assertThat(wire).contains("score comment " + SECRET);
		}
		finally {
			log.stop();
		}
		List<String> lines = new ArrayList<>();
		log.lines.forEach((line) -> lines.add(line.getFormattedMessage()));
		assertThat(lines).hasSize(1);
		assertThat(lines.get(0)).contains("failed on the input")
			.contains("IllegalStateException")
			.doesNotContain(SECRET)
			.doesNotContain("cannot mask");
	}

	/**
	 * One trace, one span and one score, with a secret in every maskable field: input,
	 * output, metadata (nested), status message and score comment.
	 */
	private static void enqueueEveryField(LangfuseIngest ingest) {
		ingest.enqueue(TraceCreate.of(TraceBody.builder("trace-1")
			.name("trace")
			.timestamp(AT)
			.input(SECRET + " input")
			.output(List.of(SECRET + " output"))
			.metadata(Map.of("nested", Map.of("list", List.of(SECRET, 1, true))))
			.build()));
		ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
				ObservationBody.builder("span-1")
					.traceId("trace-1")
					.name("span")
					.startTime(AT)
					.endTime(AT.plusMillis(1))
					.input(LenientValue.of(new Customer("Ann", SECRET + "@example.com")))
					.output(Map.of("answer", SECRET, "count", 3))
					.metadata(Map.of("note", SECRET))
					.level(ObservationLevel.ERROR)
					.statusMessage("failed for " + SECRET)
					.build()));
		ingest.enqueue(ScoreCreate.of(ScoreBody.builder("quality")
			.traceId("trace-1")
			.value(1)
			.comment("score comment " + SECRET)
			.metadata(Map.of("reviewer", SECRET))
			.build()));
	}

	private static String wire(LoopbackServer server) {
		StringBuilder all = new StringBuilder();
		server.requests().forEach((request) -> all.append(request.bodyText()).append('\n'));
		return all.toString();
	}

}
