package io.github.langfuse4j.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.LoopbackServer.Recorded;
import io.github.langfuse4j.LoopbackServer.Response;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseTrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code langfuse.headers.*} reach the wire on both endpoints, and
 * {@code langfuse.otlp.endpoint} sends the spans to another server than the scores (issue
 * 16), through the real context and loopback servers.
 */
@ExtendWith(OutputCaptureExtension.class)
class LangfuseHeadersIntegrationTests {

	private static final Duration AWAIT = Duration.ofSeconds(20);

	private static final String COLLECTOR_PATH = "/collector/v1/traces";

	private final LoopbackServer langfuse = new LoopbackServer();

	private final LoopbackServer collector = new LoopbackServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
		.withPropertyValues("langfuse.host=" + this.langfuse.url(), "langfuse.public-key=pk-lf-1",
				"langfuse.secret-key=sk-lf-2");

	@AfterEach
	void stopServers() {
		this.langfuse.close();
		this.collector.close();
	}

	@Test
	void customHeadersAreSentWithOtlpAndIngestionRequests() {
		this.runner.withPropertyValues("langfuse.headers.X-Gateway-Token=gw-secret", "langfuse.headers[X-Tenant]=acme")
			.run((context) -> {
				traceWithScore(context.getBean(Langfuse.class));
				Recorded otlp = only(this.langfuse.requests(LoopbackServer.OTLP));
				Recorded ingestion = only(this.langfuse.requests(LoopbackServer.INGESTION));
				for (Recorded request : List.of(otlp, ingestion)) {
					assertThat(request.header("X-Gateway-Token")).isEqualTo("gw-secret");
					assertThat(request.header("X-Tenant")).isEqualTo("acme");
					assertThat(request.header("Authorization")).startsWith("Basic ");
					assertThat(request.header("x-langfuse-sdk-name")).isEqualTo("langfuse-spring-boot-starter");
				}
			});
	}

	@Test
	void customHeadersAreSentWithTheIngestionProtocol() {
		this.runner.withPropertyValues("langfuse.protocol=ingestion", "langfuse.headers.X-Gateway-Token=gw-secret")
			.run((context) -> {
				traceWithScore(context.getBean(Langfuse.class));
				assertThat(this.langfuse.requests(LoopbackServer.INGESTION)).isNotEmpty()
					.allSatisfy((request) -> assertThat(request.header("X-Gateway-Token")).isEqualTo("gw-secret"));
			});
	}

	@Test
	void spansGoToTheOtlpEndpointAndScoresToTheHost(CapturedOutput output) {
		String endpoint = this.collector.url() + COLLECTOR_PATH;
		this.runner.withPropertyValues("langfuse.otlp.endpoint=" + endpoint, "langfuse.headers.X-Gateway-Token=gw")
			.run((context) -> {
				traceWithScore(context.getBean(Langfuse.class));
				Recorded spans = only(this.collector.requests(COLLECTOR_PATH));
				assertThat(spans.bodyText()).contains("resourceSpans");
				assertThat(spans.header("Authorization")).startsWith("Basic ");
				assertThat(spans.header("X-Gateway-Token")).isEqualTo("gw");
				assertThat(this.collector.requests()).hasSize(1);
				assertThat(this.langfuse.requests(LoopbackServer.OTLP)).isEmpty();
				Recorded scores = only(this.langfuse.requests(LoopbackServer.INGESTION));
				assertThat(scores.bodyText()).contains("score-create");
				assertThat(scores.header("X-Gateway-Token")).isEqualTo("gw");
				assertThat(this.langfuse.requests()).hasSize(1);
			});
		assertThat(output).contains("OTLP endpoint " + endpoint);
	}

	@Test
	void aFailingOtlpEndpointIsNamedInTheLogAndTheHealth(CapturedOutput output) {
		String endpoint = this.collector.url() + COLLECTOR_PATH;
		this.collector.respond(COLLECTOR_PATH, (request) -> Response.json(404, "{\"message\":\"no such route\"}"));
		this.runner.withPropertyValues("langfuse.otlp.endpoint=" + endpoint, "langfuse.max-retries=0")
			.run((context) -> {
				Langfuse langfuse = context.getBean(Langfuse.class);
				try (LangfuseTrace trace = langfuse.trace("t").start()) {
					trace.span("s").start().end();
				}
				langfuse.flush(AWAIT);
				assertThat(this.collector.requests(COLLECTOR_PATH)).hasSize(1);
				Health health = context.getBean(LangfuseHealthIndicator.class).health(true);
				assertThat(health.getDetails()).containsEntry("otlpEndpoint", endpoint)
					.containsEntry("host", this.langfuse.url());
				assertThat(String.valueOf(health.getDetails().get("hint"))).contains("langfuse.otlp.endpoint");
			});
		assertThat(output).contains("POST " + endpoint + " with 2 events answered HTTP 404")
			.contains("check langfuse.otlp.endpoint")
			.doesNotContain(this.langfuse.url() + "/api/public/otel");
	}

	@Test
	void aConnectionFailureNamesTheOtlpEndpointsAddress() {
		LoopbackServer closed = new LoopbackServer();
		String address = closed.url().substring("http://".length());
		closed.close();
		this.runner
			.withPropertyValues("langfuse.otlp.endpoint=http://" + address + COLLECTOR_PATH, "langfuse.max-retries=0")
			.run((context) -> {
				Langfuse langfuse = context.getBean(Langfuse.class);
				try (LangfuseTrace trace = langfuse.trace("t").start()) {
					trace.span("s").start().end();
				}
				langfuse.flush(AWAIT);
				Health health = context.getBean(LangfuseHealthIndicator.class).health(true);
				assertThat(String.valueOf(health.getDetails().get("lastFailureReason")))
					.contains("cannot connect to " + address);
			});
	}

	@Test
	void plainHttpToAnotherMachineForTheOtlpEndpointIsWarnedAboutOnce(CapturedOutput output) {
		this.runner.withPropertyValues("langfuse.otlp.endpoint=http://collector.example.com:4318/v1/traces")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut()).containsOnlyOnce("unencrypted")
			.contains("http://collector.example.com:4318/v1/traces");
	}

	private static void traceWithScore(Langfuse langfuse) {
		try (LangfuseTrace trace = langfuse.trace("request").input("question").start()) {
			trace.span("retrieve").start().end();
			trace.score("quality", 1.0);
		}
		assertThat(langfuse.flush(AWAIT)).isTrue();
	}

	private static Recorded only(List<Recorded> requests) {
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

}
