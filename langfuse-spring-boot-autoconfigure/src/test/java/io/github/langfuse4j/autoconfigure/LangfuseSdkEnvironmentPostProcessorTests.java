package io.github.langfuse4j.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.github.langfuse4j.ingest.IngestConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The environment variables of the Langfuse SDKs: the post-processor on an environment
 * whose system environment is a fake map, the bound {@link IngestConfig} in a real
 * context, and one real {@code SpringApplication} that proves the post-processor is
 * registered.
 */
@ExtendWith(OutputCaptureExtension.class)
class LangfuseSdkEnvironmentPostProcessorTests {

	private static final DeferredLogFactory LOGS = (destination) -> destination.get();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class));

	private static StandardEnvironment environment(Map<String, Object> variables, String... properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(variables)));
		Map<String, Object> values = new HashMap<>();
		for (String property : properties) {
			int equals = property.indexOf('=');
			values.put(property.substring(0, equals), property.substring(equals + 1));
		}
		environment.getPropertySources().addFirst(new MapPropertySource("applicationConfig", values));
		ConfigurationPropertySources.attach(environment);
		return environment;
	}

	private static StandardEnvironment processed(Map<String, Object> variables, String... properties) {
		StandardEnvironment environment = environment(variables, properties);
		new LangfuseSdkEnvironmentPostProcessor(LOGS).postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	/** Binds the processed environment in a real context and returns its config. */
	private IngestConfig bound(StandardEnvironment processed) {
		IngestConfig[] config = new IngestConfig[1];
		this.runner.withInitializer((context) -> copy(processed, context)).run((context) -> {
			assertThat(context).hasNotFailed();
			config[0] = context.getBean(IngestConfig.class);
		});
		return config[0];
	}

	private static void copy(StandardEnvironment from, ConfigurableApplicationContext to) {
		to.getEnvironment()
			.getPropertySources()
			.forEach((source) -> to.getEnvironment().getPropertySources().remove(source.getName()));
		from.getPropertySources().forEach((source) -> {
			if (!source.getName().equals("configurationProperties")) {
				to.getEnvironment().getPropertySources().addLast(source);
			}
		});
	}

	@Test
	void theSdkNamesReachTheBoundConfigInTheirUnits() {
		IngestConfig config = bound(
				processed(Map.of("LANGFUSE_BASE_URL", "http://127.0.0.1:9", "LANGFUSE_TRACING_ENVIRONMENT", "staging",
						"LANGFUSE_FLUSH_AT", "100", "LANGFUSE_FLUSH_INTERVAL", "0.5", "LANGFUSE_TIMEOUT", "3")));
		assertThat(config.host()).isEqualTo("http://127.0.0.1:9");
		assertThat(config.environment()).isEqualTo("staging");
		assertThat(config.maxBatch()).isEqualTo(100);
		assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(500));
		assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void aBareFlushIntervalIsSecondsNotSpringsMilliseconds() {
		assertThat(bound(processed(Map.of("LANGFUSE_FLUSH_INTERVAL", "2"))).flushInterval())
			.isEqualTo(Duration.ofSeconds(2));
		assertThat(bound(processed(Map.of("LANGFUSE_FLUSH_INTERVAL", "500ms"))).flushInterval())
			.isEqualTo(Duration.ofMillis(500));
		assertThat(
				bound(processed(Map.of("LANGFUSE_FLUSH_INTERVAL", "2"), "langfuse.flush-interval=3s")).flushInterval())
			.isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void tracingEnabledFalseDisablesTheExporter() {
		assertThat(bound(processed(Map.of("LANGFUSE_TRACING_ENABLED", "FALSE"))).enabled()).isFalse();
		assertThat(bound(processed(Map.of("LANGFUSE_TRACING_ENABLED", "true"))).enabled()).isTrue();
	}

	@Test
	void theNamesSpringAlreadyBindsReachTheConfig() {
		IngestConfig config = bound(processed(Map.of("LANGFUSE_PUBLIC_KEY", "pk-lf-env", "LANGFUSE_SECRET_KEY",
				"sk-lf-env", "LANGFUSE_HOST", "http://127.0.0.1:9", "LANGFUSE_RELEASE", "v1.2")));
		assertThat(config.publicKey()).isEqualTo("pk-lf-env");
		assertThat(config.secretKey()).isEqualTo("sk-lf-env");
		assertThat(config.host()).isEqualTo("http://127.0.0.1:9");
		assertThat(config.release()).isEqualTo("v1.2");
	}

	@Test
	void springPropertiesWinOverTheSdkNames(CapturedOutput output) {
		StandardEnvironment environment = processed(
				Map.of("LANGFUSE_TRACING_ENVIRONMENT", "staging", "LANGFUSE_FLUSH_AT", "100", "LANGFUSE_TIMEOUT", "3"),
				"langfuse.environment=prod", "langfuse.maxBatch=7");
		IngestConfig config = bound(environment);
		assertThat(config.environment()).isEqualTo("prod");
		assertThat(config.maxBatch()).isEqualTo(7);
		assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(output).contains("LANGFUSE_TRACING_ENVIRONMENT is ignored: langfuse.environment is set")
			.contains("LANGFUSE_FLUSH_AT is ignored: langfuse.max-batch is set")
			.doesNotContain("LANGFUSE_TIMEOUT is ignored");
	}

	@Test
	void langfuseHostWinsOverLangfuseBaseUrl() {
		IngestConfig config = bound(
				processed(Map.of("LANGFUSE_HOST", "http://127.0.0.1:9", "LANGFUSE_BASE_URL", "http://127.0.0.1:10")));
		assertThat(config.host()).isEqualTo("http://127.0.0.1:9");
	}

	@Test
	void theSdkNamesAreTheLowestPrecedence() {
		StandardEnvironment environment = processed(Map.of("LANGFUSE_TRACING_ENVIRONMENT", "staging"));
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.isEqualTo(LangfuseSdkEnvironmentPostProcessor.SOURCE_NAME);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			LANGFUSE_FLUSH_INTERVAL  | -1    | langfuse.flush-interval
			LANGFUSE_FLUSH_INTERVAL  | 1e30  | langfuse.flush-interval
			LANGFUSE_TIMEOUT         | -0.5  | langfuse.read-timeout
			LANGFUSE_TIMEOUT         | ten   | langfuse.read-timeout
			LANGFUSE_FLUSH_AT        | 1.5   | langfuse.max-batch
			LANGFUSE_FLUSH_AT        | many  | langfuse.max-batch
			LANGFUSE_TRACING_ENABLED | nope  | langfuse.enabled
			""")
	void malformedValuesFailNamingTheVariableAndTheProperty(String variable, String value, String property) {
		StandardEnvironment environment = environment(Map.of(variable, value));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new LangfuseSdkEnvironmentPostProcessor(LOGS).postProcessEnvironment(environment,
					new SpringApplication()))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo(property))
			.withMessageContaining(variable);
	}

	@Test
	void aMalformedVariableThatASpringPropertyShadowsIsIgnored() {
		StandardEnvironment environment = processed(Map.of("LANGFUSE_FLUSH_AT", "many"), "langfuse.max-batch=7");
		assertThat(bound(environment).maxBatch()).isEqualTo(7);
	}

	@Test
	void theSampleRateIsHonouredAndNoLongerReportedAsUnsupported(CapturedOutput output) {
		assertThat(bound(processed(Map.of("LANGFUSE_SAMPLE_RATE", "0.25"))).sampleRate()).isEqualTo(0.25);
		assertThat(bound(processed(Map.of("LANGFUSE_SAMPLE_RATE", "0.25"), "langfuse.sample-rate=0.5")).sampleRate())
			.isEqualTo(0.5);
		assertThat(output).doesNotContain("not supported");
	}

	@Test
	void theSecretKeyIsNotCopiedIntoTheSdkSource() {
		StandardEnvironment environment = processed(
				Map.of("LANGFUSE_SECRET_KEY", "sk-lf-env", "LANGFUSE_BASE_URL", "http://127.0.0.1:9"));
		assertThat(environment.getPropertySources()
			.get(LangfuseSdkEnvironmentPostProcessor.SOURCE_NAME)
			.getProperty("langfuse.secret-key")).isNull();
	}

	@Test
	void aRealApplicationRunsThePostProcessorAndFailsNamingTheVariable(CapturedOutput output) {
		StandardEnvironment environment = environment(Map.of("LANGFUSE_FLUSH_INTERVAL", "-1"));
		assertThatException().isThrownBy(() -> application(environment).close());
		assertThat(output).contains("Invalid value '-1' for configuration property 'langfuse.flush-interval'")
			.contains("the Langfuse SDK environment variable LANGFUSE_FLUSH_INTERVAL, read for "
					+ "langfuse.flush-interval, must be a number of seconds");
	}

	@Test
	void aRealApplicationReportsAValueWithAUnitThatSpringCannotReadWithTheVariablesName(CapturedOutput output) {
		StandardEnvironment environment = environment(Map.of("LANGFUSE_FLUSH_INTERVAL", "abc"));
		assertThatException().isThrownBy(() -> application(environment).close());
		assertThat(output).contains("Property: langfuse.flush-interval")
			.contains("Origin: System Environment Property \"LANGFUSE_FLUSH_INTERVAL\"");
	}

	private static ConfigurableApplicationContext application(StandardEnvironment environment) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).environment(environment).run();
	}

	@Test
	void aRealApplicationBindsAnSdkName() {
		StandardEnvironment environment = environment(Map.of("LANGFUSE_TRACING_ENVIRONMENT", "staging"));
		try (ConfigurableApplicationContext context = application(environment)) {
			assertThat(context.getBean(IngestConfig.class).environment()).isEqualTo("staging");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
