package io.github.langfuse4j.autoconfigure;

import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.InvalidSettingException;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration in a real application context, without sending anything: beans,
 * conditions, property binding and the startup failures of bad values. What the exporter
 * sends is checked against a loopback server in
 * {@link LangfuseAutoConfigurationIntegrationTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LangfuseAutoConfigurationTests {

	/**
	 * A discard port on this machine: these tests enqueue nothing, so nothing is sent to
	 * it.
	 */
	private static final String HOST = "http://127.0.0.1:9";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class));

	private ApplicationContextRunner withKeys() {
		return this.runner.withPropertyValues("langfuse.host=" + HOST, "langfuse.public-key=pk-lf-1",
				"langfuse.secret-key=sk-lf-2", "langfuse.protocol=ingestion");
	}

	@Test
	void createsARunningExporterWithTheDocumentedDefaults() {
		withKeys().run((context) -> {
			assertThat(context).hasSingleBean(LangfuseIngest.class).hasSingleBean(IngestConfig.class);
			assertThat(context.getBean(LangfuseIngest.class)).isNotSameAs(LangfuseIngest.noop());
			IngestConfig config = context.getBean(IngestConfig.class);
			assertThat(config.enabled()).isTrue();
			assertThat(config.maxBatch()).isEqualTo(2000);
			assertThat(config.maxBatchBytes()).isEqualTo(3_584_000);
			assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(1));
			assertThat(config.queueCapacity()).isEqualTo(10000);
			assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(config.maxRetries()).isEqualTo(2);
			assertThat(config.protocol()).isEqualTo(IngestConfig.Protocol.INGESTION);
			assertThat(config.host()).isEqualTo(HOST);
		});
	}

	@Test
	void propertyDefaultsAreTheExportersDefaults() {
		LangfuseProperties properties = new LangfuseProperties();
		properties.setPublicKey("pk");
		properties.setSecretKey("sk");
		assertThat(properties.toIngestConfig())
			.isEqualTo(IngestConfig.builder().publicKey("pk").secretKey("sk").build());
	}

	@Test
	void exposesNoBeanOfATypeSpringBootConfigures() {
		withKeys().run((context) -> {
			assertThat(context).doesNotHaveBean(TaskScheduler.class);
			assertThat(context).doesNotHaveBean(JsonMapper.class);
			assertThat(context).doesNotHaveBean(RestClient.Builder.class);
			assertThat(context).doesNotHaveBean(RestClient.class);
		});
	}

	@Test
	void isInertWithoutKeys(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(LangfuseIngest.class)).isSameAs(LangfuseIngest.noop());
			context.getBean(LangfuseIngest.class).enqueue(TraceCreate.of(TraceBody.builder("t").build()));
		});
		assertThat(output)
			.contains("Langfuse export is inactive: langfuse.public-key and langfuse.secret-key are not set");
	}

	@Test
	void isInertWhenDisabled(CapturedOutput output) {
		withKeys().withPropertyValues("langfuse.enabled=false")
			.run((context) -> assertThat(context.getBean(LangfuseIngest.class)).isSameAs(LangfuseIngest.noop()));
		assertThat(output).contains("Langfuse export is disabled (langfuse.enabled=false)");
	}

	@Test
	void theStartupLineDoesNotDependOnTheDefaultLocale(CapturedOutput output) {
		Locale locale = Locale.getDefault();
		Locale.setDefault(Locale.forLanguageTag("tr-TR"));
		try {
			withKeys().run((context) -> assertThat(context).hasNotFailed());
		}
		finally {
			Locale.setDefault(locale);
		}
		assertThat(output).contains("(protocol ingestion, public key pk-lf-1)");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			langfuse.max-batch=0           | langfuse.max-batch
			langfuse.queue-capacity=-1     | langfuse.queue-capacity
			langfuse.host=ftp://example.com | langfuse.host
			langfuse.host=not a url        | langfuse.host
			langfuse.flush-interval=0s     | langfuse.flush-interval
			langfuse.read-timeout=0s       | langfuse.read-timeout
			langfuse.max-batch-bytes=0B    | langfuse.max-batch-bytes
			langfuse.max-retries=-1        | langfuse.max-retries
			langfuse.environment=Prod      | langfuse.environment
			langfuse.environment=langfuse-prod | langfuse.environment
			langfuse.queue-capacity=1073741825 | langfuse.queue-capacity
			langfuse.queue-capacity=2147483647 | langfuse.queue-capacity
			langfuse.max-batch=2147483647  | langfuse.max-batch
			langfuse.flush-interval=1ns    | langfuse.flush-interval
			langfuse.max-batch-bytes=10GB  | langfuse.max-batch-bytes
			langfuse.max-batch-bytes=5MB   | langfuse.max-batch-bytes
			langfuse.max-event-bytes=10GB  | langfuse.max-event-bytes
			langfuse.connect-timeout=2h    | langfuse.connect-timeout
			langfuse.read-timeout=300d     | langfuse.read-timeout
			langfuse.shutdown-timeout=2h   | langfuse.shutdown-timeout
			langfuse.max-retries=1000      | langfuse.max-retries
			""")
	void badValuesFailStartupNamingTheProperty(String property, String name) {
		withKeys().withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOf(InvalidConfigurationPropertyValueException.class);
			assertThat(((InvalidConfigurationPropertyValueException) failure).getName()).isEqualTo(name);
		});
	}

	@Test
	void aTooLargeByteSizeIsReportedAsConfiguredNotCapped() {
		withKeys().withPropertyValues("langfuse.max-batch-bytes=10GB").run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("10737418240B") // 10GB, not capped to 2 GB
				.hasMessageContaining("must be between 1B and 4608KB");
		});
	}

	@Test
	void badValuesFailStartupEvenWithoutKeys() {
		this.runner.withPropertyValues("langfuse.max-batch=0").run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void customizerBeansChangeTheBoundConfigurationInOrder() {
		withKeys().withPropertyValues("langfuse.max-batch=5", "langfuse.release=from-property")
			.withUserConfiguration(Customizers.class)
			.run((context) -> {
				IngestConfig config = context.getBean(IngestConfig.class);
				assertThat(config.release()).isEqualTo("second");
				assertThat(config.queueCapacity()).isEqualTo(123);
				assertThat(config.maxBatch()).isEqualTo(5);
				assertThat(config.publicKey()).isEqualTo("pk-lf-1");
			});
	}

	@Test
	void aCustomizerValueOutOfRangeFailsStartupNamingTheSetting() {
		withKeys().withBean(IngestConfigCustomizer.class, () -> (builder) -> builder.maxBatch(0)).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof InvalidSettingException)) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOf(InvalidSettingException.class);
			assertThat(((InvalidSettingException) failure).getSetting()).isEqualTo("max-batch");
		});
	}

	@Test
	void backsOffFromTheApplicationsOwnBeans() {
		withKeys().withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(LangfuseIngest.class).hasSingleBean(IngestConfig.class);
			assertThat(context.getBean(LangfuseIngest.class)).isSameAs(OwnBeans.INGEST);
			assertThat(context.getBean(IngestConfig.class).maxBatch()).isEqualTo(7);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		@Bean
		@Order(2)
		IngestConfigCustomizer secondCustomizer() {
			return (builder) -> builder.release("second");
		}

		@Bean
		@Order(1)
		IngestConfigCustomizer firstCustomizer() {
			return (builder) -> builder.release("first").queueCapacity(123);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		static final LangfuseIngest INGEST = LangfuseIngest.noop();

		@Bean
		LangfuseIngest myIngest() {
			return INGEST;
		}

		@Bean
		IngestConfig myConfig() {
			return IngestConfig.builder().maxBatch(7).build();
		}

	}

}
