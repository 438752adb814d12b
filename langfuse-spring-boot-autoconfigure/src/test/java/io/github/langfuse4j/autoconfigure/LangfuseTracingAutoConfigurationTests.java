package io.github.langfuse4j.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.langfuse4j.tracing.Langfuse;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link Langfuse} bean's conditions, without sending anything. */
class LangfuseTracingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
		.withPropertyValues("langfuse.host=http://127.0.0.1:9", "langfuse.protocol=ingestion");

	@Test
	void backsOffFromAUserDefinedLangfuse() {
		this.runner.withUserConfiguration(OwnLangfuse.class).run((context) -> {
			assertThat(context).hasSingleBean(Langfuse.class);
			assertThat(context.getBean(Langfuse.class)).isSameAs(OwnLangfuse.INSTANCE);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLangfuse {

		static final Langfuse INSTANCE = Langfuse.noop();

		@Bean
		Langfuse myLangfuse() {
			return INSTANCE;
		}

	}

}
