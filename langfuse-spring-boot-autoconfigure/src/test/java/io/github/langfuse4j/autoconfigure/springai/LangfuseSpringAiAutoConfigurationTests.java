package io.github.langfuse4j.autoconfigure.springai;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.langfuse4j.autoconfigure.LangfuseAutoConfiguration;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring AI bridge's wiring: one handler bean per Spring AI module present, each
 * switched off with its module, all off with {@code langfuse.spring-ai.enabled=false}; no
 * bean cycle through the registry; the warning about a second export to Langfuse.
 */
@ExtendWith(OutputCaptureExtension.class)
class LangfuseSpringAiAutoConfigurationTests {

	static final String MODEL = "langfuseSpringAiModelObservationHandler";

	static final String CHAT_CLIENT = "langfuseSpringAiChatClientObservationHandler";

	static final String VECTOR_STORE = "langfuseSpringAiVectorStoreObservationHandler";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, LangfuseAutoConfiguration.class,
				LangfuseSpringAiAutoConfiguration.class))
		.withPropertyValues("langfuse.public-key=pk-lf-1", "langfuse.secret-key=sk-lf-2",
				"langfuse.host=http://127.0.0.1:9");

	@Test
	void oneHandlerPerSpringAiModule() {
		this.runner.run((context) -> {
			assertThat(context).hasBean(MODEL).hasBean(CHAT_CLIENT).hasBean(VECTOR_STORE);
			assertThat(context).hasSingleBean(LangfuseSpringAiProperties.class);
		});
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("langfuse.spring-ai.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(MODEL).doesNotHaveBean(CHAT_CLIENT);
			assertThat(context).doesNotHaveBean(VECTOR_STORE).doesNotHaveBean(LangfuseSpringAiProperties.class);
		});
	}

	@Test
	void withoutSpringAiChatClientOnlyThatPartIsOff() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.ai.chat.client"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean(MODEL)
				.hasBean(VECTOR_STORE)
				.doesNotHaveBean(CHAT_CLIENT));
	}

	@Test
	void withoutSpringAiVectorStoreOnlyThatPartIsOff() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.ai.vectorstore"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean(MODEL)
				.hasBean(CHAT_CLIENT)
				.doesNotHaveBean(VECTOR_STORE));
	}

	@Test
	void withoutSpringAiTheBridgeIsOffAndTheStarterWorks() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.ai")).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(MODEL).doesNotHaveBean(CHAT_CLIENT);
			assertThat(context).doesNotHaveBean(VECTOR_STORE).hasBean("langfuse");
		});
	}

	@Test
	void withoutMicrometerObservationTheBridgeIsOffAndTheStarterWorks() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LangfuseAutoConfiguration.class, LangfuseSpringAiAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MODEL).hasBean("langfuse"));
	}

	@Test
	void beansThatNeedTheRegistryCloseNoCycleThroughTheHandlers() {
		// the exporter's customizer needs the registry, which needs the handlers: the
		// handlers must not need the exporter while they are created
		this.runner.withUserConfiguration(RegistryDependentCustomizer.class)
			.run((context) -> assertThat(context).hasNotFailed().hasBean(MODEL).hasBean("langfuse"));
	}

	@Test
	void warnsOnceWhenSpansAreAlsoExportedToLangfuse(CapturedOutput output) {
		this.runner.withPropertyValues(
				"management.opentelemetry.tracing.export.otlp.endpoint=https://cloud.langfuse.com/api/public/otel/v1/traces")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut().split("would appear twice", -1)).hasSize(2);
		assertThat(output.getOut()).contains("management.opentelemetry.tracing.export.otlp.endpoint");
	}

	@Test
	void warnsWhenTheOpenTelemetrySdkExportsToLangfuse(CapturedOutput output) {
		this.runner.withPropertyValues("otel.exporter.otlp.endpoint=https://langfuse.example.com/api/public/otel")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut()).contains("would appear twice").contains("otel.exporter.otlp.endpoint");
	}

	@Test
	void noWarningForAnotherOtlpEndpoint(CapturedOutput output) {
		this.runner
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://collector:4318/v1/traces")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut()).doesNotContain("would appear twice");
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryDependentCustomizer {

		@Bean
		LangfuseRestClientCustomizer registryDependentCustomizer(ObservationRegistry registry) {
			return (builder) -> {
			};
		}

	}

}
