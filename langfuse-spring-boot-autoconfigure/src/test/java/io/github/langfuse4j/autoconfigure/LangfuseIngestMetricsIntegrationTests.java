package io.github.langfuse4j.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporter's meters, on a real exporter sending to a loopback server: each meter's
 * tags partition it.
 */
class LangfuseIngestMetricsIntegrationTests {

	private static final Duration AWAIT = Duration.ofSeconds(30);

	private final LoopbackServer server = new LoopbackServer();

	private final LangfuseIngest ingest = LangfuseIngest.create(IngestConfig.builder()
		.host(this.server.url())
		.publicKey("pk-lf-test")
		.secretKey("sk-lf-test")
		.protocol(IngestConfig.Protocol.INGESTION)
		.flushInterval(Duration.ofHours(1))
		.maxRetries(0)
		.shutdownTimeout(Duration.ofSeconds(10))
		.build());

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@AfterEach
	void close() {
		this.ingest.close();
		this.server.close();
	}

	@Test
	void theEventsMeterCountsEachEventOnceAndAcceptedIsAMeterOfItsOwn() {
		new LangfuseIngestMetrics(this.ingest).bindTo(this.registry);
		for (int i = 0; i < 9; i++) {
			this.ingest.enqueue(TraceCreate.of(TraceBody.builder("t-" + i).build()));
		}
		assertThat(this.ingest.flush(AWAIT)).isTrue();

		assertThat(this.registry.get("langfuse.ingest.events").functionCounters())
			.as("outcome tags of langfuse.ingest.events")
			.extracting((counter) -> counter.getId().getTag("outcome"))
			.containsOnly("sent", "rejected", "failed", "sampled_out", "dropped");
		double total = this.registry.get("langfuse.ingest.events")
			.functionCounters()
			.stream()
			.mapToDouble(FunctionCounter::count)
			.sum();
		assertThat(total).as("sum over all tags of langfuse.ingest.events").isEqualTo(9);
		assertThat(this.registry.get("langfuse.ingest.events").tag("outcome", "sent").functionCounter().count())
			.isEqualTo(9);
		assertThat(this.registry.get("langfuse.ingest.accepted").functionCounter().count()).isEqualTo(9);
		assertThat(this.registry.get("langfuse.ingest.accepted").functionCounter().getId().getTags()).isEmpty();
	}

}
