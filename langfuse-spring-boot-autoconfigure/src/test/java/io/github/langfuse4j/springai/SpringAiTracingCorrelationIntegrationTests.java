package io.github.langfuse4j.springai;

import java.util.Locale;
import java.util.function.Predicate;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.autoconfigure.LangfuseAutoConfiguration;
import io.github.langfuse4j.autoconfigure.springai.LangfuseSpringAiAutoConfiguration;
import io.github.langfuse4j.tracing.Langfuse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Correlation with Micrometer Tracing: Spring Boot registers the tracing handlers before
 * the bridge's, so the bridge sees the tracing span of the ChatClient call and records
 * its trace id on the Langfuse trace, or uses it as the Langfuse trace id.
 */
class SpringAiTracingCorrelationIntegrationTests {

	private final LoopbackServer server = new LoopbackServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
						ToolCallingAutoConfiguration.class, ChatClientAutoConfiguration.class,
						LangfuseAutoConfiguration.class, LangfuseSpringAiAutoConfiguration.class))
		.withUserConfiguration(TracingConfiguration.class)
		.withPropertyValues("langfuse.host=" + this.server.url(), "langfuse.public-key=pk-lf-1",
				"langfuse.secret-key=sk-lf-2");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void theTracingTraceIdIsRecordedOnTheLangfuseTrace(String protocol) {
		this.runner.withPropertyValues("langfuse.protocol=" + protocol).run((context) -> {
			chatClient(context).prompt().user("Hello").call().content();
			String tracingTraceId = tracingTraceId(context);
			Wire wire = awaitWire(context, protocol, (w) -> !w.ofType("span").isEmpty() && !w.traces.isEmpty());
			Wire.Node client = wire.single("span", ChatClientObservationHandler.NAME);
			assertThat(wire.trace(client.traceId()).metadata()).containsEntry("tracing_trace_id", tracingTraceId);
			assertThat(client.traceId()).isNotEqualTo(TracingIds.asLangfuseTraceId(tracingTraceId));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void theTracingTraceIdCanBeTheLangfuseTraceId(String protocol) {
		this.runner.withPropertyValues("langfuse.protocol=" + protocol, "langfuse.spring-ai.use-tracing-trace-id=true")
			.run((context) -> {
				chatClient(context).prompt().user("Hello").call().content();
				String tracingTraceId = tracingTraceId(context);
				Wire wire = awaitWire(context, protocol, (w) -> !w.ofType("span").isEmpty());
				Wire.Node client = wire.single("span", ChatClientObservationHandler.NAME);
				assertThat(client.traceId()).isEqualTo(TracingIds.asLangfuseTraceId(tracingTraceId))
					.endsWith(tracingTraceId.toLowerCase(Locale.ROOT));
				assertThat(wire.ofType("generation").get(0).traceId()).isEqualTo(client.traceId());
			});
	}

	private static String tracingTraceId(AssertableApplicationContext context) {
		SimpleTracer tracer = context.getBean(SimpleTracer.class);
		assertThat(tracer.getSpans()).isNotEmpty();
		SimpleSpan span = tracer.getSpans().getFirst();
		return span.getTraceId();
	}

	private static ChatClient chatClient(AssertableApplicationContext context) {
		return context.getBean(ChatClient.Builder.class).build();
	}

	private Wire awaitWire(AssertableApplicationContext context, String protocol, Predicate<Wire> done) {
		return Wire.await(this.server, context.getBean(Langfuse.class), protocol, done);
	}

	@Configuration(proxyBeanMethods = false)
	static class TracingConfiguration {

		@Bean
		SimpleTracer simpleTracer() {
			return new SimpleTracer();
		}

		@Bean
		FakeChatModel chatModel(ObjectProvider<ObservationRegistry> registry) {
			return new FakeChatModel(registry.getIfUnique(() -> ObservationRegistry.NOOP));
		}

	}

}
