package io.github.langfuse4j.bench;

import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/**
 * An in-process chat model that observes a blocking call the way Spring AI 2.0's
 * providers do: the default options merged into the request prompt, a
 * {@link ChatModelObservationContext} observed around the call, the response (model
 * version, id, finish reason, usage with cache counts) set in the context before the
 * observation stops. It asks for the request's first tool until the last message is a
 * tool response, then answers: one tool round per ChatClient call. No I/O, no waiting.
 */
final class ObservedChatModel implements ChatModel {

	static final String MODEL = "gpt-4o-mini";

	private static final String RESPONSE_MODEL = "gpt-4o-mini-2024-07-18";

	private static final ChatOptions DEFAULTS = ToolCallingChatOptions.builder()
		.model(MODEL)
		.temperature(0.2)
		.maxTokens(256)
		.build();

	private static final DefaultChatModelObservationConvention CONVENTION = new DefaultChatModelObservationConvention();

	private final ObservationRegistry registry;

	ObservedChatModel(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public ChatOptions getOptions() {
		return DEFAULTS;
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		Prompt request = merged(prompt);
		ChatModelObservationContext context = ChatModelObservationContext.builder()
			.prompt(request)
			.provider("openai")
			.build();
		return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
			.observation(null, CONVENTION, () -> context, this.registry)
			.observe(() -> {
				ChatResponse response = respond(request);
				context.setResponse(response);
				return response;
			});
	}

	/** What a provider's request building does with the defaults: fill the model in. */
	private static Prompt merged(Prompt prompt) {
		ChatOptions options = prompt.getOptions();
		if (options instanceof ToolCallingChatOptions tools && tools.getModel() == null) {
			ChatOptions withDefaults = tools.mutate().model(MODEL).temperature(0.2).maxTokens(256).build();
			return new Prompt(prompt.getInstructions(), withDefaults);
		}
		return (options != null) ? prompt : new Prompt(prompt.getInstructions(), DEFAULTS);
	}

	private static ChatResponse respond(Prompt request) {
		List<Message> messages = request.getInstructions();
		boolean answered = !messages.isEmpty() && messages.get(messages.size() - 1) instanceof ToolResponseMessage;
		if (!answered && request.getOptions() instanceof ToolCallingChatOptions tools
				&& !tools.getToolCallbacks().isEmpty()) {
			String tool = tools.getToolCallbacks().get(0).getToolDefinition().name();
			AssistantMessage call = AssistantMessage.builder()
				.content("")
				.toolCalls(List.of(new AssistantMessage.ToolCall("call_1", "function", tool, "{\"city\":\"Paris\"}")))
				.build();
			return response(call, "TOOL_CALLS", "chatcmpl-1", new DefaultUsage(144, 39, 183, null, 0L, null));
		}
		return response(AssistantMessage.builder().content("Sunny, 21 degrees in Paris.").build(), "STOP", "chatcmpl-2",
				new DefaultUsage(212, 28, 240, null, 144L, null));
	}

	private static ChatResponse response(AssistantMessage message, String finishReason, String id, DefaultUsage usage) {
		Generation generation = new Generation(message,
				ChatGenerationMetadata.builder().finishReason(finishReason).build());
		return new ChatResponse(List.of(generation),
				ChatResponseMetadata.builder().id(id).model(RESPONSE_MODEL).usage(usage).build());
	}

}
