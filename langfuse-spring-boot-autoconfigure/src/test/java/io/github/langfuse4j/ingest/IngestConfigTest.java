package io.github.langfuse4j.ingest;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

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
			.otlpEndpoint("http://localhost:4318/v1/traces")
			.header("X-Gateway-Token", "gw-secret")
			.header("X-Tenant", "acme")
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
		assertThat(config.otlpEndpoint()).isEqualTo("http://localhost:4318/v1/traces");
		assertThat(config.headers()).containsExactly(entry("X-Gateway-Token", "gw-secret"), entry("X-Tenant", "acme"));
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
		assertThat(config.toBuilder().otlpEndpoint(null).build()).isNotEqualTo(config);
		assertThat(config.toBuilder().otlpEndpoint("http://localhost:4319/v1/traces").build()).isNotEqualTo(config);
		assertThat(config.toBuilder().header("X-Tenant", "other").build()).isNotEqualTo(config);
		assertThat(config.toBuilder().headers(Map.of()).build()).isNotEqualTo(config);
	}

	@Test
	void toStringLeavesTheSecretKeyOut() {
		IngestConfig config = everySettingChanged();
		assertThat(config.toString()).startsWith("IngestConfig[")
			.contains("host=http://localhost:3000")
			.contains("publicKey=pk-lf-1")
			.doesNotContain("sk-lf-secret")
			.doesNotContain("secretKey")
			.contains("otlpEndpoint=http://localhost:4318/v1/traces")
			.contains("headers=[X-Gateway-Token, X-Tenant]")
			.doesNotContain("gw-secret")
			.doesNotContain("acme");
	}

	@Test
	void headersAreUnmodifiableKeepTheirOrderAndHeadersReplacesThem() {
		IngestConfig config = IngestConfig.builder().header("b", "2").header("a", "1").header("c", "3").build();
		assertThat(config.headers().keySet()).containsExactly("b", "a", "c");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> config.headers().put("d", "4"));
		Map<String, String> replacement = new LinkedHashMap<>();
		replacement.put("z", "26");
		replacement.put("y", "25");
		IngestConfig replaced = config.toBuilder().headers(replacement).build();
		assertThat(replaced.headers()).containsExactly(entry("z", "26"), entry("y", "25"));
		replacement.put("x", "24");
		assertThat(replaced.headers()).hasSize(2);
		assertThat(IngestConfig.builder().build().headers()).isEmpty();
		assertThat(IngestConfig.builder().build().otlpEndpoint()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Authorization", "authorization", "Content-Type", "content-encoding", "Content-Length",
			"Host", "Connection", "x-langfuse-sdk-name", "X-Langfuse-Sdk-Version", "x-langfuse-ingestion-version",
			"x-langfuse-anything" })
	void headersTheExporterSetsCannotBeOverridden(String name) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> IngestConfig.builder().header(name, "v").build())
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("headers." + name))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("set by the exporter"));
	}

	@Test
	void headerNamesThatAreNotHttpTokensAreRefused() {
		for (String name : List.of("", "X Tenant", "X-Tenant:", "X\r\nInjected", "X-Ten(ant)", "Zo\u00eb")) {
			assertThatExceptionOfType(InvalidSettingException.class)
				.isThrownBy(() -> IngestConfig.builder().header(name, "v").build())
				.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("headers." + name))
				.satisfies((ex) -> assertThat(ex.getReason()).contains("token"));
		}
	}

	@Test
	void headerValuesWithLineBreaksOrControlCharactersAreRefusedWithoutShowingThem() {
		for (String value : List.of("secret\r\nX-Injected: 1", "secret\n", "secret\0", "secret\u007f",
				"secret\u2603")) {
			assertThatExceptionOfType(InvalidSettingException.class)
				.isThrownBy(() -> IngestConfig.builder().header("X-Token", value).build())
				.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("headers.X-Token"))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("secret"))
				.satisfies((ex) -> assertThat(String.valueOf(ex.getValue())).doesNotContain("secret"));
		}
		assertThat(IngestConfig.builder().header("X-Token", "a\tb c!~").build().headers()).containsKey("X-Token");
	}

	@Test
	void aHeaderNameTwiceInAnotherCaseIsRefused() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> IngestConfig.builder().header("X-Tenant", "a").header("x-tenant", "b").build())
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("headers.x-tenant"));
	}

	@Test
	void aNullHeaderValueIsRefused() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> IngestConfig.builder().header("X-Tenant", null).build())
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("headers.X-Tenant"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "collector:4318/v1/traces", "ftp://collector/v1/traces", "http://collector/v1/traces?x=1",
			"http://collector/v1/traces#f", "http:///v1/traces", " " })
	void anOtlpEndpointThatIsNotAnHttpUrlIsRefused(String endpoint) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> IngestConfig.builder().otlpEndpoint(endpoint).build())
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("otlp.endpoint"));
	}

	@Test
	void anOtlpEndpointWithUserInfoIsRefusedWithoutShowingIt() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> IngestConfig.builder().otlpEndpoint("https://admin:hunter2@collector/v1/traces").build())
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("otlp.endpoint"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("hunter2"))
			.satisfies((ex) -> assertThat(String.valueOf(ex.getValue())).doesNotContain("hunter2"));
	}

	@Test
	void anOtlpEndpointIsKeptAsAFullUrl() {
		assertThat(IngestConfig.builder()
			.otlpEndpoint(" https://collector.example.com:4318/v1/traces ")
			.build()
			.otlpEndpoint()).isEqualTo("https://collector.example.com:4318/v1/traces");
	}

}
