package io.github.langfuse4j.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.langfuse4j.ingest.IngestConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OTLP resource's {@code service.name} tells services apart (issue 12 item 15):
 * {@code langfuse.service-name}, else {@code spring.application.name}, else the starter's
 * name. Here as the configuration bean holds it; that the exported spans carry it is
 * checked in {@link LangfuseServiceNameIntegrationTests}.
 */
class LangfuseServiceNameTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
		.withPropertyValues("langfuse.host=http://127.0.0.1:9", "langfuse.public-key=pk-lf-1",
				"langfuse.secret-key=sk-lf-2");

	@Test
	void theApplicationNameIsTheServiceName() {
		this.runner.withPropertyValues("spring.application.name=checkout")
			.run((context) -> assertThat(context.getBean(IngestConfig.class).serviceName()).isEqualTo("checkout"));
	}

	@Test
	void thePropertyOverridesTheApplicationName() {
		this.runner.withPropertyValues("spring.application.name=checkout", "langfuse.service-name=checkout-eu")
			.run((context) -> assertThat(context.getBean(IngestConfig.class).serviceName()).isEqualTo("checkout-eu"));
	}

	@Test
	void withoutEitherTheStartersNameStays() {
		this.runner.run((context) -> assertThat(context.getBean(IngestConfig.class).serviceName())
			.isEqualTo("langfuse-spring-boot-starter"));
	}

	@Test
	void theLowLevelConfigurationDefaultsToTheStartersName() {
		assertThat(IngestConfig.builder().build().serviceName()).isEqualTo(IngestConfig.DEFAULT_SERVICE_NAME)
			.isEqualTo("langfuse-spring-boot-starter");
		assertThat(IngestConfig.builder().serviceName("  ").build().serviceName())
			.isEqualTo(IngestConfig.DEFAULT_SERVICE_NAME);
		assertThat(IngestConfig.builder().serviceName(" billing ").build().serviceName()).isEqualTo("billing");
	}

}
