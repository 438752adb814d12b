package io.github.langfuse4j.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Without a model key, starts a {@link LocalOpenAi} stub before the context is refreshed
 * and points Spring AI's OpenAI auto-configuration at it (base URL and a placeholder key,
 * as highest-precedence properties), so that the real OpenAI model, ChatClient and tool
 * loop run offline. With a key ({@code spring.ai.openai.api-key},
 * {@code spring.ai.openai.chat.api-key} or {@code OPENAI_API_KEY}) nothing is changed and
 * the model calls OpenAI (or {@code spring.ai.openai.base-url}).
 * {@code sample.local-model=true|false} overrides the choice. Registered in
 * {@code META-INF/spring.factories}; the key itself is never logged.
 */
class LocalModelInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Overrides the choice between the local stub and the configured provider. */
	static final String LOCAL_MODEL = "sample.local-model";

	private static final Log logger = LogFactory.getLog(LocalModelInitializer.class);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (!useLocalModel(environment)) {
			logger.info("Spring AI calls the configured OpenAI endpoint ("
					+ origin(environment.getProperty("spring.ai.openai.base-url", "https://api.openai.com/v1")) + ")");
			return;
		}
		LocalOpenAi stub;
		try {
			stub = new LocalOpenAi();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the local OpenAI stub", ex);
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource("localOpenAi", Map.of("spring.ai.openai.base-url", stub.url(),
					"spring.ai.openai.api-key", LocalOpenAi.API_KEY, "spring.ai.openai.max-retries", "0")));
		context.getBeanFactory().registerSingleton("localOpenAi", stub);
		context.addApplicationListener((event) -> {
			if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
				stub.close();
			}
		});
		logger.info("No model key configured: Spring AI's OpenAI model answers from a local stub at " + stub.url());
	}

	/** Scheme, host and port only: a base URL may carry credentials or a query. */
	private static String origin(String url) {
		try {
			URI uri = URI.create(url);
			return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
		}
		catch (IllegalArgumentException ex) {
			return "an unparsable spring.ai.openai.base-url";
		}
	}

	static boolean useLocalModel(ConfigurableEnvironment environment) {
		Boolean forced = environment.getProperty(LOCAL_MODEL, Boolean.class);
		if (forced != null) {
			return forced;
		}
		return !StringUtils.hasText(environment.getProperty("spring.ai.openai.api-key"))
				&& !StringUtils.hasText(environment.getProperty("spring.ai.openai.chat.api-key"))
				&& !StringUtils.hasText(environment.getProperty("OPENAI_API_KEY"));
	}

}
