package io.github.langfuse4j.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A real {@code SpringApplication} that fails to start: Spring Boot's failure report
 * names the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class LangfuseApplicationTests {

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
