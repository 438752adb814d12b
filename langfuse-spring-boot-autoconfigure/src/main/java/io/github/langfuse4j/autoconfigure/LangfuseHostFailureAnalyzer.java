package io.github.langfuse4j.autoconfigure;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a rejected {@code langfuse.host} or {@code langfuse.otlp.endpoint} with the
 * value the exporter checked, where user info such as {@code admin:hunter2@} is replaced
 * by {@code ***}, and a rejected {@code langfuse.headers.*} entry without its value
 * (which may be a credential). Spring Boot's own analyzer would print the raw value from
 * the property source, password included, so this one runs first.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class LangfuseHostFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationPropertyValueException> {

	static final String PROPERTY = "langfuse.host";

	static final String OTLP_ENDPOINT = "langfuse.otlp.endpoint";

	static final String HEADERS = "langfuse.headers.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationPropertyValueException cause) {
		String name = cause.getName();
		String action;
		if (PROPERTY.equals(name)) {
			action = "Set " + PROPERTY + " to the base URL of the Langfuse server, such as "
					+ "https://cloud.langfuse.com or http://localhost:3000, without user info; the project keys go in "
					+ "langfuse.public-key and langfuse.secret-key.";
		}
		else if (OTLP_ENDPOINT.equals(name)) {
			action = "Set " + OTLP_ENDPOINT + " to the full http or https URL of an OTLP/HTTP traces endpoint, such as "
					+ "http://otel-collector:4318/v1/traces, without user info, query or fragment, or remove it to "
					+ "send the traces to langfuse.host.";
		}
		else if (name != null && name.startsWith(HEADERS)) {
			action = "Fix or remove " + name + ": custom headers need a token name (letters, digits, '-'), a value "
					+ "without line breaks, and cannot replace Authorization, Content-Type, Content-Encoding or "
					+ "x-langfuse-* headers, which the exporter sets.";
		}
		else {
			return null;
		}
		String description = "Invalid value '" + cause.getValue() + "' for configuration property '" + name
				+ "'. Validation failed for the following reason:\n\n" + cause.getReason() + "\n";
		return new FailureAnalysis(description, action, cause);
	}

}
