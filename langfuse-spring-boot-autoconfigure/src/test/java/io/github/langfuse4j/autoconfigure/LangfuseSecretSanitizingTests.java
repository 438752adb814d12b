package io.github.langfuse4j.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesBeanDescriptor;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code langfuse.secret-key} is masked in the actuator's {@code env} and
 * {@code configprops} endpoints even when they are told to show values (issue 12 item 9),
 * through the endpoints' real sanitizer.
 */
class LangfuseSecretSanitizingTests {

	private static final String SECRET = "sk-lf-very-secret";

	/**
	 * Renders the endpoints' answers as the actuator does, so that no field that would
	 * carry the key is missed.
	 */
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LangfuseAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class,
						ConfigurationPropertiesReportEndpointAutoConfiguration.class))
		.withPropertyValues("langfuse.public-key=pk-lf-public", "langfuse.secret-key=" + SECRET,
				"langfuse.enabled=false", "management.endpoint.env.show-values=always",
				"management.endpoint.configprops.show-values=always",
				"management.endpoints.web.exposure.include=env,configprops");

	@Test
	void theEnvironmentEndpointMasksTheSecretKeyButShowsThePublicKey() {
		this.runner.run((context) -> {
			EnvironmentEndpoint endpoint = context.getBean(EnvironmentEndpoint.class);
			assertThat(endpoint.environmentEntry("langfuse.secret-key").getProperty().getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(endpoint.environmentEntry("langfuse.public-key").getProperty().getValue())
				.isEqualTo("pk-lf-public");
			assertThat(JSON.writeValueAsString(endpoint.environment(null))).doesNotContain(SECRET)
				.contains("pk-lf-public");
		});
	}

	@Test
	void theEnvironmentEndpointMasksTheSecretKeyFromAnEnvironmentVariable() {
		SanitizingFunction function = new LangfuseSecretSanitizingFunction();
		assertThat(function.apply(new SanitizableData(null, "LANGFUSE_SECRET_KEY", SECRET)).getValue())
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(function.apply(new SanitizableData(null, "langfuse.secretKey", SECRET)).getValue())
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(function.apply(new SanitizableData(null, "langfuse.public-key", "pk")).getValue()).isEqualTo("pk");
		assertThat(function.apply(new SanitizableData(null, "other.secret-key", "x")).getValue()).isEqualTo("x");
	}

	@Test
	void theConfigurationPropertiesEndpointMasksTheSecretKey() {
		this.runner.run((context) -> {
			ConfigurationPropertiesReportEndpoint endpoint = context
				.getBean(ConfigurationPropertiesReportEndpoint.class);
			ConfigurationPropertiesBeanDescriptor langfuse = endpoint.configurationPropertiesWithPrefix("langfuse")
				.getContexts()
				.values()
				.stream()
				.flatMap((descriptor) -> descriptor.getBeans().values().stream())
				.filter((bean) -> "langfuse".equals(bean.getPrefix()))
				.findFirst()
				.orElseThrow();
			Map<String, Object> properties = langfuse.getProperties();
			assertThat(properties.get("secretKey")).isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(properties.get("publicKey")).isEqualTo("pk-lf-public");
			assertThat(JSON.writeValueAsString(endpoint.configurationProperties())).doesNotContain(SECRET)
				.contains("pk-lf-public");
		});
	}

	@Test
	void theFunctionIsABeanTheEndpointsPickUp() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(LangfuseSecretSanitizingFunction.class));
	}

	@Test
	void withoutTheActuatorNothingIsContributed() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SanitizingFunction.class));
	}

}
