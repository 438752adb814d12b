package io.github.langfuse4j.autoconfigure.springai;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;

/**
 * Warns once at startup when the application also exports its Micrometer or OpenTelemetry
 * spans to Langfuse's OTLP endpoint (the recipe of Langfuse's Spring AI guide): with the
 * bridge every Spring AI call would then appear twice.
 */
final class DuplicateExportWarning implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(DuplicateExportWarning.class);

	/**
	 * Where an OTLP trace endpoint is set: Spring Boot's property, the OpenTelemetry
	 * SDK's (also as the {@code OTEL_EXPORTER_OTLP_*} environment variables).
	 */
	static final List<String> ENDPOINT_PROPERTIES = List.of("management.opentelemetry.tracing.export.otlp.endpoint",
			"management.otlp.tracing.endpoint", "otel.exporter.otlp.traces.endpoint", "otel.exporter.otlp.endpoint");

	private static final String LANGFUSE_OTLP_PATH = "/api/public/otel";

	private final Environment environment;

	DuplicateExportWarning(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String property = duplicateExport();
		if (property != null) {
			logger.warn("Langfuse: " + property + " sends the application's spans to Langfuse's OTLP endpoint, and "
					+ "the starter records Spring AI's observations itself: every Spring AI call would appear twice "
					+ "in Langfuse. Remove that export (or set langfuse.spring-ai.enabled=false)");
		}
	}

	/** The property that points an OTLP trace export at Langfuse, or {@code null}. */
	@Nullable String duplicateExport() {
		for (String property : ENDPOINT_PROPERTIES) {
			String value = this.environment.getProperty(property);
			if (value != null && value.contains(LANGFUSE_OTLP_PATH)) {
				return property;
			}
		}
		return null;
	}

}
