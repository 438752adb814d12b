package io.github.langfuse4j.internal.worker;

import java.time.Duration;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.LangfuseIngest;

import static io.github.langfuse4j.internal.worker.IngestTestSupport.config;
import static io.github.langfuse4j.internal.worker.IngestTestSupport.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dropped {@code enqueue} never formats or writes a log line on the application's
 * thread: the exporter's own thread reports the drop (issue 13 item 4).
 */
class DropWarningThreadTest {

	private final LoopbackServer server = new LoopbackServer();

	private final LogCapture log = new LogCapture(BatchingLangfuseIngest.class);

	@BeforeEach
	void attach() {
		this.log.start();
	}

	@AfterEach
	void detach() {
		this.log.stop();
		this.server.close();
	}

	@Test
	void theFirstDropIsReportedByTheExportersThreadNotTheCallers() {
		try (LangfuseIngest ingest = LangfuseIngest
			.create(config(this.server).queueCapacity(1).maxBatch(10).shutdownTimeout(Duration.ofSeconds(1)).build())) {
			ingest.enqueue(trace("kept"));
			ingest.enqueue(trace("dropped"));
			assertThat(ingest.stats().dropped(DropReason.QUEUE_FULL)).isEqualTo(1);
			assertThat(this.log.lines).as("lines written on the thread of the dropping enqueue")
				.noneMatch((line) -> line.getThreadName().equals(Thread.currentThread().getName()));
			await().atMost(Duration.ofSeconds(30)).until(() -> !this.log.lines.isEmpty());
			assertThat(this.log.lines).hasSize(1);
			ILoggingEvent warning = this.log.lines.get(0);
			assertThat(warning.getFormattedMessage()).contains("queue full; dropping telemetry events");
			assertThat(warning.getThreadName()).isEqualTo(BatchingLangfuseIngest.THREAD_NAME)
				.isNotEqualTo(Thread.currentThread().getName());
		}
	}

}
