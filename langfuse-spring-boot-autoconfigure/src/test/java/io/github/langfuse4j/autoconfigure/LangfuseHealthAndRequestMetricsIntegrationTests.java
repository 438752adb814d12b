package io.github.langfuse4j.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.LoopbackServer.Response;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code langfuse} health contributor and the {@code langfuse.ingest.requests} timer,
 * following real requests to a loopback server; the contributor's conditions are in
 * {@link LangfuseHealthIndicatorTests}.
 */
class LangfuseHealthAndRequestMetricsIntegrationTests {

	private static final Duration AWAIT = Duration.ofSeconds(20);

	private final LoopbackServer server = new LoopbackServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
		.withPropertyValues("langfuse.host=" + this.server.url(), "langfuse.public-key=pk-lf-1",
				"langfuse.secret-key=sk-lf-2", "langfuse.protocol=ingestion", "langfuse.max-retries=0");

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void healthIsUpThenDegradedWhileRequestsFailThenUpAgain() {
		AtomicInteger status = new AtomicInteger(207);
		this.server.respond(LoopbackServer.INGESTION, (request) -> (status.get() == 207)
				? LoopbackServer.langfuseDefault(request) : Response.json(status.get(), "{}"));
		this.runner.run((context) -> {
			LangfuseHealthIndicator health = context.getBean(LangfuseHealthIndicator.class);
			LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

			status.set(503);
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-1").build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			Health degraded = health.health(true);
			assertThat(degraded.getStatus()).isEqualTo(LangfuseHealthIndicator.DEGRADED);
			assertThat(degraded.getDetails()).containsEntry("failed", 1L)
				.containsEntry("lastFailureReason", "ingestion: HTTP 503");
			// DEGRADED is not in the default order, so it never changes the application's
			// health
			assertThat(new SimpleStatusAggregator().getAggregateStatus(Status.UP, degraded.getStatus()))
				.isEqualTo(Status.UP);

			status.set(207);
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-2").build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
			assertThat(health.health(true).getDetails()).containsEntry("sent", 1L).containsKey("lastSuccess");
		});
	}

	@Test
	void timesEveryRequestByEndpointAndStatusClass() {
		List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(500));
		this.server.respond(LoopbackServer.INGESTION, (request) -> statuses.isEmpty()
				? LoopbackServer.langfuseDefault(request) : Response.json(statuses.remove(0), "{}"));
		this.runner.run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(LangfuseRequestMetrics.class).bindTo(registry);
			LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-1").build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-2").build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			assertThat(registry.get("langfuse.ingest.requests")
				.tag("endpoint", "ingestion")
				.tag("status", "5xx")
				.timer()
				.count()).isEqualTo(1);
			assertThat(registry.get("langfuse.ingest.requests")
				.tag("endpoint", "ingestion")
				.tag("status", "2xx")
				.timer()
				.count()).isEqualTo(1);
		});
	}

}
