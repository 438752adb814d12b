package io.github.langfuse4j.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code SpringApplication} exporting to a loopback server: the auto-configuration
 * is found through its imports file and sends until shutdown.
 */
class LangfuseApplicationIntegrationTests {

	@Test
	void autoConfigurationIsDiscoveredAndExportsUntilShutdown() {
		try (LoopbackServer server = new LoopbackServer()) {
			LangfuseIngest ingest;
			try (ConfigurableApplicationContext context = application().run("--langfuse.host=" + server.url(),
					"--langfuse.public-key=pk-lf-app", "--langfuse.secret-key=sk-lf-app",
					"--langfuse.protocol=ingestion")) {
				ingest = context.getBean(LangfuseIngest.class);
				assertThat(ingest).isNotSameAs(LangfuseIngest.noop());
				ingest.enqueue(TraceCreate.of(TraceBody.builder("t-1").name("app").build()));
			}
			assertThat(server.requests(LoopbackServer.INGESTION)).hasSize(1);
			assertThat(ingest.stats().sent()).isEqualTo(1);
		}
	}

	private static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
