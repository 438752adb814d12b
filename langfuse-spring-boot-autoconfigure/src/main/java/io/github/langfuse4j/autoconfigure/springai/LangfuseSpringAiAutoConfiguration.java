package io.github.langfuse4j.autoconfigure.springai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.github.langfuse4j.autoconfigure.LangfuseAutoConfiguration;
import io.github.langfuse4j.springai.LangfuseSpringAi;
import io.github.langfuse4j.tracing.Langfuse;

/**
 * Auto-configuration of the Spring AI bridge: with Spring AI and Micrometer Observation
 * on the class path, one {@link ObservationHandler} bean per Spring AI module present
 * ({@code spring-ai-model}, {@code spring-ai-client-chat},
 * {@code spring-ai-vector-store}), each in its own configuration guarded by a class of
 * that module, so that a missing optional jar switches off only its part. Spring Boot
 * registers these plain handler beans on its {@code ObservationRegistry} after the
 * tracing and meter handlers. The handlers get the {@link Langfuse} bean lazily: an eager
 * dependency would close a cycle through beans that need the registry (observed
 * {@code RestClient.Builder}s). Switched off by {@code langfuse.spring-ai.enabled=false}.
 */
@AutoConfiguration(after = LangfuseAutoConfiguration.class)
@ConditionalOnClass(name = { "io.micrometer.observation.ObservationHandler",
		"org.springframework.ai.model.observation.ModelObservationContext" })
@ConditionalOnBooleanProperty(name = "langfuse.spring-ai.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LangfuseSpringAiProperties.class)
public final class LangfuseSpringAiAutoConfiguration {

	@Bean
	DuplicateExportWarning langfuseSpringAiDuplicateExportWarning(Environment environment) {
		return new DuplicateExportWarning(environment);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.ai.chat.observation.ChatModelObservationContext")
	static class ModelHandlerConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "langfuseSpringAiModelObservationHandler")
		ObservationHandler<Observation.Context> langfuseSpringAiModelObservationHandler(
				ObjectProvider<Langfuse> langfuse, LangfuseSpringAiProperties properties) {
			return LangfuseSpringAi.modelHandler(langfuse::getIfAvailable, properties.isUseTracingTraceId());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.ai.chat.client.observation.ChatClientObservationContext")
	static class ChatClientHandlerConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "langfuseSpringAiChatClientObservationHandler")
		ObservationHandler<Observation.Context> langfuseSpringAiChatClientObservationHandler(
				ObjectProvider<Langfuse> langfuse, LangfuseSpringAiProperties properties) {
			return LangfuseSpringAi.chatClientHandler(langfuse::getIfAvailable, properties.isUseTracingTraceId());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.ai.vectorstore.observation.VectorStoreObservationContext")
	static class VectorStoreHandlerConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "langfuseSpringAiVectorStoreObservationHandler")
		ObservationHandler<Observation.Context> langfuseSpringAiVectorStoreObservationHandler(
				ObjectProvider<Langfuse> langfuse, LangfuseSpringAiProperties properties) {
			return LangfuseSpringAi.vectorStoreHandler(langfuse::getIfAvailable, properties.isUseTracingTraceId());
		}

	}

}
