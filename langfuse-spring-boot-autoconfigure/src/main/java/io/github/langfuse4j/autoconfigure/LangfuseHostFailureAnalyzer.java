package io.github.langfuse4j.autoconfigure;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a rejected {@code langfuse.host} with the value the exporter checked, where
 * user info such as {@code admin:hunter2@} is replaced by {@code ***}. Spring Boot's own
 * analyzer would print the raw value from the property source, password included, so this
 * one runs first.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class LangfuseHostFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationPropertyValueException> {

	static final String PROPERTY = "langfuse.host";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationPropertyValueException cause) {
		if (!PROPERTY.equals(cause.getName())) {
			return null;
		}
		String description = "Invalid value '" + cause.getValue() + "' for configuration property '" + PROPERTY
				+ "'. Validation failed for the following reason:\n\n" + cause.getReason() + "\n";
		String action = "Set " + PROPERTY + " to the base URL of the Langfuse server, such as "
				+ "https://cloud.langfuse.com or http://localhost:3000, without user info; the project keys go in "
				+ "langfuse.public-key and langfuse.secret-key.";
		return new FailureAnalysis(description, action, cause);
	}

}
