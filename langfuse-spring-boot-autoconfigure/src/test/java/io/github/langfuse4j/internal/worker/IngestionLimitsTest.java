package io.github.langfuse4j.internal.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.LoopbackServer.Recorded;
import io.github.langfuse4j.LoopbackServer.Response;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static io.github.langfuse4j.internal.worker.IngestTestSupport.assertAccounted;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Byte limits: requests cut by size, oversized events truncated or dropped, 413 split.
 */
class IngestionLimitsTest {

	private static final Duration AWAIT = Duration.ofSeconds(20);

	private final LoopbackServer server = new LoopbackServer();

	private LangfuseIngest ingest;

	@AfterEach
	void close() {
		if (this.ingest != null) {
			this.ingest.close();
		}
		this.server.close();
	}

	private static IngestionEvent traceWithInput(String id, int inputChars) {
		return TraceCreate.of(TraceBody.builder(id).name(id).input("x".repeat(inputChars)).output("done").build());
	}

	@Test
	void cutsRequestsSoThatNoBodyExceedsMaxBatchBytes() {
		this.ingest = LangfuseIngest.create(config(this.server).maxBatchBytes(2_000).build());
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			IngestionEvent event = traceWithInput("t" + i, 300);
			ids.add(event.id());
			this.ingest.enqueue(event);
		}
		assertThat(this.ingest.flush(AWAIT)).isTrue();
		List<Recorded> requests = this.server.requests();
		assertThat(requests.size()).isGreaterThan(3);
		assertThat(requests).allSatisfy((request) -> assertThat(request.body().length).isLessThanOrEqualTo(2_000));
		assertThat(requests.stream().flatMap((r) -> r.eventIds().stream()).toList())
			.containsExactlyInAnyOrderElementsOf(ids);
		assertThat(this.ingest.stats().sent()).isEqualTo(20);
	}

	@Test
	void truncatesTheLargestFieldOfAnOversizedEvent() {
		this.ingest = LangfuseIngest.create(config(this.server).maxEventBytes(4_000).build());
		IngestionEvent big = TraceCreate.of(TraceBody.builder("big")
			.name("big")
			.input("i".repeat(10_000))
			.output("o".repeat(3_000))
			.metadata(java.util.Map.of("k", "v"))
			.build());
		this.ingest.enqueue(big);
		assertThat(this.ingest.flush(AWAIT)).isTrue();
		Recorded request = this.server.requests().get(0);
		JsonNode body = TestJson.read(request.body()).path("batch").path(0).path("body");
		assertThat(body.path("input").asString()).startsWith("<truncated by langfuse-spring-boot-starter: input was")
			.contains("10002 bytes");
		assertThat(body.path("output").asString()).isEqualTo("o".repeat(3_000));
		assertThat(body.path("metadata").path("k").asString()).isEqualTo("v");
		assertThat(TestJson.read(request.body()).path("batch").path(0).path("id").asString()).isEqualTo(big.id());
		assertThat(this.ingest.stats().sent()).isEqualTo(1);
	}

	@Test
	void dropsAnEventThatDoesNotFitEvenTruncated() {
		this.ingest = LangfuseIngest.create(config(this.server).maxEventBytes(2_000).build());
		List<String> tags = Collections.nCopies(500, "a-long-tag-name");
		IngestionEvent hopeless = TraceCreate.of(TraceBody.builder("tags").tags(tags).build());
		IngestionEvent fine = traceWithInput("fine", 10);
		this.ingest.enqueue(hopeless);
		this.ingest.enqueue(fine);
		assertThat(this.ingest.flush(AWAIT)).isTrue();
		assertThat(this.server.requests().get(0).eventIds()).containsExactly(fine.id());
		IngestStats stats = this.ingest.stats();
		assertThat(stats.dropped(DropReason.OVERSIZE)).isEqualTo(1);
		assertThat(stats.sent()).isEqualTo(1);
		assertAccounted(stats);
	}

	@Test
	void splitsABatchInHalvesOn413UntilItFits() {
		// like a proxy with a small body limit: 413 for bodies over 1,500 bytes
		this.server.respond(LoopbackServer.INGESTION, (request) -> (request.body().length > 1_500)
				? Response.text(413, "Body exceeded 4.5mb limit") : LoopbackServer.langfuseDefault(request));
		this.ingest = LangfuseIngest.create(config(this.server).maxBatch(16).build());
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			IngestionEvent event = traceWithInput("t" + i, 200);
			ids.add(event.id());
			this.ingest.enqueue(event);
		}
		IngestionEvent tooBig = traceWithInput("huge", 3_000);
		this.ingest.enqueue(tooBig);
		assertThat(this.ingest.flush(AWAIT)).isTrue();
		Set<String> accepted = new HashSet<>();
		for (Recorded request : this.server.requests()) {
			if (request.body().length <= 1_500) {
				for (String id : request.eventIds()) {
					assertThat(accepted.add(id)).as("accepted once: " + id).isTrue();
				}
			}
		}
		assertThat(accepted).containsExactlyInAnyOrderElementsOf(ids);
		IngestStats stats = this.ingest.stats();
		assertThat(stats.sent()).isEqualTo(16);
		assertThat(stats.dropped(DropReason.OVERSIZE)).isEqualTo(1);
		assertAccounted(stats);
	}

}
