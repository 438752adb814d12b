package io.github.langfuse4j.internal.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

	private final List<ILoggingEvent> logged = new CopyOnWriteArrayList<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(BatchingLangfuseIngest.class);

	private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
		@Override
		protected void append(ILoggingEvent event) {
			event.getThreadName(); // captured now: the name of the thread that logs
			DropWarningThreadTest.this.logged.add(event);
		}
	};

	@BeforeEach
	void attach() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void detach() {
		this.logger.detachAppender(this.appender);
		this.server.close();
	}

	@Test
	void theFirstDropIsReportedByTheExportersThreadNotTheCallers() {
		try (LangfuseIngest ingest = LangfuseIngest
			.create(config(this.server).queueCapacity(1).maxBatch(10).shutdownTimeout(Duration.ofSeconds(1)).build())) {
			ingest.enqueue(trace("kept"));
			ingest.enqueue(trace("dropped"));
			assertThat(ingest.stats().dropped(DropReason.QUEUE_FULL)).isEqualTo(1);
			assertThat(this.logged).as("lines written on the thread of the dropping enqueue")
				.noneMatch((line) -> line.getThreadName().equals(Thread.currentThread().getName()));
			await().atMost(Duration.ofSeconds(30)).until(() -> !this.logged.isEmpty());
			assertThat(this.logged).hasSize(1);
			ILoggingEvent warning = this.logged.get(0);
			assertThat(warning.getFormattedMessage()).contains("queue full; dropping telemetry events");
			assertThat(warning.getThreadName()).isEqualTo(BatchingLangfuseIngest.THREAD_NAME)
				.isNotEqualTo(Thread.currentThread().getName());
		}
	}

}
