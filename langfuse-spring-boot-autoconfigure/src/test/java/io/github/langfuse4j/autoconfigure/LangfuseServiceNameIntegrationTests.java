package io.github.langfuse4j.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.tracing.Langfuse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OTLP resource's {@code service.name} tells services apart (issue 12 item 15):
 * {@code langfuse.service-name}, else {@code spring.application.name}, else the starter's
 * name, as the spans sent to a loopback server carry it. How the configuration bean gets
 * it is in {@link LangfuseServiceNameTests}.
 */
class LangfuseServiceNameIntegrationTests {

	private final LoopbackServer server = new LoopbackServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
		.withPropertyValues("langfuse.host=" + this.server.url(), "langfuse.public-key=pk-lf-1",
				"langfuse.secret-key=sk-lf-2");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void theApplicationNameIsTheServiceName() {
		this.runner.withPropertyValues("spring.application.name=checkout").run((context) -> {
			assertThat(context.getBean(IngestConfig.class).serviceName()).isEqualTo("checkout");
			assertThat(exportedServiceName(context.getBean(Langfuse.class))).isEqualTo("checkout");
		});
	}

	@Test
	void thePropertyOverridesTheApplicationName() {
		this.runner.withPropertyValues("spring.application.name=checkout", "langfuse.service-name=checkout-eu")
			.run((context) -> assertThat(exportedServiceName(context.getBean(Langfuse.class)))
				.isEqualTo("checkout-eu"));
	}

	@Test
	void withoutEitherTheStartersNameStays() {
		this.runner.run((context) -> {
			assertThat(context.getBean(IngestConfig.class).serviceName()).isEqualTo("langfuse-spring-boot-starter");
			assertThat(exportedServiceName(context.getBean(Langfuse.class))).isEqualTo("langfuse-spring-boot-starter");
		});
	}

	private String exportedServiceName(Langfuse langfuse) {
		try (var trace = langfuse.trace("t").start()) {
			trace.span("s").start().end();
		}
		assertThat(langfuse.flush(Duration.ofSeconds(20))).isTrue();
		JsonNode body = TestJson.read(this.server.requests(LoopbackServer.OTLP).get(0).body());
		for (JsonNode attribute : body.path("resourceSpans").path(0).path("resource").path("attributes")) {
			if (attribute.path("key").asString().equals("service.name")) {
				return attribute.path("value").path("stringValue").asString();
			}
		}
		return null;
	}

}
