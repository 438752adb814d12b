package io.github.langfuse4j.internal.worker;

import java.time.Duration;
import java.util.Map;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared settings and events for exporter tests. */
final class IngestTestSupport {

	static final String PUBLIC_KEY = "pk-lf-test-1234";

	static final String SECRET_KEY = "sk-lf-very-secret-5678";

	private IngestTestSupport() {
	}

	/**
	 * Ingestion protocol, no retries, a long flush interval (tests flush explicitly or
	 * fill batches).
	 */
	static IngestConfig.Builder config(LoopbackServer server) {
		return IngestConfig.builder()
			.host(server.url())
			.publicKey(PUBLIC_KEY)
			.secretKey(SECRET_KEY)
			.protocol(IngestConfig.Protocol.INGESTION)
			.flushInterval(Duration.ofHours(1))
			.maxRetries(0)
			.shutdownTimeout(Duration.ofSeconds(10));
	}

	static TraceCreate trace(String id) {
		return TraceCreate.of(TraceBody.builder(id).name("trace " + id).userId("user-1").build());
	}

	static IngestionEvent span(String id, Object metadata) {
		return IngestionEvent.observation(ObservationType.SPAN,
				ObservationBody.builder(id).traceId("trace-1").name("span " + id).metadata(metadata).build());
	}

	/** Asserts that every accepted event has exactly one outcome. */
	static void assertAccounted(IngestStats stats) {
		assertThat(stats.accepted())
			.as("accepted = sent + rejected + dropped + failed + sampled out + queued (%s)", stats)
			.isEqualTo(stats.sent() + stats.rejected() + stats.droppedTotal() + stats.failed() + stats.sampledOut()
					+ stats.queued());
	}

	static Map<String, Object> unserializable() {
		return Map.of("bad", new Unwritable());
	}

	/** A value Jackson cannot write: its only property throws. */
	static final class Unwritable {

		public String getValue() {
			throw new IllegalStateException("cannot be read");
		}

	}

}
