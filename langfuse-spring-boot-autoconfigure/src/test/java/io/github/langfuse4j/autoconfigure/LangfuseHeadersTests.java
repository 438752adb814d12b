package io.github.langfuse4j.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.ingest.IngestConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@code langfuse.headers.*} and {@code langfuse.otlp.endpoint} in the context (issue
 * 16): bound in order, bad names and values fail startup naming the property without
 * showing the value, and every header value is masked in the actuator and never logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class LangfuseHeadersTests {

	private static final String SECRET = "gw-very-secret";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class));

	@Test
	void headersAreBoundInOrderWithTheirNames() {
		this.runner
			.withPropertyValues("langfuse.headers[X-Gateway-Token]=" + SECRET, "langfuse.headers.x-tenant=acme",
					"langfuse.otlp.endpoint=http://localhost:4318/v1/traces")
			.run((context) -> {
				IngestConfig config = context.getBean(IngestConfig.class);
				assertThat(config.headers()).containsExactly(entry("X-Gateway-Token", SECRET),
						entry("x-tenant", "acme"));
				assertThat(config.otlpEndpoint()).isEqualTo("http://localhost:4318/v1/traces");
			});
	}

	@Test
	void aHeaderTheExporterSetsFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("langfuse.headers[Authorization]=Bearer " + SECRET).run((context) -> {
			InvalidConfigurationPropertyValueException failure = failure(context.getStartupFailure());
			assertThat(failure.getName()).isEqualTo("langfuse.headers.Authorization");
			assertThat(failure.getReason()).contains("set by the exporter");
			assertThat(failure).hasMessageNotContaining(SECRET);
		});
	}

	@Test
	void aBadHeaderValueFailsStartupWithoutShowingIt(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--langfuse.headers[X-Token]=" + SECRET + "\r\nX-Injected: 1", "--langfuse.public-key=pk-lf-1",
					"--langfuse.secret-key=sk-lf-2")
			.close());
		assertThat(output).contains("langfuse.headers.X-Token").doesNotContain(SECRET);
	}

	@Test
	void aBadHeaderNameFailsStartupNamingTheProperty(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--langfuse.headers[Content-Type]=" + SECRET, "--langfuse.public-key=pk-lf-1",
					"--langfuse.secret-key=sk-lf-2")
			.close());
		assertThat(output).contains("langfuse.headers.Content-Type").doesNotContain(SECRET);
	}

	@Test
	void anOtlpEndpointWithUserInfoFailsStartupWithoutShowingIt(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--langfuse.otlp.endpoint=http://admin:hunter2@collector:4318/v1/traces",
					"--langfuse.public-key=pk-lf-1", "--langfuse.secret-key=sk-lf-2")
			.close());
		assertThat(output).contains("langfuse.otlp.endpoint").doesNotContain("hunter2");
	}

	@Test
	void anOtlpEndpointThatIsNotAUrlFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("langfuse.otlp.endpoint=collector:4318")
			.run((context) -> assertThat(failure(context.getStartupFailure()).getName())
				.isEqualTo("langfuse.otlp.endpoint"));
	}

	@Test
	void anOtlpEndpointWithTheIngestionProtocolIsIgnoredWithAWarning(CapturedOutput output) {
		this.runner
			.withPropertyValues("langfuse.public-key=pk-lf-1", "langfuse.secret-key=sk-lf-2",
					"langfuse.protocol=ingestion", "langfuse.otlp.endpoint=http://collector.example.com/v1/traces")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("langfuse.otlp.endpoint is ignored").doesNotContain("unencrypted");
	}

	@Test
	void headerValuesAreNeverLogged(CapturedOutput output) {
		this.runner
			.withPropertyValues("langfuse.host=http://localhost:1", "langfuse.public-key=pk-lf-1",
					"langfuse.secret-key=sk-lf-2", "langfuse.headers.X-Gateway-Token=" + SECRET)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(IngestConfig.class).toString()).doesNotContain(SECRET);
			});
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void theActuatorMasksEveryHeaderValue() {
		this.runner
			.withConfiguration(AutoConfigurations.of(EnvironmentEndpointAutoConfiguration.class,
					ConfigurationPropertiesReportEndpointAutoConfiguration.class))
			.withPropertyValues("langfuse.enabled=false", "langfuse.headers.X-Gateway-Token=" + SECRET,
					"langfuse.headers[X-Tenant]=acme-tenant", "management.endpoint.env.show-values=always",
					"management.endpoint.configprops.show-values=always",
					"management.endpoints.web.exposure.include=env,configprops")
			.run((context) -> {
				EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);
				assertThat(env.environmentEntry("langfuse.headers.X-Gateway-Token").getProperty().getValue())
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(JSON.writeValueAsString(env.environment(null))).doesNotContain(SECRET)
					.doesNotContain("acme-tenant");
				ConfigurationPropertiesReportEndpoint configprops = context
					.getBean(ConfigurationPropertiesReportEndpoint.class);
				assertThat(JSON.writeValueAsString(configprops.configurationProperties())).doesNotContain(SECRET)
					.doesNotContain("acme-tenant")
					.contains("X-Gateway-Token");
			});
	}

	@Test
	void theFunctionMasksHeadersInEverySpellingAndNothingElse() {
		SanitizingFunction function = new LangfuseSecretSanitizingFunction();
		for (String key : new String[] { "langfuse.headers.X-Gateway-Token", "langfuse.headers[X-Tenant]",
				"LANGFUSE_HEADERS_X_TENANT", "langfuse.headers.x-tenant", "langfuse.headers" }) {
			assertThat(function.apply(new SanitizableData(null, key, "v")).getValue()).as(key)
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
		}
		for (String key : new String[] { "langfuse.host", "langfuse.otlp.endpoint", "other.headers.x", "langfuse" }) {
			assertThat(function.apply(new SanitizableData(null, key, "v")).getValue()).as(key).isEqualTo("v");
		}
		assertThat(function.apply(new SanitizableData(null, "langfuse.headers", Map.of("X-T", SECRET))).getValue())
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
	}

	private static InvalidConfigurationPropertyValueException failure(Throwable startupFailure) {
		Throwable failure = startupFailure;
		while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
			failure = failure.getCause();
		}
		assertThat(failure).isInstanceOf(InvalidConfigurationPropertyValueException.class);
		return (InvalidConfigurationPropertyValueException) failure;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
