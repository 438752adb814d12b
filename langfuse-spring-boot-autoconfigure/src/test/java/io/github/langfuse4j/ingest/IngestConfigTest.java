package io.github.langfuse4j.ingest;

import java.lang.reflect.Modifier;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IngestConfig} is a value built only through its builder (issue 14 step 7), so
 * that a new setting is not a breaking change: no public constructor, every setting in
 * {@code equals}, and a {@code toString} that can be logged.
 */
class IngestConfigTest {

	private static IngestConfig everySettingChanged() {
		return IngestConfig.builder()
			.enabled(false)
			.host("http://localhost:3000/")
			.publicKey("pk-lf-1")
			.secretKey("sk-lf-secret")
			.protocol(IngestConfig.Protocol.INGESTION)
			.environment("staging")
			.release("1.2.3")
			.maxBatch(10)
			.maxBatchBytes(20_000)
			.maxEventBytes(10_000)
			.flushInterval(Duration.ofMillis(200))
			.queueCapacity(30)
			.connectTimeout(Duration.ofSeconds(2))
			.readTimeout(Duration.ofSeconds(3))
			.shutdownTimeout(Duration.ofSeconds(4))
			.maxRetries(5)
			.serviceName("checkout")
			.maxRequestsInFlight(6)
			.otlpCompression(IngestConfig.Compression.GZIP)
			.build();
	}

	@Test
	void isAFinalClassWithoutPublicConstructors() {
		assertThat(IngestConfig.class.isRecord()).isFalse();
		assertThat(Modifier.isFinal(IngestConfig.class.getModifiers())).isTrue();
		assertThat(IngestConfig.class.getConstructors()).isEmpty();
	}

	@Test
	void theBuilderSetsEverySettingAndToBuilderKeepsThem() {
		IngestConfig config = everySettingChanged();
		assertThat(config.enabled()).isFalse();
		assertThat(config.host()).isEqualTo("http://localhost:3000");
		assertThat(config.publicKey()).isEqualTo("pk-lf-1");
		assertThat(config.secretKey()).isEqualTo("sk-lf-secret");
		assertThat(config.protocol()).isEqualTo(IngestConfig.Protocol.INGESTION);
		assertThat(config.environment()).isEqualTo("staging");
		assertThat(config.release()).isEqualTo("1.2.3");
		assertThat(config.maxBatch()).isEqualTo(10);
		assertThat(config.maxBatchBytes()).isEqualTo(20_000);
		assertThat(config.maxEventBytes()).isEqualTo(10_000);
		assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(200));
		assertThat(config.queueCapacity()).isEqualTo(30);
		assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(4));
		assertThat(config.maxRetries()).isEqualTo(5);
		assertThat(config.serviceName()).isEqualTo("checkout");
		assertThat(config.maxRequestsInFlight()).isEqualTo(6);
		assertThat(config.otlpCompression()).isEqualTo(IngestConfig.Compression.GZIP);
		assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
	}

	@Test
	void equalsComparesEverySetting() {
		IngestConfig config = everySettingChanged();
		assertThat(config).isEqualTo(everySettingChanged()).hasSameHashCodeAs(everySettingChanged());
		assertThat(config).isNotEqualTo(null).isNotEqualTo("IngestConfig");
		assertThat(config.toBuilder().enabled(true).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().host("http://localhost:3001").build()).isNotEqualTo(config);
		assertThat(config.toBuilder().publicKey("pk-lf-2").build()).isNotEqualTo(config);
		assertThat(config.toBuilder().secretKey("sk-lf-other").build()).isNotEqualTo(config);
		assertThat(config.toBuilder().protocol(IngestConfig.Protocol.OTLP).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().environment("prod").build()).isNotEqualTo(config);
		assertThat(config.toBuilder().release("1.2.4").build()).isNotEqualTo(config);
		assertThat(config.toBuilder().maxBatch(11).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().maxBatchBytes(20_001).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().maxEventBytes(10_001).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().flushInterval(Duration.ofMillis(201)).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().queueCapacity(31).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().connectTimeout(Duration.ofSeconds(1)).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().readTimeout(Duration.ofSeconds(1)).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().shutdownTimeout(Duration.ofSeconds(1)).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().maxRetries(4).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().serviceName("billing").build()).isNotEqualTo(config);
		assertThat(config.toBuilder().maxRequestsInFlight(7).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().otlpCompression(IngestConfig.Compression.NONE).build()).isNotEqualTo(config);
	}

	@Test
	void toStringLeavesTheSecretKeyOut() {
		IngestConfig config = everySettingChanged();
		assertThat(config.toString()).startsWith("IngestConfig[")
			.contains("host=http://localhost:3000")
			.contains("publicKey=pk-lf-1")
			.doesNotContain("sk-lf-secret")
			.doesNotContain("secretKey");
	}

}
