package io.github.langfuse4j.springai;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.image.Image;
import org.springframework.ai.image.ImageGeneration;
import org.springframework.ai.image.ImageOptionsBuilder;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.image.observation.DefaultImageModelObservationConvention;
import org.springframework.ai.image.observation.ImageModelObservationContext;
import org.springframework.ai.image.observation.ImageModelObservationDocumentation;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.tracing.Langfuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The handlers on a plain {@link ObservationRegistry}, without Spring Boot (as a
 * benchmark or a non-Boot application registers them): streaming cancel and error, a
 * disabled exporter, and that a failing bridge never breaks a Spring AI call.
 */
class SpringAiHandlersTest {

	private static final Duration AWAIT = Duration.ofSeconds(30);

	private final LoopbackServer server = new LoopbackServer();

	private final LangfuseIngest ingest = LangfuseIngest.create(IngestConfig.builder()
		.host(this.server.url())
		.publicKey("pk-lf-test")
		.secretKey("sk-lf-test")
		.protocol(IngestConfig.Protocol.INGESTION)
		.flushInterval(Duration.ofHours(1))
		.maxRetries(0)
		.build());

	private final Langfuse langfuse = Langfuse.create(this.ingest);

	private final ObservationRegistry registry = ObservationRegistry.create();

	@AfterEach
	void close() {
		this.ingest.close();
		this.server.close();
	}

	private void register(Langfuse langfuse) {
		this.registry.observationConfig()
			.observationHandler(LangfuseSpringAi.modelHandler(() -> langfuse))
			.observationHandler(LangfuseSpringAi.chatClientHandler(() -> langfuse));
	}

	@Test
	void aCancelledStreamEndsItsGenerationWithoutOutput() {
		register(this.langfuse);
		FakeChatModel model = new FakeChatModel(this.registry);
		ChatResponse first = model.stream(new Prompt("Hello")).take(1).blockLast(AWAIT);
		assertThat(first.getResult().getOutput().getText()).isEqualTo("Sunny ");
		Wire wire = awaitWire((w) -> !w.ofType("generation").isEmpty());
		Wire.Node generation = wire.ofType("generation").get(0);
		assertThat(generation.output()).isNull();
		assertThat(generation.level()).isNull();
		assertThat(generation.usage()).isEmpty();
		assertThat(generation.parameters()).containsEntry("stream", "true");
	}

	@Test
	void aFailingStreamGivesAnErrorGeneration() {
		register(this.langfuse);
		FakeChatModel model = new FakeChatModel(this.registry).failing();
		assertThatIllegalStateException().isThrownBy(() -> model.stream(new Prompt("Hello")).blockLast(AWAIT));
		Wire wire = awaitWire((w) -> !w.ofType("generation").isEmpty());
		Wire.Node generation = wire.ofType("generation").get(0);
		assertThat(generation.level()).isEqualTo("ERROR");
		assertThat(generation.statusMessage()).contains("model unavailable");
	}

	@Test
	void aChatClientOnAPlainRegistryGivesTheSameTree() {
		register(this.langfuse);
		String answer = ChatClient.create(new FakeChatModel(this.registry), this.registry)
			.prompt()
			.user("Weather in Paris?")
			.tools(new WeatherTools())
			.call()
			.content();
		assertThat(answer).isEqualTo(FakeChatModel.ANSWER);
		Wire wire = awaitWire((w) -> w.nodes.size() == 4);
		Wire.Node client = wire.single("span", ChatClientObservationHandler.NAME);
		assertThat(wire.nodes).filteredOn((n) -> n != client).allMatch((n) -> client.id().equals(n.parentId()));
	}

	@Test
	void theMessagesAreWrittenOnTheExportersThreadNeverOnTheCallers() {
		register(this.langfuse);
		ReadMessage question = new ReadMessage("Weather in Paris?");
		ChatClient.create(new FakeChatModel(this.registry), this.registry)
			.prompt()
			.system("Answer briefly.")
			.messages(question)
			.tools(new WeatherTools())
			.call()
			.content();
		assertThat(question.readers).as("threads that converted the message during the call").isEmpty();
		Wire wire = awaitWire((w) -> w.nodes.size() == 4);
		assertThat(question.readers).as("threads that converted the message")
			.isNotEmpty()
			.allMatch((name) -> name.startsWith("langfuse-"));
		// what Langfuse shows: the conversation of each round, as Spring AI sent it
		Wire.Node span = wire.single("span", ChatClientObservationHandler.NAME);
		List<Wire.Node> generations = new ArrayList<>(wire.ofType("generation"));
		generations.sort(Comparator.comparingInt((g) -> g.input().size()));
		Wire.Node first = generations.get(0);
		Wire.Node second = generations.get(1);
		assertThat(span.input()).isEqualTo(first.input());
		assertThat(first.input()).hasSize(2);
		assertThat(second.input()).hasSize(4);
		assertThat(second.input().get(0))
			.isEqualTo(TestJson.read("{\"role\":\"system\",\"content\":\"Answer briefly.\"}"));
		assertThat(second.input().get(1))
			.isEqualTo(TestJson.read("{\"role\":\"user\",\"content\":\"Weather in Paris?\"}"));
		assertThat(second.input().get(2)).isEqualTo(first.output());
		assertThat(first.output().path("tool_calls").get(0).path("function").path("name").asString())
			.isEqualTo("weather");
		JsonNode tool = second.input().get(3);
		assertThat(tool.path("role").asString()).isEqualTo("tool");
		assertThat(tool.path("tool_call_id").asString())
			.isEqualTo(first.output().path("tool_calls").get(0).path("id").asString());
		assertThat(tool.path("content").asString()).contains(WeatherTools.FORECAST);
		assertThat(span.output()).isEqualTo(second.output());
		assertThat(second.output().path("content").asString()).isEqualTo(FakeChatModel.ANSWER);
	}

