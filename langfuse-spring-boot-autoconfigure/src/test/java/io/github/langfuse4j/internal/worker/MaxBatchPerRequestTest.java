package io.github.langfuse4j.internal.worker;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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

import static io.github.langfuse4j.internal.worker.IngestTestSupport.assertAccounted;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code max-batch} is the most events (OTLP: spans) per request in both protocols (issue
 * 13 item 2).
 */
class MaxBatchPerRequestTest {

	private static final int MAX_BATCH = 10;

	@ParameterizedTest
	@EnumSource(IngestConfig.Protocol.class)
	void noRequestCarriesMoreThanMaxBatchEvents(IngestConfig.Protocol protocol) {
		try (LoopbackServer server = new LoopbackServer()) {
			int events;
			try (LangfuseIngest ingest = LangfuseIngest
				.create(config(server).protocol(protocol).maxBatch(MAX_BATCH).build())) {
				Instant at = Instant.parse("2025-01-01T00:00:00Z");
				// observations that wait for their trace's data, then released together
				// with the root: 56 spans
				for (int i = 0; i < 55; i++) {
					ingest.enqueue(IngestionEvent.observation(ObservationType.SPAN,
							ObservationBody.builder("o-" + i)
								.traceId("t-1")
								.name("step")
								.startTime(at)
								.endTime(at.plusMillis(1))
								.build()));
				}
				ingest.enqueue(TraceCreate.of(TraceBody.builder("t-1").name("trace").build()));
				assertThat(ingest.flush(Duration.ofSeconds(30))).isTrue();
				IngestStats stats = ingest.stats();
				assertAccounted(stats);
				assertThat(stats.sent()).isEqualTo(56);
				events = 0;
				for (LoopbackServer.Recorded request : server.requests()) {
					int items = items(request);
					assertThat(items).as("items in a request to %s", request.path()).isBetween(1, MAX_BATCH);
					events += items;
				}
			}
			assertThat(events).isEqualTo(56);
		}
	}

	private static int items(LoopbackServer.Recorded request) {
		JsonNode body = TestJson.read(request.body());
		if (request.path().equals(LoopbackServer.INGESTION)) {
			return body.path("batch").size();
		}
		int spans = 0;
		for (JsonNode resource : body.path("resourceSpans")) {
			for (JsonNode scope : resource.path("scopeSpans")) {
				spans += scope.path("spans").size();
			}
		}
		return spans;
	}

}
