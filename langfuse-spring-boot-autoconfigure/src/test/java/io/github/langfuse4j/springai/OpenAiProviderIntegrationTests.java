package io.github.langfuse4j.springai;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.micrometer.observation.ObservationRegistry;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.tracing.Langfuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real provider: Spring AI's {@link OpenAiChatModel} (the official OpenAI SDK on
 * OkHttp, observed) pointed at a loopback stub that answers with canned JSON and
 * server-sent events, no network and no key. Checks what only a real provider shows: its
 * request building, its usage and cache-token mapping, its stream aggregation, and that
 * its HTTP observations are not recorded.
 */
class OpenAiProviderIntegrationTests {

	private static final Duration AWAIT = Duration.ofSeconds(30);

	private static final String COMPLETIONS = "/v1/chat/completions";

	private static final String RESPONSE_MODEL = "gpt-4o-mini-2024-07-18";

	private static final String JSON = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini-2024-07-18",
			"choices":[{"index":0,"message":{"role":"assistant","content":"Paris is sunny.","refusal":null},
			"logprobs":null,"finish_reason":"stop"}],
			"usage":{"prompt_tokens":120,"completion_tokens":9,"total_tokens":129,
			"prompt_tokens_details":{"cached_tokens":100,"audio_tokens":0},
			"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,
			"rejected_prediction_tokens":0}},"system_fingerprint":"fp_1"}
			""".replace("\n", "");

	private static final String CHUNK = "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\","
			+ "\"created\":1700000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[%s]%s}";

	private static final String SSE = String.join("",
			event(CHUNK.formatted(
					"{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}," + "\"finish_reason\":null}",
					"")),
			event(CHUNK.formatted("{\"index\":0,\"delta\":{\"content\":\"Paris \"},\"finish_reason\":null}", "")),
			event(CHUNK.formatted("{\"index\":0,\"delta\":{\"content\":\"is sunny.\"},\"finish_reason\":\"stop\"}",
					"")),
			event(CHUNK.formatted("",
					",\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":9,"
							+ "\"total_tokens\":129,\"prompt_tokens_details\":{\"cached_tokens\":100}}")),
			"data: [DONE]\n\n");

	private final LoopbackServer server = new LoopbackServer();

	private LangfuseIngest ingest;

	@AfterEach
	void close() {
		if (this.ingest != null) {
			this.ingest.close();
		}
		this.server.close();
	}

	private static String event(String data) {
		return "data: " + data + "\n\n";
	}

	private ChatClient chatClient(String protocol) {
		this.server.respond(COMPLETIONS,
				(request) -> request.bodyText().contains("\"stream\":true")
						? LoopbackServer.Response.text(200, SSE).withHeader("Content-Type", "text/event-stream")
						: LoopbackServer.Response.json(200, JSON));
		this.ingest = LangfuseIngest.create(IngestConfig.builder()
			.host(this.server.url())
			.publicKey("pk-lf-test")
			.secretKey("sk-lf-test")
			.protocol(protocol.equals("otlp") ? IngestConfig.Protocol.OTLP : IngestConfig.Protocol.INGESTION)
			.flushInterval(Duration.ofHours(1))
			.maxRetries(0)
			.build());
		Langfuse langfuse = Langfuse.create(this.ingest);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(LangfuseSpringAi.modelHandler(() -> langfuse))
			.observationHandler(LangfuseSpringAi.chatClientHandler(() -> langfuse));
		OpenAiChatModel model = OpenAiChatModel.builder()
			.options(OpenAiChatOptions.builder()
				.baseUrl(this.server.url() + "/v1")
				.apiKey("sk-test")
				.model("gpt-4o-mini")
				.temperature(0.2)
				.maxRetries(0)
				.build())
			.observationRegistry(registry)
			.build();
		return ChatClient.create(model, registry);
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void aCallMapsTheRealUsageWithCachedTokens(String protocol) {
		String answer = chatClient(protocol).prompt().system("Be brief.").user("Weather in Paris?").call().content();
		assertThat(answer).isEqualTo("Paris is sunny.");
		LoopbackServer.Recorded request = this.server.requests(COMPLETIONS).get(0);
		assertThat(TestJson.read(request.body()).path("model").asString()).isEqualTo("gpt-4o-mini");
		Wire wire = awaitWire(protocol, (w) -> w.nodes.size() == 2);
		assertThat(wire.nodes).as("ChatClient span and generation; no HTTP observation").hasSize(2);
		Wire.Node generation = wire.ofType("generation").get(0);
		assertThat(generation.name()).isEqualTo("chat gpt-4o-mini");
		assertThat(generation.model()).isEqualTo(RESPONSE_MODEL);
		assertThat(generation.parameters()).containsEntry("temperature", "0.2").containsEntry("stream", "false");
		assertThat(generation.input().get(0).path("role").asString()).isEqualTo("system");
		assertThat(generation.input().get(1).path("content").asString()).isEqualTo("Weather in Paris?");
		assertThat(generation.output().path("content").asString()).isEqualTo("Paris is sunny.");
		assertThat(generation.usage()).as("OpenAI counts cached tokens in the prompt: input is the rest")
			.containsEntry("input", 20)
			.containsEntry("input_cache_read", 100)
			.containsEntry("output", 9)
			.containsEntry("total", 129);
		assertThat(generation.metadata()).containsEntry("response_id", "chatcmpl-1")
			.containsEntry("provider", "openai");
		assertThat(generation.metadata().get("finish_reasons")).contains("STOP");
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void aStreamIsAggregatedWithTheUsageOfTheLastChunk(String protocol) {
		List<String> chunks = chatClient(protocol).prompt()
			.user("Weather in Paris?")
			.stream()
			.content()
			.collectList()
			.block(AWAIT);
		assertThat(String.join("", chunks)).isEqualTo("Paris is sunny.");
		assertThat(this.server.requests(COMPLETIONS).get(0).bodyText()).contains("\"include_usage\":true");
		Wire wire = awaitWire(protocol, (w) -> w.nodes.size() == 2);
		Wire.Node generation = wire.ofType("generation").get(0);
		assertThat(generation.output().path("content").asString()).isEqualTo("Paris is sunny.");
		assertThat(generation.parameters()).containsEntry("stream", "true");
		assertThat(generation.usage()).as("Spring AI's aggregation keeps no cache counts: the prompt count as is")
			.containsEntry("input", 120)
			.containsEntry("output", 9)
			.containsEntry("total", 129)
			.doesNotContainKey("input_cache_read");
	}

	private Wire awaitWire(String protocol, Predicate<Wire> done) {
		boolean otlp = protocol.equals("otlp");
		try {
			await().atMost(AWAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
				this.ingest.flush(AWAIT);
				return done.test(Wire.of(this.server, otlp));
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("not received in time; received " + Wire.of(this.server, otlp).nodes, ex);
		}
		return Wire.of(this.server, otlp);
	}

}