	@Test
	void aMessageListChangedAfterTheCallKeepsTheInputItWasCalledWith() {
		register(this.langfuse);
		List<Message> messages = new ArrayList<>(List.of(new UserMessage("Weather in Paris?")));
		new FakeChatModel(this.registry).call(new Prompt(messages));
		// as a chat memory might: the prompt keeps the caller's list, not a copy
		messages.add(new UserMessage("added after the call"));
		Wire wire = awaitWire((w) -> !w.ofType("generation").isEmpty());
		JsonNode input = wire.ofType("generation").get(0).input();
		assertThat(input).hasSize(1);
		assertThat(input.get(0).path("content").asString()).isEqualTo("Weather in Paris?");
	}

	@Test
	void aQueuedEventDoesNotKeepTheDataOfAMessagesMedia() {
		register(this.langfuse);
		WeakReference<byte[]> image = callWithAnImage();
		// the event waits in the queue (the flush interval is an hour); the image is free
		await().atMost(AWAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
			System.gc();
			return image.get() == null;
		});
		Wire wire = awaitWire((w) -> !w.ofType("generation").isEmpty());
		JsonNode media = wire.ofType("generation").get(0).input().get(0).path("media");
		assertThat(media).hasSize(1);
		assertThat(media.get(0).path("type").asString()).isEqualTo("image/png");
		assertThat(media.get(0).path("name").asString()).isEqualTo("lighthouse");
	}

	/** Calls the model with a 4 MB image; the image is only weakly reachable after. */
	private WeakReference<byte[]> callWithAnImage() {
		byte[] data = new byte[4 << 20];
		Media media = Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG).data(data).name("lighthouse").build();
		UserMessage question = UserMessage.builder().text("What is in this picture?").media(media).build();
		new FakeChatModel(this.registry).call(new Prompt(question));
		return new WeakReference<>(data);
	}

	/** A user message that records the threads on which the bridge converts it. */
	static final class ReadMessage extends UserMessage {

		final Queue<String> readers = new ConcurrentLinkedQueue<>();

		ReadMessage(String text) {
			super(text);
		}

		@Override
		public String getText() {
			if (StackWalker.getInstance()
				.walk((frames) -> frames.anyMatch((frame) -> frame.getClassName().equals(Messages.class.getName())))) {
				this.readers.add(Thread.currentThread().getName());
			}
			return super.getText();
		}

	}

	@Test
	void aBridgeThatFailsNeverBreaksTheCall() {
		AtomicInteger asked = new AtomicInteger();
		ObservationHandler<Observation.Context> model = LangfuseSpringAi.modelHandler(() -> {
			asked.incrementAndGet();
			throw new IllegalStateException("no Langfuse");
		});
		ObservationHandler<Observation.Context> client = LangfuseSpringAi.chatClientHandler(() -> {
			throw new NoClassDefFoundError("missing");
		});
		this.registry.observationConfig().observationHandler(model).observationHandler(client);
		String answer = ChatClient.create(new FakeChatModel(this.registry), this.registry)
			.prompt()
			.user("Weather in Paris?")
			.tools(new WeatherTools())
			.call()
			.content();
		assertThat(answer).isEqualTo(FakeChatModel.ANSWER);
		assertThat(asked).hasValueGreaterThanOrEqualTo(3);
		assertThat(((ModelObservationHandler) model).bridge().failures()).isEqualTo(asked.get());
		assertThat(((ChatClientObservationHandler) client).bridge().failures()).isEqualTo(1);
	}

	@Test
	void anImageCallIsAGenerationWithTheUrlsOnly() {
		register(this.langfuse);
		ImagePrompt prompt = new ImagePrompt("A lighthouse at dawn",
				ImageOptionsBuilder.builder().model("fake-image").build());
		ImageModelObservationContext context = ImageModelObservationContext.builder()
			.imagePrompt(prompt)
			.provider("openai")
			.build();
		ImageModelObservationDocumentation.IMAGE_MODEL_OPERATION
			.observation(null, new DefaultImageModelObservationConvention(), () -> context, this.registry)
			.observe(() -> context.setResponse(
					new ImageResponse(List.of(new ImageGeneration(new Image("https://images.example/1.png", null)),
							new ImageGeneration(new Image(null, "aGVsbG8="))))));
		Wire wire = awaitWire((w) -> !w.ofType("generation").isEmpty());
		Wire.Node generation = wire.single("generation", "image fake-image");
		assertThat(generation.model()).isEqualTo("fake-image");
		assertThat(generation.input().get(0).asString()).isEqualTo("A lighthouse at dawn");
		assertThat(generation.output().get(0).asString()).isEqualTo("https://images.example/1.png");
		assertThat(generation.output().get(1).asString()).as("never base64 data").isEqualTo("(image data)");
	}

	@Test
	void aDisabledExporterRecordsNothing() {
		register(Langfuse.noop());
		FakeChatModel model = new FakeChatModel(this.registry);
		model.call(new Prompt("Hello"));
		assertThat(this.langfuse.flush(AWAIT)).isTrue();
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void aHandlerWithoutLangfuseDoesNothing() {
		register(null);
		assertThat(new FakeChatModel(this.registry).call(new Prompt("Hello")).getResult().getOutput().getText())
			.isEqualTo(FakeChatModel.ANSWER);
		assertThat(this.server.requests()).isEmpty();
	}

	private Wire awaitWire(Predicate<Wire> done) {
		try {
			await().atMost(AWAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
				this.langfuse.flush(AWAIT);
				return done.test(Wire.of(this.server, false));
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("not received in time; received " + Wire.of(this.server, false).nodes, ex);
		}
		return Wire.of(this.server, false);
	}

}
