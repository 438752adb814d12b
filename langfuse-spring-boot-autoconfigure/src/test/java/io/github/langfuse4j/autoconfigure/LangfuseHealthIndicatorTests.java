package io.github.langfuse4j.autoconfigure;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseIngest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code langfuse} health contributor's conditions and details, without sending
 * anything; how it follows failing and recovering requests is in
 * {@link LangfuseHealthAndRequestMetricsIntegrationTests}.
 */
class LangfuseHealthIndicatorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class));

	private ApplicationContextRunner withKeys() {
		return this.runner.withPropertyValues("langfuse.host=http://127.0.0.1:9", "langfuse.public-key=pk-lf-1",
				"langfuse.secret-key=sk-lf-2", "langfuse.protocol=ingestion", "langfuse.max-retries=0");
	}

	@Test
	void healthOfAnInactiveStarterIsUp() {
		this.runner.run((context) -> {
			Health health = context.getBean(LangfuseHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("exporting", false);
		});
	}

	@Test
	void healthIndicatorCanBeDisabledAndNeedsSpringBootHealth() {
		withKeys().withPropertyValues("management.health.langfuse.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LangfuseHealthIndicator.class));
		withKeys().withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LangfuseHealthIndicator.class)
				.hasSingleBean(LangfuseIngest.class));
	}

	@Test
	void theSampleRateAndTheMaskingShowInTheDetails() {
		IngestConfig config = IngestConfig.builder()
			.publicKey("pk-lf-1")
			.secretKey("sk-lf-2")
			.sampleRate(0.25)
			.masker((field, value) -> value)
			.masker((field, value) -> value)
			.build();
		Health health = new LangfuseHealthIndicator(LangfuseIngest.noop(), config).health(true);
		assertThat(health.getDetails()).containsEntry("sampleRate", 0.25)
			.containsEntry("sampledOut", 0L)
			.containsEntry("maskers", 2)
			.containsEntry("maskingFailures", 0L);
		Health plain = new LangfuseHealthIndicator(LangfuseIngest.noop(),
				IngestConfig.builder().publicKey("pk-lf-1").secretKey("sk-lf-2").build())
			.health(true);
		assertThat(plain.getDetails()).containsEntry("sampledOut", 0L)
			.doesNotContainKeys("sampleRate", "maskers", "maskingFailures");
	}

	@Test
	void theProtocolDetailDoesNotDependOnTheDefaultLocale() {
		IngestConfig config = IngestConfig.builder()
			.publicKey("pk-lf-1")
			.secretKey("sk-lf-2")
			.protocol(IngestConfig.Protocol.INGESTION)
			.build();
		Locale locale = Locale.getDefault();
		Locale.setDefault(Locale.forLanguageTag("tr-TR"));
		try {
			Health health = new LangfuseHealthIndicator(LangfuseIngest.noop(), config).health(true);
			assertThat(health.getDetails()).containsEntry("protocol", "ingestion");
		}
		finally {
			Locale.setDefault(locale);
		}
	}

}
