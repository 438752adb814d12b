package io.github.langfuse4j.springai;

import java.time.Duration;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.model.MessageAggregator;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import reactor.core.publisher.Flux;

/**
 * A chat model that observes exactly as Spring AI 2.0's providers do: the blocking call
 * inside {@code observation(..).observe(..)} with the response set in the context, the
 * stream started at subscription with its parent from the Reactor context, stopped in
 * {@code doFinally}, aggregated by {@link MessageAggregator}. It asks for the first tool
 * of the request until the last message is a tool response, then answers. Usage per
 * round, cache counts on blocking calls, usage in the last chunk when streaming.
 */
class FakeChatModel implements ChatModel {

	static final String MODEL = "fake-model";

	static final String RESPONSE_MODEL = "fake-model-2026-01";

	static final String ANSWER = "Sunny in Paris";

	private final ObservationRegistry registry;

	private volatile boolean failing;

	FakeChatModel(ObservationRegistry registry) {
		this.registry = registry;
	}

	/** Makes every later call fail like a provider whose server is down. */
	FakeChatModel failing() {
		this.failing = true;
		return this;
	}

	@Override
	public ChatOptions getOptions() {
		return ToolCallingChatOptions.builder().model(MODEL).temperature(0.3).maxTokens(256).build();
	}

	/** What a provider's {@code buildRequestPrompt} does: the default options merged. */
	private Prompt requestPrompt(Prompt prompt) {
		ChatOptions options = prompt.getOptions();
		if (options == null || options.getModel() == null) {
			return new Prompt(prompt.getInstructions(), getOptions());
		}
		return prompt;
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		Prompt request = requestPrompt(prompt);
		ChatModelObservationContext context = ChatModelObservationContext.builder()
			.prompt(request)
			.provider("openai")
			.build();
		return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
			.observation(null, new DefaultChatModelObservationConvention(), () -> context, this.registry)
			.observe(() -> {
				if (this.failing) {
					throw new IllegalStateException("model unavailable");
				}
				ChatResponse response = respond(request, false);
				context.setResponse(response);
				return response;
			});
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		Prompt request = requestPrompt(prompt);
		return Flux.deferContextual((contextView) -> {
			ChatModelObservationContext context = ChatModelObservationContext.builder()
				.prompt(request)
				.provider("openai")
				.streaming(true)
				.build();
			Observation observation = ChatModelObservationDocumentation.CHAT_MODEL_OPERATION.observation(null,
					new DefaultChatModelObservationConvention(), () -> context, this.registry);
			Observation parent = contextView.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			observation.parentObservation(parent);
			try (Observation.Scope ignored = (parent != null) ? parent.openScope() : Observation.Scope.NOOP) {
				observation.start();
			}
			Flux<ChatResponse> chunks = this.failing ? Flux.error(new IllegalStateException("model unavailable"))
					: Flux.fromIterable(chunks(request)).delayElements(Duration.ofMillis(1));
			Flux<ChatResponse> observed = chunks.doOnError(observation::error)
				.doFinally((signal) -> observation.stop())
				.contextWrite((ctx) -> ctx.put(ObservationThreadLocalAccessor.KEY, observation));
			return new MessageAggregator().aggregate(observed, context::setResponse);
		});
	}

	private static boolean wantsTool(Prompt request) {
		List<Message> messages = request.getInstructions();
		boolean answered = !messages.isEmpty() && messages.get(messages.size() - 1) instanceof ToolResponseMessage;
		return !answered && request.getOptions() instanceof ToolCallingChatOptions tools
				&& tools.getToolCallbacks() != null && !tools.getToolCallbacks().isEmpty();
	}

	private static String toolName(Prompt request) {
		return ((ToolCallingChatOptions) request.getOptions()).getToolCallbacks().get(0).getToolDefinition().name();
	}

	private static ChatResponse respond(Prompt request, boolean streamed) {
		if (wantsTool(request)) {
			AssistantMessage call = AssistantMessage.builder()
				.content("")
				.toolCalls(List
					.of(new AssistantMessage.ToolCall("call-1", "function", toolName(request), "{\"city\":\"Paris\"}")))
				.build();
			return response(call, "TOOL_CALLS", "resp-1",
					new DefaultUsage(10, 5, 15, null, streamed ? null : 4L, streamed ? null : 0L));
		}
		return response(AssistantMessage.builder().content(ANSWER).build(), "STOP", "resp-2",
				new DefaultUsage(20, 6, 26, null, streamed ? null : 8L, streamed ? null : 2L));
	}

	private static ChatResponse response(AssistantMessage message, String finishReason, String id, DefaultUsage usage) {
		Generation generation = new Generation(message,
				ChatGenerationMetadata.builder().finishReason(finishReason).build());
		return new ChatResponse(List.of(generation),
				ChatResponseMetadata.builder().id(id).model(RESPONSE_MODEL).usage(usage).build());
	}

	/** A streamed round: the text in two chunks, usage and finish reason in the last. */
	private static List<ChatResponse> chunks(Prompt request) {
		ChatResponse last = respond(request, true);
		if (wantsTool(request)) {
			return List.of(last);
		}
		Generation first = new Generation(AssistantMessage.builder().content("Sunny ").build());
		ChatResponse head = new ChatResponse(List.of(first),
				ChatResponseMetadata.builder().id("resp-2").model(RESPONSE_MODEL).build());
		Generation rest = new Generation(AssistantMessage.builder().content("in Paris").build(),
				ChatGenerationMetadata.builder().finishReason("STOP").build());
		ChatResponse tail = new ChatResponse(List.of(rest), last.getMetadata());
		return List.of(head, tail);
	}

}
