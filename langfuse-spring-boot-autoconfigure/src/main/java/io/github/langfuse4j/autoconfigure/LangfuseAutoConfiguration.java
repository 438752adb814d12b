package io.github.langfuse4j.autoconfigure;

import java.util.List;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;

import io.github.langfuse4j.ingest.CommonSecretsMasker;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.InvalidSettingException;
import io.github.langfuse4j.ingest.LangfuseHttpClientCustomizer;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.LangfuseMasker;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;
import io.github.langfuse4j.ingest.RequestObserver;
import io.github.langfuse4j.tracing.Langfuse;

/**
 * Auto-configuration of the Langfuse exporter: binds {@code langfuse.*} (then applies the
 * {@link IngestConfigCustomizer} beans), creates the {@link LangfuseIngest} bean (a no-op
 * one when disabled or without keys), the {@link Langfuse} tracing API on top of it and,
 * with Micrometer and Spring Boot's health support, its metrics and health contributor,
 * and with the actuator a sanitizing function that always masks
 * {@code langfuse.secret-key}. The exporter's scheduler, JSON mapper and HTTP client are
 * private to it; no bean of a type Spring Boot configures is exposed. On a Spring Boot
 * older than 4.0 it fails the startup at once ({@link SpringBootVersionCondition}).
 */
@AutoConfiguration
@Conditional(SpringBootVersionCondition.class)
@EnableConfigurationProperties(LangfuseProperties.class)
@ImportRuntimeHints(LangfuseRuntimeHints.class)
public final class LangfuseAutoConfiguration {

	private static final Log logger = LogFactory.getLog(LangfuseAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	IngestConfig langfuseIngestConfig(LangfuseProperties properties, Environment environment,
			ObjectProvider<LangfuseMasker> maskers, ObjectProvider<IngestConfigCustomizer> customizers) {
		IngestConfig bound;
		try {
			bound = properties.toIngestConfig();
		}
		catch (InvalidSettingException ex) {
			// a rejected header value or URL is carried masked (the exception's value),
			// never as bound
			throw new InvalidConfigurationPropertyValueException("langfuse." + ex.getSetting(), ex.getValue(),
					ex.getReason());
		}
		IngestConfig.Builder builder = bound.toBuilder().maskers(maskers.orderedStream().toList());
		if (properties.getMasking().isCommonSecrets()) {
			// after the application's maskers, so that it sees what they leave
			builder.masker(new CommonSecretsMasker());
		}
		String applicationName = environment.getProperty("spring.application.name");
		boolean named = properties.getServiceName() != null && !properties.getServiceName().isBlank();
		if (!named && applicationName != null && !applicationName.isBlank()) {
			builder.serviceName(applicationName);
		}
		// a value a customizer set is not a property: its InvalidSettingException names
		// the setting as it is
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	LangfuseIngest langfuseIngest(IngestConfig config,
			ObjectProvider<LangfuseRestClientCustomizer> restClientCustomizers,
			ObjectProvider<LangfuseHttpClientCustomizer> httpClientCustomizers,
			ObjectProvider<RequestObserver> observers) {
		if (!config.enabled()) {
			logger.info("Langfuse export is disabled (langfuse.enabled=false); telemetry is not sent");
			return LangfuseIngest.noop();
		}
		if (!config.hasKeys()) {
			logger
				.info("Langfuse export is inactive: " + missingKeys(config) + " to send telemetry to " + config.host());
			return LangfuseIngest.noop();
		}
		if (PlainHttp.toAnotherMachine(config.host())) {
			logger.warn("Langfuse export to " + config.host() + " uses plain http, which sends the project keys and "
					+ "all telemetry unencrypted over the network; use https");
		}
		String otlpEndpoint = otlpEndpoint(config);
		if (otlpEndpoint != null && PlainHttp.toAnotherMachine(otlpEndpoint)) {
			logger.warn("Langfuse OTLP export to " + otlpEndpoint + " uses plain http, which sends the project keys "
					+ "and all telemetry unencrypted over the network; use https");
		}
		if (config.otlpEndpoint() != null && otlpEndpoint == null) {
			logger.warn("langfuse.otlp.endpoint is ignored: langfuse.protocol is 'ingestion', which sends every "
					+ "event to langfuse.host");
		}
		CompositeCustomizer customizer = new CompositeCustomizer(restClientCustomizers.orderedStream().toList(),
				httpClientCustomizers.orderedStream().toList());
		List<RequestObserver> all = observers.orderedStream().toList();
		RequestObserver observer = (endpoint, status, failure, nanos) -> all
			.forEach((o) -> o.requestCompleted(endpoint, status, failure, nanos));
		LangfuseIngest ingest = LangfuseIngest.create(config, customizer, customizer, observer);
		logger.info("Langfuse export to " + config.host() + " (protocol "
				+ config.protocol().name().toLowerCase(Locale.ROOT)
				+ ((otlpEndpoint != null) ? ", OTLP endpoint " + otlpEndpoint : "") + ", public key "
				+ config.publicKey() + ")");
		return ingest;
	}

	/** The configured OTLP endpoint, when the protocol uses it. */
	static @Nullable String otlpEndpoint(IngestConfig config) {
		return (config.protocol() == IngestConfig.Protocol.OTLP) ? config.otlpEndpoint() : null;
	}

	private static String missingKeys(IngestConfig config) {
		boolean publicKey = config.publicKey() == null || config.publicKey().isBlank();
		boolean secretKey = config.secretKey() == null || config.secretKey().isBlank();
		if (publicKey && secretKey) {
			return "langfuse.public-key and langfuse.secret-key are not set; set them";
		}
		return (publicKey ? "langfuse.public-key" : "langfuse.secret-key") + " is not set; set it";
	}

	@Bean
	@ConditionalOnMissingBean
	Langfuse langfuse(LangfuseIngest ingest, LangfuseProperties properties) {
		return Langfuse.builder(ingest).captureContent(properties.isCaptureContent()).build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
	static class LangfuseMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LangfuseIngestMetrics langfuseIngestMetrics(LangfuseIngest ingest) {
			return new LangfuseIngestMetrics(ingest);
		}

		@Bean
		@ConditionalOnMissingBean
		LangfuseRequestMetrics langfuseRequestMetrics() {
			return new LangfuseRequestMetrics();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
	static class LangfuseActuatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "langfuseSecretSanitizingFunction")
		LangfuseSecretSanitizingFunction langfuseSecretSanitizingFunction() {
			return new LangfuseSecretSanitizingFunction();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	static class LangfuseHealthConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnEnabledHealthIndicator("langfuse")
		static class LangfuseHealthIndicatorConfiguration {

			@Bean
			@ConditionalOnMissingBean(name = "langfuseHealthIndicator")
			LangfuseHealthIndicator langfuseHealthIndicator(LangfuseIngest ingest, IngestConfig config) {
				return new LangfuseHealthIndicator(ingest, config);
			}

		}

	}

}
