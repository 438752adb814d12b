package io.github.langfuse4j.springai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.document.Document;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.autoconfigure.LangfuseAutoConfiguration;
import io.github.langfuse4j.autoconfigure.springai.LangfuseSpringAiAutoConfiguration;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseScope;
import io.github.langfuse4j.tracing.LangfuseTrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The bridge end to end: a real {@link ChatClient} with a real {@code @Tool}, the real
 * Spring Boot and Spring AI auto-configurations, a chat model that observes as Spring AI
 * 2.0's providers do, the real exporter sending to a loopback Langfuse in both protocols;
 * the trees and fields are asserted on the wire.
 */
class SpringAiBridgeIntegrationTests {

	static final Duration AWAIT = Duration.ofSeconds(30);

	private final LoopbackServer server = new LoopbackServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, ToolCallingAutoConfiguration.class,
				ChatClientAutoConfiguration.class, LangfuseAutoConfiguration.class,
				LangfuseSpringAiAutoConfiguration.class))
		.withUserConfiguration(ModelConfiguration.class)
		.withPropertyValues("langfuse.host=" + this.server.url(), "langfuse.public-key=pk-lf-1",
				"langfuse.secret-key=sk-lf-2");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	private ApplicationContextRunner runner(String protocol) {
		return this.runner.withPropertyValues("langfuse.protocol=" + protocol);
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void callWithAToolIsOneTreeWithAGenerationPerRoundAndTheTool(String protocol) {
		runner(protocol).run((context) -> {
			String answer = chatClient(context).prompt()
				.user("Weather in Paris?")
				.tools(context.getBean(WeatherTools.class))
				.call()
				.content();
			assertThat(answer).isEqualTo(FakeChatModel.ANSWER);
			Wire wire = awaitWire(context, protocol,
					(w) -> w.ofType("generation").size() == 2 && !w.ofType("span").isEmpty());
			Wire.Node client = wire.single("span", ChatClientObservationHandler.NAME);
			assertThat(client.parentId()).as("the ChatClient span is the trace's root").isNull();
			assertThat(client.usage()).as("no usage on the ChatClient span").isEmpty();
			assertThat(wire.traces)
				.as("without trace attributes the span is the trace's root, with no synthetic "
						+ "root span above it in OTLP")
				.singleElement()
				.satisfies((trace) -> assertThat(trace.metadata()).doesNotContainKey("__root"));
			assertThat(wire.trace(client.traceId()).name()).isEqualTo(ChatClientObservationHandler.NAME);
			assertThat(client.input().get(0).path("role").asString()).isEqualTo("user");
			assertThat(client.input().get(0).path("content").asString()).isEqualTo("Weather in Paris?");
			assertThat(client.output().path("content").asString()).isEqualTo(FakeChatModel.ANSWER);
			assertThat(client.metadata()).containsEntry("stream", "false");

			List<Wire.Node> generations = new ArrayList<>(wire.ofType("generation"));
			generations.sort((a, b) -> Integer.compare(a.input().size(), b.input().size()));
			Wire.Node first = generations.get(0);
			Wire.Node second = generations.get(1);
			Wire.Node tool = wire.single("tool", "weather");
			for (Wire.Node child : List.of(first, second, tool)) {
				assertThat(child.parentId()).as("%s under the ChatClient span (advisors passed through)", child.name())
					.isEqualTo(client.id());
				assertThat(child.traceId()).isEqualTo(client.traceId());
			}
			assertThat(wire.nodes).as("ChatClient, 2 generations, 1 tool: no advisor, no HTTP").hasSize(4);

			assertThat(first.name()).isEqualTo("chat " + FakeChatModel.MODEL);
			assertThat(first.model()).as("the model that answered").isEqualTo(FakeChatModel.RESPONSE_MODEL);
			assertThat(first.parameters()).containsEntry("temperature", "0.3")
				.containsEntry("max_tokens", "256")
				.containsEntry("stream", "false")
				.containsEntry("tools", "weather");
			assertThat(first.output().path("tool_calls").get(0).path("function").path("name").asString())
				.isEqualTo("weather");
			assertThat(first.usage()).containsEntry("input", 6)
				.containsEntry("output", 5)
				.containsEntry("total", 15)
				.containsEntry("input_cache_read", 4)
				.containsEntry("input_cache_creation", 0);
			assertThat(first.metadata()).containsEntry("response_id", "resp-1");
			assertThat(first.metadata().get("finish_reasons")).contains("TOOL_CALLS");

			JsonNode rounds = second.input();
			assertThat(rounds.get(1).path("role").asString()).isEqualTo("assistant");
			assertThat(rounds.get(1).path("tool_calls").get(0).path("id").asString()).isEqualTo("call-1");
			assertThat(rounds.get(2).path("role").asString()).isEqualTo("tool");
			assertThat(rounds.get(2).path("tool_call_id").asString()).isEqualTo("call-1");
			assertThat(rounds.get(2).path("content").asString()).contains(WeatherTools.FORECAST);
			assertThat(second.output().path("content").asString()).isEqualTo(FakeChatModel.ANSWER);
			assertThat(second.usage()).containsEntry("input", 12)
				.containsEntry("input_cache_read", 8)
				.containsEntry("input_cache_creation", 2);

			// the arguments as the model sent them: a JSON string (the OTLP reader parses
			// attribute text)
			JsonNode arguments = tool.input().isString() ? TestJson.read(tool.input().asString()) : tool.input();
			assertThat(arguments.path("city").asString()).isEqualTo("Paris");
			assertThat(tool.output().asString()).contains(WeatherTools.FORECAST);
			assertThat(tool.metadata()).containsEntry("tool_call_id", "call-1");
			assertThat(failures(context)).isZero();
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void streamWithAToolNestsTheRoundsOnReactorThreads(String protocol) {
		runner(protocol).run((context) -> {
			List<String> chunks = chatClient(context).prompt()
				.user("Weather in Paris?")
				.tools(context.getBean(WeatherTools.class))
				.stream()
				.content()
				.collectList()
				.block(AWAIT);
			assertThat(String.join("", chunks)).isEqualTo(FakeChatModel.ANSWER);
			// the ChatClient observation stops after the consumer completed, on another
			// thread: wait for the root
			Wire wire = awaitWire(context, protocol, (w) -> w.ofType("generation").size() == 2
					&& !w.ofType("span").isEmpty() && !w.ofType("tool").isEmpty());
			Wire.Node client = wire.single("span", ChatClientObservationHandler.NAME);
			assertThat(client.metadata()).containsEntry("stream", "true");
			assertThat(client.output().path("content").asString()).isEqualTo(FakeChatModel.ANSWER);
			for (Wire.Node child : wire.nodes) {
				if (child != client) {
					assertThat(child.parentId()).as("%s under the ChatClient span", child.name())
						.isEqualTo(client.id());
				}
			}
			Wire.Node answer = wire.ofType("generation")
				.stream()
				.filter((g) -> g.output().path("content").asString().equals(FakeChatModel.ANSWER))
				.findFirst()
				.orElseThrow();
			assertThat(answer.parameters()).containsEntry("stream", "true");
			assertThat(answer.usage()).as("usage of the last chunk; no cache counts after aggregation")
				.containsEntry("input", 20)
				.containsEntry("output", 6)
				.containsEntry("total", 26)
				.doesNotContainKey("input_cache_read");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void aFailingModelGivesErrorLevels(String protocol) {
		runner(protocol).run((context) -> {
			context.getBean(FakeChatModel.class).failing();
			ChatClient client = chatClient(context);
			assertThatIllegalStateException().isThrownBy(() -> client.prompt().user("Weather?").call().content())
				.withMessageContaining("model unavailable");
			Wire wire = awaitWire(context, protocol,
					(w) -> !w.ofType("generation").isEmpty() && !w.ofType("span").isEmpty());
			Wire.Node generation = wire.ofType("generation").get(0);
			assertThat(generation.level()).isEqualTo("ERROR");
			assertThat(generation.statusMessage()).contains("model unavailable");
			assertThat(generation.output()).isNull();
			assertThat(wire.single("span", ChatClientObservationHandler.NAME).level()).isEqualTo("ERROR");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void advisorParametersAndTheConversationIdSetTheTrace(String protocol) {
		runner(protocol).run((context) -> {
			chatClient(context).prompt()
				.user("Hello")
				.advisors((a) -> a.param(ChatMemory.CONVERSATION_ID, "conversation-7")
					.param(LangfuseSpringAi.USER_ID, "u-42")
					.param(LangfuseSpringAi.TAGS, List.of("beta", "spring-ai"))
					.param(LangfuseSpringAi.TRACE_NAME, "support-chat"))
				.call()
				.content();
			Wire wire = awaitWire(context, protocol, (w) -> !w.ofType("span").isEmpty() && !w.traces.isEmpty());
			Wire.Node client = wire.single("span", ChatClientObservationHandler.NAME);
			Wire.Trace trace = wire.trace(client.traceId());
			assertThat(trace.name()).isEqualTo("support-chat");
			assertThat(trace.userId()).isEqualTo("u-42");
			assertThat(trace.sessionId()).isEqualTo("conversation-7");
			assertThat(trace.tags()).containsExactlyInAnyOrder("beta", "spring-ai");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void aCallInsideTheApplicationsTraceIsPartOfIt(String protocol) {
		runner(protocol).run((context) -> {
			Langfuse langfuse = context.getBean(Langfuse.class);
			String traceId;
			try (LangfuseTrace trace = langfuse.trace("handle-request").start();
					LangfuseScope scope = trace.makeCurrent()) {
				traceId = trace.id();
				chatClient(context).prompt()
					.user("Hello")
					.advisors((a) -> a.param(LangfuseSpringAi.USER_ID, "u-7"))
					.call()
					.content();
			}
			Wire wire = awaitWire(context, protocol, (w) -> !w.ofType("span").isEmpty() && !w.traces.isEmpty());
			Wire.Node client = wire.single("span", ChatClientObservationHandler.NAME);
			assertThat(client.traceId()).isEqualTo(traceId);
			assertThat(client.parentId()).isNull();
			assertThat(wire.ofType("generation").get(0).parentId()).isEqualTo(client.id());
			Wire.Trace trace = wire.trace(traceId);
			assertThat(trace.name()).isEqualTo("handle-request");
			assertThat(trace.userId()).as("the advisor parameter on the application's trace").isEqualTo("u-7");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void aMultiMegabytePromptIsTruncatedOnTheWireAndTheRestOfTheCallArrives(String protocol) {
		runner(protocol).run((context) -> {
			// 3 MB of text, three times the default max-event-bytes
			String document = "The harbour log of 1887. ".repeat(120_000);
			String answer = chatClient(context).prompt()
				.system("Answer briefly.")
				.user(document + " Weather in Paris?")
				.tools(context.getBean(WeatherTools.class))
				.call()
				.content();
			assertThat(answer).isEqualTo(FakeChatModel.ANSWER);
			Wire wire = awaitWire(context, protocol, (w) -> w.ofType("generation").size() == 2
					&& !w.ofType("span").isEmpty() && !w.ofType("tool").isEmpty());
			List<Wire.Node> truncated = new ArrayList<>(wire.ofType("generation"));
			truncated.add(wire.single("span", ChatClientObservationHandler.NAME));
			for (Wire.Node node : truncated) {
				assertThat(node.input().isString()).as("input of %s", node.name()).isTrue();
				assertThat(node.input().asString()).as("input of %s", node.name())
					.startsWith("<truncated by langfuse-spring-boot-starter: input was");
				assertThat(node.output().path("role").asString()).as("output of %s", node.name())
					.isEqualTo("assistant");
			}
			assertThat(wire.ofType("tool").get(0).output().asString()).contains(WeatherTools.FORECAST);
			assertThat(context.getBean(LangfuseIngest.class).stats().dropped().values()).as("nothing dropped")
				.allMatch((count) -> count == 0);
		});
	}

	/**
	 * The documented limit: a disabled advisor observation is a shared no-op without a
	 * parent, which cuts Spring AI's parent chain; the generation becomes a trace of its
	 * own.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void disabledAdvisorObservationsOrphanTheGenerations(String protocol) {
		runner(protocol).withPropertyValues("management.observations.enable.spring.ai.advisor=false").run((context) -> {
			chatClient(context).prompt().user("Hello").call().content();
			Wire wire = awaitWire(context, protocol,
					(w) -> !w.ofType("span").isEmpty() && !w.ofType("generation").isEmpty());
			Wire.Node client = wire.single("span", ChatClientObservationHandler.NAME);
			Wire.Node generation = wire.ofType("generation").get(0);
			assertThat(generation.parentId()).isNull();
			assertThat(generation.traceId()).isNotEqualTo(client.traceId());
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void aDirectModelCallIsARootGeneration(String protocol) {
		runner(protocol).run((context) -> {
			context.getBean(ChatModel.class).call(new Prompt("Hello"));
			Wire wire = awaitWire(context, protocol, (w) -> !w.ofType("generation").isEmpty());
			assertThat(wire.nodes).hasSize(1);
			Wire.Node generation = wire.nodes.get(0);
			assertThat(generation.parentId()).isNull();
			assertThat(generation.output().path("content").asString()).isEqualTo(FakeChatModel.ANSWER);
			assertThat(wire.trace(generation.traceId()).name()).isEqualTo("chat " + FakeChatModel.MODEL);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void aVectorStoreQueryIsARetrieverWithItsEmbedding(String protocol) {
		runner(protocol).run((context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			VectorStore store = SimpleVectorStore.builder(new FakeEmbeddingModel(registry))
				.observationRegistry(registry)
				.build();
			store.add(List.of(new Document("doc-1", "Paris is the capital of France", Map.of()),
					new Document("doc-2", "Berlin is the capital of Germany", Map.of())));
			List<Document> found = store
				.similaritySearch(SearchRequest.builder().query("capital of France").topK(1).build());
			assertThat(found).hasSize(1);
			Wire wire = awaitWire(context, protocol,
					(w) -> !w.ofType("retriever").isEmpty() && w.ofType("embedding").size() == 3);
			Wire.Node retriever = wire.single("retriever", "simple query");
			assertThat(retriever.parentId()).isNull();
			assertThat(retriever.input().path("query").asString()).isEqualTo("capital of France");
			assertThat(retriever.input().path("top_k").asInt()).isEqualTo(1);
			assertThat(retriever.output().get(0).path("id").asString()).isEqualTo(found.get(0).getId());
			assertThat(retriever.output().get(0).has("score")).isTrue();
			Wire.Node add = wire.single("span", "simple add");
			List<Wire.Node> embeddings = wire.ofType("embedding");
			assertThat(embeddings).extracting(Wire.Node::parentId)
				.containsExactlyInAnyOrder(add.id(), add.id(), retriever.id());
			Wire.Node queryEmbedding = embeddings.stream()
				.filter((e) -> retriever.id().equals(e.parentId()))
				.findFirst()
				.orElseThrow();
			assertThat(queryEmbedding.name()).isEqualTo("embedding " + FakeEmbeddingModel.MODEL);
			assertThat(queryEmbedding.model()).isEqualTo(FakeEmbeddingModel.MODEL);
			assertThat(queryEmbedding.input().get(0).asString()).isEqualTo("capital of France");
			assertThat(queryEmbedding.output().path("dimensions").asInt()).isEqualTo(3);
			assertThat(queryEmbedding.usage()).containsEntry("input", 3).containsEntry("total", 3);
			assertThat(queryEmbedding.parameters()).containsEntry("dimensions", "3");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void theExportersOwnRequestsAreNeverObserved(String protocol) {
		runner(protocol)
			.withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class,
					RestClientObservationAutoConfiguration.class))
			.withUserConfiguration(RecordingHandlerConfiguration.class)
			.run((context) -> {
				RecordingHandler recorder = context.getBean(RecordingHandler.class);
				// the control: the application's RestClient.Builder is observed
				context.getBean(RestClient.Builder.class)
					.build()
					.get()
					.uri(this.server.url() + "/probe")
					.retrieve()
					.toBodilessEntity();
				assertThat(recorder.names).contains("http.client.requests");
				recorder.names.clear();
				chatClient(context).prompt().user("Hello").call().content();
				awaitWire(context, protocol, (w) -> !w.ofType("span").isEmpty());
				assertThat(
						this.server.requests(protocol.equals("otlp") ? LoopbackServer.OTLP : LoopbackServer.INGESTION))
					.isNotEmpty();
				assertThat(recorder.names).contains("spring.ai.chat.client", "gen_ai.client.operation")
					.doesNotContain("http.client.requests");
			});
	}

	/** Failures counted by the bridge's handlers. */
	static long failures(AssertableApplicationContext context) {
		long failures = 0;
		for (Object handler : context.getBeansOfType(ObservationHandler.class).values()) {
			if (handler instanceof ModelObservationHandler model) {
				failures += model.bridge().failures();
			}
			if (handler instanceof ChatClientObservationHandler chatClient) {
				failures += chatClient.bridge().failures();
			}
		}
		return failures;
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void theBridgeWorksOnTheExportersThreadAndAFlushOrTheShutdownRightAfterTheCallSendsTheTree(String protocol) {
		runner(protocol).run((context) -> {
			SpringAiDeferredWorkTest.MediaProbe question = new SpringAiDeferredWorkTest.MediaProbe("Weather?");
			chatClient(context).prompt().messages(question).tools(context.getBean(WeatherTools.class)).call().content();
			assertThat(context.getBean(Langfuse.class).flush(Wire.AWAIT)).isTrue();
			// no await: the flush ran the bridge's work first
			assertThat(Wire.of(this.server, protocol.equals("otlp")).nodes).hasSize(4);
			assertThat(question.readers).containsOnly("langfuse-deferred");
			chatClient(context).prompt()
				.user("Weather in Rome?")
				.tools(context.getBean(WeatherTools.class))
				.call()
				.content();
			context.close();
			// no await either: the shutdown ran the bridge's work before it sent
			Wire wire = Wire.of(this.server, protocol.equals("otlp"));
			assertThat(wire.nodes).hasSize(8);
			assertThat(wire.ofType("span")).hasSize(2);
		});
	}

	private static ChatClient chatClient(AssertableApplicationContext context) {
		return context.getBean(ChatClient.Builder.class).build();
	}

	/**
	 * Flushes until what the server received satisfies {@code done}: in streaming the
	 * outer observations stop after the consumer completed, on other threads.
	 */
	private Wire awaitWire(AssertableApplicationContext context, String protocol, Predicate<Wire> done) {
		return Wire.await(this.server, context.getBean(Langfuse.class), protocol, done);
	}

	@Configuration(proxyBeanMethods = false)
	static class ModelConfiguration {

		@Bean
		FakeChatModel chatModel(ObjectProvider<ObservationRegistry> registry) {
			return new FakeChatModel(registry.getIfUnique(() -> ObservationRegistry.NOOP));
		}

		@Bean
		WeatherTools weatherTools() {
			return new WeatherTools();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingHandlerConfiguration {

		@Bean
		RecordingHandler recordingHandler() {
			return new RecordingHandler();
		}

	}

	/** Records the name of every observation the registry starts. */
	static class RecordingHandler implements ObservationHandler<Observation.Context> {

		final List<String> names = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Observation.Context context) {
			this.names.add(context.getName());
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
