package io.github.langfuse4j.springai;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.image.Image;
import org.springframework.ai.image.ImageGeneration;
import org.springframework.ai.image.ImageOptionsBuilder;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.image.observation.DefaultImageModelObservationConvention;
import org.springframework.ai.image.observation.ImageModelObservationContext;
import org.springframework.ai.image.observation.ImageModelObservationDocumentation;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.LenientValue;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.tracing.InMemoryIngest;
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
	void eachMessageOfAChatClientCallBecomesOneMapThatItsEventsShare() {
		InMemoryIngest events = new InMemoryIngest();
		register(Langfuse.create(events));
		ChatClient.create(new FakeChatModel(this.registry), this.registry)
			.prompt()
			.system("Answer briefly.")
			.user("Weather in Paris?")
			.tools(new WeatherTools())
			.call()
			.content();
		List<ObservationBody> generations = bodies(events, "generation-create");
		assertThat(generations).hasSize(2);
		ObservationBody span = bodies(events, "span-create").get(0);
		List<?> spanInput = (List<?>) value(span.input());
		List<?> firstInput = (List<?>) value(generations.get(0).input());
		List<?> secondInput = (List<?>) value(generations.get(1).input());
		Object firstOutput = value(generations.get(0).output());
		Object secondOutput = value(generations.get(1).output());
		assertThat(spanInput).hasSize(2);
		assertThat(firstInput).hasSize(2);
		assertThat(secondInput).hasSize(4);
		// what Langfuse shows is unchanged
		assertThat(secondInput.get(0)).isEqualTo(Map.of("role", "system", "content", "Answer briefly."));
		assertThat(secondInput.get(1)).isEqualTo(Map.of("role", "user", "content", "Weather in Paris?"));
		assertThat(secondInput.get(2)).isEqualTo(firstOutput);
		assertThat(((Map<?, ?>) secondInput.get(3)).get("role")).isEqualTo("tool");
		assertThat(value(span.output())).isEqualTo(secondOutput);
		// and each message became one map, built once for the whole call
		for (int i = 0; i < 2; i++) {
			assertThat(firstInput.get(i)).isSameAs(spanInput.get(i));
			assertThat(secondInput.get(i)).isSameAs(spanInput.get(i));
		}
		assertThat(secondInput.get(2)).isSameAs(firstOutput);
		assertThat(value(span.output())).isSameAs(secondOutput);
	}

	/** A free-form value as the bridge built it. */
	private static Object value(Object value) {
		return (value instanceof LenientValue lenient) ? lenient.value() : value;
	}

	/** The bodies of one type's events, in the order they ended. */
	private static List<ObservationBody> bodies(InMemoryIngest events, String eventType) {
		return events.events()
			.stream()
			.filter((e) -> e.type().equals(eventType))
			.map((e) -> ((ObservationEvent) e).body())
			.toList();
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
