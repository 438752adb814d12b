package io.github.langfuse4j.springai;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.autoconfigure.LangfuseAutoConfiguration;
import io.github.langfuse4j.autoconfigure.springai.LangfuseSpringAiAutoConfiguration;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.LangfuseMasker;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseScope;
import io.github.langfuse4j.tracing.LangfuseTrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16's controls apply to what the Spring AI bridge records: the content switch,
 * masking and sampling, in both protocols; and without content the bridge does not build
 * the messages at all ({@code LangfuseHandle.isCapturingContent()}).
 */
class SpringAiPrivacyIntegrationTests {

	private static final Duration AWAIT = Duration.ofSeconds(30);

	private final LoopbackServer server = new LoopbackServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, ToolCallingAutoConfiguration.class,
				ChatClientAutoConfiguration.class, LangfuseAutoConfiguration.class,
				LangfuseSpringAiAutoConfiguration.class))
		.withUserConfiguration(SpringAiBridgeIntegrationTests.ModelConfiguration.class)
		.withPropertyValues("langfuse.host=" + this.server.url(), "langfuse.public-key=pk-lf-1",
				"langfuse.secret-key=sk-lf-2");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void withoutContentTheTreeModelAndUsageAreSentButNoMessages(String protocol) {
		this.runner.withPropertyValues("langfuse.protocol=" + protocol, "langfuse.capture-content=false")
			.run((context) -> {
				callWithTool(context);
				Wire wire = awaitWire(context, protocol, 4);
				assertThat(wire.nodes).allSatisfy((node) -> {
					assertThat(node.input()).as("input of %s", node.name()).isNull();
					assertThat(node.output()).as("output of %s", node.name()).isNull();
				});
				assertThat(wire.ofType("generation")).allSatisfy((generation) -> {
					assertThat(generation.model()).isEqualTo(FakeChatModel.RESPONSE_MODEL);
					assertThat(generation.usage()).containsKey("input").containsKey("output");
				});
				assertThat(wire.ofType("tool")).hasSize(1);
			});
		assertThat(rawWire()).doesNotContain("Weather in Paris").doesNotContain(WeatherTools.FORECAST);
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void aMaskerSeesEverythingTheBridgeRecords(String protocol) {
		this.runner.withPropertyValues("langfuse.protocol=" + protocol)
			.withUserConfiguration(ParisMasker.class)
			.run((context) -> {
				callWithTool(context);
				Wire wire = awaitWire(context, protocol, 4);
				assertThat(wire.single("span", ChatClientObservationHandler.NAME)
					.input()
					.get(0)
					.path("content")
					.asString()).isEqualTo("Weather in <city>?");
			});
		assertThat(rawWire()).doesNotContain("Paris").contains("<city>");
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void aSampledOutCallSendsNothing(String protocol) {
		this.runner.withPropertyValues("langfuse.protocol=" + protocol, "langfuse.sample-rate=0").run((context) -> {
			callWithTool(context);
			LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
			// ChatClient span and its trace, two generations, one tool
			await().atMost(AWAIT).until(() -> ingest.stats().sampledOut() >= 4);
			assertThat(context.getBean(Langfuse.class).flush(AWAIT)).isTrue();
			assertThat(ingest.stats().sent()).isZero();
		});
		assertThat(this.server.requests()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "langfuse.capture-content=false", "langfuse.sample-rate=0" })
	void withoutContentTheBridgeDoesNotEvenReadTheMessages(String setting) {
		this.runner.withPropertyValues(setting).run((context) -> {
			CountedMessage question = new CountedMessage();
			callWithTool(context, question);
			// messages are read when the exporter writes the events: after it has written
			// them
			assertThat(context.getBean(Langfuse.class).flush(AWAIT)).isTrue();
			assertThat(question.readByTheBridge).as("reads by the bridge").hasValue(0);
		});
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void theBridgeReadsTheMessagesExactlyWhenTheTraceKeepsContent(boolean captureContent) {
		// the application's trace overrides the setting, either way
		this.runner.withPropertyValues("langfuse.capture-content=" + !captureContent).run((context) -> {
			CountedMessage question = new CountedMessage();
			Langfuse langfuse = context.getBean(Langfuse.class);
			try (LangfuseTrace trace = langfuse.trace("request").captureContent(captureContent).start();
					LangfuseScope scope = trace.makeCurrent()) {
				assertThat(trace.isCapturingContent()).isEqualTo(captureContent);
				callWithTool(context, question);
			}
			// messages are read when the exporter writes the events: after it has written
			// them
			assertThat(langfuse.flush(AWAIT)).isTrue();
			if (captureContent) {
				assertThat(question.readByTheBridge).as("reads by the bridge").hasPositiveValue();
			}
			else {
				assertThat(question.readByTheBridge).as("reads by the bridge").hasValue(0);
			}
		});
	}

	private static void callWithTool(AssertableApplicationContext context, Message question) {
		String answer = context.getBean(ChatClient.Builder.class)
			.build()
			.prompt()
			.messages(question)
			.tools(context.getBean(WeatherTools.class))
			.call()
			.content();
		assertThat(answer).isEqualTo(FakeChatModel.ANSWER);
	}

	/**
	 * A user message that counts how often the bridge's message conversion reads it (on
	 * the exporter's thread, when the event is written).
	 */
	static final class CountedMessage extends UserMessage {

		final AtomicInteger readByTheBridge = new AtomicInteger();

		CountedMessage() {
			super("Weather in Paris?");
		}

		@Override
		public String getText() {
			if (StackWalker.getInstance()
				.walk((frames) -> frames.anyMatch((frame) -> frame.getClassName().equals(Messages.class.getName())))) {
				this.readByTheBridge.incrementAndGet();
			}
			return super.getText();
		}

	}

	private static void callWithTool(AssertableApplicationContext context) {
		String answer = context.getBean(ChatClient.Builder.class)
			.build()
			.prompt()
			.user("Weather in Paris?")
			.tools(context.getBean(WeatherTools.class))
			.call()
			.content();
		assertThat(answer).isEqualTo(FakeChatModel.ANSWER);
	}

	private Wire awaitWire(AssertableApplicationContext context, String protocol, int nodes) {
		return Wire.await(this.server, context.getBean(Langfuse.class), protocol, (wire) -> wire.nodes.size() >= nodes);
	}

	private String rawWire() {
		StringBuilder all = new StringBuilder();
		this.server.requests().forEach((request) -> all.append(request.bodyText()));
		return all.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class ParisMasker {

		@Bean
		LangfuseMasker cities() {
			return LangfuseMasker.strings((text) -> text.replace("Paris", "<city>"));
		}

	}

}
