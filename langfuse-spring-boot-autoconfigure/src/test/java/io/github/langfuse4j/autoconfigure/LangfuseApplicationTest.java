package io.github.langfuse4j.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** A real {@code SpringApplication}: the auto-configuration is found through its imports file. */
@ExtendWith(OutputCaptureExtension.class)
class LangfuseApplicationTest {

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

	@Test
	void badValueFailsStartupWithSpringBootsMessage(CapturedOutput output) {
		assertThatException().isThrownBy(() -> application().run("--langfuse.max-batch=0").close());
		assertThat(output).contains("Invalid value '0' for configuration property 'langfuse.max-batch'")
			.contains("must be between 1 and 10000");
	}

	private static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
