package io.github.langfuse4j.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads the environment variables that the Langfuse Python and JS/TS SDKs document, for
 * the settings whose SDK name Spring's relaxed binding of {@code LANGFUSE_*} does not
 * turn into the {@code langfuse.*} property: {@code LANGFUSE_BASE_URL},
 * {@code LANGFUSE_TRACING_ENVIRONMENT}, {@code LANGFUSE_TRACING_ENABLED},
 * {@code LANGFUSE_FLUSH_AT} and {@code LANGFUSE_TIMEOUT} (seconds). Their values go into
 * a property source of the lowest precedence, so that any Spring property, the relaxed
 * {@code LANGFUSE_HOST} included, wins over them.
 * <p>
 * {@code LANGFUSE_FLUSH_INTERVAL} is the one SDK name that relaxed binding already reads,
 * as {@code langfuse.flush-interval}, but in Spring's unit (a bare number is
 * milliseconds) where the SDKs mean seconds. A bare number is therefore converted from
 * seconds in a source just above the system environment, at the precedence of the
 * variable itself; a value with a unit ({@code 500ms}) is left to Spring.
 * <p>
 * {@code LANGFUSE_SAMPLE_RATE} needs nothing here: relaxed binding reads it as
 * {@code langfuse.sample-rate}, in the SDKs' unit. The secret key is read by relaxed
 * binding and never copied here.
 */
final class LangfuseSdkEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source of the lowest precedence. */
	static final String SOURCE_NAME = "langfuseSdkEnvironmentVariables";

	/** The name of the property source of the converted flush interval. */
	static final String FLUSH_INTERVAL_SOURCE_NAME = "langfuseSdkFlushInterval";

	static final String FLUSH_INTERVAL = "LANGFUSE_FLUSH_INTERVAL";

	private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

	private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

	private final Log logger;

	LangfuseSdkEnvironmentPostProcessor(DeferredLogFactory logs) {
		this.logger = logs.getLog(LangfuseSdkEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		// after the config data (application.yml) is loaded, so that the check whether a
		// Spring property shadows a variable sees it
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> variables = sources.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		sources.remove(SOURCE_NAME);
		sources.remove(FLUSH_INTERVAL_SOURCE_NAME);
		if (variables == null) {
			return;
		}
		Map<String, Object> mapped = new LinkedHashMap<>();
		map(environment, variables, mapped, "LANGFUSE_BASE_URL", "langfuse.host", (value) -> value);
		map(environment, variables, mapped, "LANGFUSE_TRACING_ENVIRONMENT", "langfuse.environment", (value) -> value);
		map(environment, variables, mapped, "LANGFUSE_TRACING_ENABLED", "langfuse.enabled",
				(value) -> bool("LANGFUSE_TRACING_ENABLED", "langfuse.enabled", value));
		map(environment, variables, mapped, "LANGFUSE_FLUSH_AT", "langfuse.max-batch",
				(value) -> integer("LANGFUSE_FLUSH_AT", "langfuse.max-batch", value));
		map(environment, variables, mapped, "LANGFUSE_TIMEOUT", "langfuse.read-timeout",
				(value) -> seconds("LANGFUSE_TIMEOUT", "langfuse.read-timeout", value));
		if (!mapped.isEmpty()) {
			sources.addLast(new MapPropertySource(SOURCE_NAME, mapped));
		}
		String flushInterval = text(variables, FLUSH_INTERVAL);
		if (flushInterval != null && NUMBER.matcher(flushInterval).matches()) {
			sources.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new MapPropertySource(FLUSH_INTERVAL_SOURCE_NAME, Map.of("langfuse.flush-interval",
							seconds(FLUSH_INTERVAL, "langfuse.flush-interval", flushInterval))));
		}
	}

	private void map(ConfigurableEnvironment environment, PropertySource<?> variables, Map<String, Object> mapped,
			String variable, String property, Converter converter) {
		String value = text(variables, variable);
		if (value == null) {
			return;
		}
		if (environment.containsProperty(property)) {
			this.logger.info(variable + " is ignored: " + property + " is set, and Spring properties win over "
					+ "the Langfuse SDKs' environment variables");
			return;
		}
		mapped.put(property, converter.convert(value));
	}

	private static @Nullable String text(PropertySource<?> variables, String name) {
		Object value = variables.getProperty(name);
		if (value == null) {
			return null;
		}
		String text = value.toString().strip();
		return text.isEmpty() ? null : text;
	}

	private static String bool(String variable, String property, String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		if (!lower.equals("true") && !lower.equals("false")) {
			throw invalid(variable, property, value, "must be true or false");
		}
		return lower;
	}

	private static String integer(String variable, String property, String value) {
		if (!INTEGER.matcher(value).matches()) {
			throw invalid(variable, property, value, "must be a whole number of events");
		}
		return value;
	}

	/** Converts a number of seconds, as the SDKs take it, to an ISO-8601 duration. */
	private static String seconds(String variable, String property, String value) {
		String reason = "must be a number of seconds, such as 5 or 0.5";
		if (!NUMBER.matcher(value).matches()) {
			throw invalid(variable, property, value, reason);
		}
		BigDecimal seconds = new BigDecimal(value);
		if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L)) > 0) {
			throw invalid(variable, property, value, reason);
		}
		return Duration.ofNanos(seconds.movePointRight(9).longValue()).toString();
	}

	private static InvalidConfigurationPropertyValueException invalid(String variable, String property, String value,
			String reason) {
		return new InvalidConfigurationPropertyValueException(property, value, "the Langfuse SDK environment variable "
				+ variable + ", read for " + property + ", " + reason + "; fix or unset " + variable);
	}

	@FunctionalInterface
	private interface Converter {

		Object convert(String value);

	}

}
