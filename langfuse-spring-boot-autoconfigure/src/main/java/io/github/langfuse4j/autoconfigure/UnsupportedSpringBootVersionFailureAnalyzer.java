package io.github.langfuse4j.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link UnsupportedSpringBootVersionException} in Spring Boot's startup
 * failure report.
 */
final class UnsupportedSpringBootVersionFailureAnalyzer
		extends AbstractFailureAnalyzer<UnsupportedSpringBootVersionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedSpringBootVersionException cause) {
		String action = "Upgrade to Spring Boot 4.0 or newer, or remove langfuse-spring-boot-starter. The starter "
				+ "writes JSON with Jackson 3, which Spring Boot 4 brings; Spring Boot 3 brings Jackson 2.";
		return new FailureAnalysis(cause.getMessage() + ".", action, cause);
	}

}
