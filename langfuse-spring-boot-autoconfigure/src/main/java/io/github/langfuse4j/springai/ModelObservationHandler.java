package io.github.langfuse4j.springai;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.image.ImageGeneration;
import org.springframework.ai.image.ImageMessage;
import org.springframework.ai.image.ImageOptions;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.image.observation.ImageModelObservationContext;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.internal.model.CompactMap;
import io.github.langfuse4j.tracing.LangfuseGeneration;
import io.github.langfuse4j.tracing.LangfuseGenerationBuilder;
import io.github.langfuse4j.tracing.LangfuseHandle;

/**
 * The handler of {@code spring-ai-model}'s observations. Chat, embedding and image share
 * the observation name {@code gen_ai.client.operation}: it dispatches on the context
 * class. Each observation gets its Langfuse handle at start (so that children find their
 * parent) and all its fields at stop, where its one event is emitted; both on the
 * bridge's thread ({@link DeferringHandler}). Usage is taken from each model round only;
 * never from the ChatClient response, which sums the tool loop.
 */
final class ModelObservationHandler extends DeferringHandler {

	/** The name of the last chat generation, see {@link #chatName}. */
	private volatile @Nullable ChatName lastChatName;

	ModelObservationHandler(Bridge bridge) {
		super(bridge);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatModelObservationContext || context instanceof ToolCallingObservationContext
				|| context instanceof EmbeddingModelObservationContext
				|| context instanceof ImageModelObservationContext;
	}

	/**
	 * A copy of the request's list (the prompt's messages, the embedding texts, the image
	 * prompts): the application may change its list once the call has returned.
	 */
	@Override
	@Nullable Object keepAtStart(Observation.Context context, @Nullable LangfuseHandle current) {
		if (context instanceof ChatModelObservationContext chat) {
			return chat.getRequest().getInstructions().toArray();
		}
		if (context instanceof EmbeddingModelObservationContext embedding) {
			return embedding.getRequest().getInstructions().toArray();
		}
		if (context instanceof ImageModelObservationContext image) {
			return image.getRequest().getInstructions().toArray();
		}
		return null;
	}

	@Override
	void start(Callback callback) {
		Observation.Context context = callback.context();
		if (context instanceof ChatModelObservationContext chat) {
			startChat(callback, chat);
		}
		else if (context instanceof ToolCallingObservationContext tool) {
			startTool(callback, tool);
		}
		else if (context instanceof EmbeddingModelObservationContext embedding) {
			startEmbedding(callback, embedding);
		}
		else if (context instanceof ImageModelObservationContext image) {
			startImage(callback, image);
		}
	}

	@Override
	void stop(Callback callback) {
		Observation.Context context = callback.context();
		Bridge.Recorded recorded = Bridge.recorded(context);
		if (recorded == null || !(recorded.observation() instanceof LangfuseGeneration generation)) {
			return;
		}
		if (context instanceof ChatModelObservationContext chat) {
			stopChat(chat, generation);
		}
		else if (context instanceof ToolCallingObservationContext tool) {
			generation.output(tool.getToolCallResult());
		}
		else if (context instanceof EmbeddingModelObservationContext embedding) {
			stopEmbedding(embedding, generation);
		}
		else if (context instanceof ImageModelObservationContext image) {
			stopImage(image, generation);
		}
		Throwable error = context.getError();
		if (error != null) {
			generation.error(error);
		}
		recorded.end(callback.nanoTime());
	}

	private static LangfuseGenerationBuilder builder(Callback callback, Bridge.Placement placement,
			ObservationType type, String name) {
		LangfuseGenerationBuilder builder = (placement.parent() != null) ? placement.parent().observation(type, name)
				: callback.langfuse().observation(type, name);
		return builder.startTime(placement.startTime());
	}

	private static void start(Observation.Context context, LangfuseGenerationBuilder builder,
			Bridge.Placement placement) {
		Bridge.record(context, builder.start(), placement);
	}

	// chat model round: a generation

	private void startChat(Callback callback, ChatModelObservationContext context) {
		ChatOptions options = context.getRequest().getOptions();
		String model = (options != null) ? Bridge.string(options.getModel()) : null;
		String name = chatName(model);
		Bridge.Placement placement = bridge().place(callback, name, false);
		if (placement == null) {
			return;
		}
		LangfuseGenerationBuilder builder = builder(callback, placement, ObservationType.GENERATION, name);
		builder.model(model)
			.modelParameters(chatParameters(options, context.isStreaming()))
			.metadata("provider", context.getOperationMetadata().provider())
			// the one place where the chat input is taken, from the messages kept at the
			// start
			.input(placement.capturesContent() ? Messages.input((Object[]) callback.kept()) : null);
		start(context, builder, placement);
	}

	/**
	 * The name of a chat generation: {@code chat} and the model; the last one is kept, so
	 * that a run of calls to one model does not build the same string each time.
	 */
	private String chatName(@Nullable String model) {
		if (model == null) {
			return "chat";
		}
		ChatName last = this.lastChatName;
		if (last != null && last.model().equals(model)) {
			return last.name();
		}
		String name = "chat " + model;
		this.lastChatName = new ChatName(model, name);
		return name;
	}

	private record ChatName(String model, String name) {
	}

	/**
	 * Scalars only: the server rejects nested values. A {@link CompactMap}, which the
	 * tracing API checks without copying it.
	 */
	static Map<String, Object> chatParameters(@Nullable ChatOptions options, boolean streaming) {
		CompactMap.Builder<Object> parameters = CompactMap.builder(4);
		if (options != null) {
			putIfPresent(parameters, "temperature", options.getTemperature());
			putIfPresent(parameters, "max_tokens", options.getMaxTokens());
			putIfPresent(parameters, "top_p", options.getTopP());
			putIfPresent(parameters, "top_k", options.getTopK());
			putIfPresent(parameters, "frequency_penalty", options.getFrequencyPenalty());
			putIfPresent(parameters, "presence_penalty", options.getPresencePenalty());
			List<String> stop = options.getStopSequences();
			if (stop != null && !stop.isEmpty()) {
				parameters.put("stop", String.join(",", stop));
			}
			if (options instanceof ToolCallingChatOptions tools) {
				String names = toolNames(tools.getToolCallbacks());
				if (names != null) {
					parameters.put("tools", names);
				}
			}
		}
		parameters.put("stream", streaming);
		return parameters.build();
	}

	/** The tool names, comma-separated; {@code null} when there is none. */
	private static @Nullable String toolNames(@Nullable List<ToolCallback> callbacks) {
		if (callbacks == null || callbacks.isEmpty()) {
			return null;
		}
		if (callbacks.size() == 1) {
			return callbacks.get(0).getToolDefinition().name();
		}
		StringJoiner names = new StringJoiner(",");
		for (ToolCallback callback : callbacks) {
			names.add(callback.getToolDefinition().name());
		}
		return names.toString();
	}

	private static void putIfPresent(CompactMap.Builder<Object> map, String key, @Nullable Object value) {
		if (value instanceof Double number && !Double.isFinite(number)) {
			return;
		}
		if (value != null) {
			map.put(key, value);
		}
	}

	private void stopChat(ChatModelObservationContext context, LangfuseGeneration generation) {
		ChatResponse response = context.getResponse();
		if (response == null) {
			return;
		}
		if (generation.isCapturingContent()) {
			// the one place where the chat output is taken
			generation.output(Messages.output(response));
		}
		ChatResponseMetadata metadata = response.getMetadata();
		String model = Bridge.string(metadata.getModel());
		if (model != null) {
			generation.model(model);
		}
		String id = Bridge.string(metadata.getId());
		if (id != null) {
			generation.metadata("response_id", id);
		}
		List<String> finishReasons = finishReasons(response.getResults());
		if (!finishReasons.isEmpty()) {
			generation.metadata("finish_reasons", finishReasons);
		}
		Map<String, Integer> usage = usage(metadata.getUsage(), context.getOperationMetadata().provider());
		if (usage != null) {
			generation.usageDetails(usage);
		}
	}

	private static List<String> finishReasons(List<Generation> results) {
		if (results.size() == 1) {
			// the common case, without a list to grow
			String reason = Bridge.string(results.get(0).getMetadata().getFinishReason());
			return (reason != null) ? List.of(reason) : List.of();
		}
		List<String> reasons = new ArrayList<>(results.size());
		for (Generation result : results) {
			String reason = Bridge.string(result.getMetadata().getFinishReason());
			if (reason != null) {
				reasons.add(reason);
			}
		}
		return reasons;
	}

	/**
	 * Usage details with Langfuse's keys: {@code input} without cached tokens (OpenAI,
	 * Google and most providers count cache reads in the prompt; Anthropic and Bedrock
	 * Converse do not), {@code output}, {@code total}, and {@code input_cache_read} /
	 * {@code input_cache_creation} when Spring AI has them (not after stream
	 * aggregation). {@code null} when the response carries no usage. A
	 * {@link CompactMap}, which the tracing API checks without copying it.
	 */
	static @Nullable Map<String, Integer> usage(@Nullable Usage usage, @Nullable String provider) {
		if (usage == null) {
			return null;
		}
		int prompt = count(usage.getPromptTokens());
		int completion = count(usage.getCompletionTokens());
		int total = count(usage.getTotalTokens());
		Long cacheRead = usage.getCacheReadInputTokens();
		Long cacheWrite = usage.getCacheWriteInputTokens();
		if (prompt == 0 && completion == 0 && total == 0 && cacheRead == null && cacheWrite == null) {
			return null;
		}
		int read = (cacheRead != null) ? clamp(cacheRead) : 0;
		boolean promptIncludesCache = !("anthropic".equals(provider) || "bedrock_converse".equals(provider));
		int input = promptIncludesCache ? Math.max(0, prompt - read) : prompt;
		if (cacheWrite == null) {
			// the common shapes, without a builder
			return (cacheRead != null)
					? CompactMap.of("input", input, "output", completion, "total", total, "input_cache_read", read)
					: CompactMap.of("input", input, "output", completion, "total", total);
		}
		CompactMap.Builder<Integer> details = CompactMap.builder(5);
		details.put("input", input);
		details.put("output", completion);
		details.put("total", total);
		if (cacheRead != null) {
			details.put("input_cache_read", read);
		}
		details.put("input_cache_creation", clamp(cacheWrite));
		return details.build();
	}

	private static int count(@Nullable Integer count) {
		return (count != null && count > 0) ? count : 0;
	}

	private static int clamp(long count) {
		return (int) Math.max(0, Math.min(Integer.MAX_VALUE, count));
	}

	// tool execution: a tool

	private void startTool(Callback callback, ToolCallingObservationContext context) {
		ToolDefinition definition = context.getToolDefinition();
		Bridge.Placement placement = bridge().place(callback, definition.name(), false);
		if (placement == null) {
			return;
		}
		LangfuseGenerationBuilder builder = builder(callback, placement, ObservationType.TOOL, definition.name());
		builder.metadata("tool_call_id", context.getToolCallId())
			.metadata("tool_type", context.getToolType())
			.metadata("description", definition.description())
			// the one place where the tool input is built (its output: onStop)
			.input(context.getToolCallArguments());
		start(context, builder, placement);
	}

	// embedding call: an embedding

	private void startEmbedding(Callback callback, EmbeddingModelObservationContext context) {
		EmbeddingOptions options = context.getRequest().getOptions();
		String model = (options != null) ? Bridge.string(options.getModel()) : null;
		String name = (model != null) ? "embedding " + model : "embedding";
		Bridge.Placement placement = bridge().place(callback, name, false);
		if (placement == null) {
			return;
		}
		LangfuseGenerationBuilder builder = builder(callback, placement, ObservationType.EMBEDDING, name);
		CompactMap.Builder<Object> parameters = CompactMap.builder(1);
		if (options != null) {
			putIfPresent(parameters, "dimensions", options.getDimensions());
		}
		builder.model(model)
			.modelParameters(parameters.build())
			.metadata("provider", context.getOperationMetadata().provider())
			// the one place where the embedding input is built, from the texts kept at
			// the
			// start
			.input(Arrays.asList((Object[]) callback.kept()));
		start(context, builder, placement);
	}

	private void stopEmbedding(EmbeddingModelObservationContext context, LangfuseGeneration generation) {
		EmbeddingResponse response = context.getResponse();
		if (response == null) {
			return;
		}
		int dimensions = response.getResults().isEmpty() ? 0 : response.getResults().get(0).getOutput().length;
		// never the vectors: their count and size
		generation.output(CompactMap.builder(2)
			.put("embeddings", response.getResults().size())
			.put("dimensions", dimensions)
			.build());
		String model = Bridge.string(response.getMetadata().getModel());
		if (model != null) {
			generation.model(model);
		}
		Usage usage = response.getMetadata().getUsage();
		if (usage != null && (count(usage.getPromptTokens()) > 0 || count(usage.getTotalTokens()) > 0)) {
			generation.usageDetails(CompactMap.<Integer>builder(2)
				.put("input", count(usage.getPromptTokens()))
				.put("total", count(usage.getTotalTokens()))
				.build());
		}
	}

	// image call: a generation

	private void startImage(Callback callback, ImageModelObservationContext context) {
		ImageOptions options = context.getRequest().getOptions();
		String model = (options != null) ? Bridge.string(options.getModel()) : null;
		String name = (model != null) ? "image " + model : "image";
		Bridge.Placement placement = bridge().place(callback, name, false);
		if (placement == null) {
			return;
		}
		LangfuseGenerationBuilder builder = builder(callback, placement, ObservationType.GENERATION, name);
		List<String> prompts = new ArrayList<>();
		for (Object message : (Object[]) callback.kept()) {
			prompts.add(((ImageMessage) message).getText());
		}
		builder.model(model)
			.metadata("provider", context.getOperationMetadata().provider())
			// the one place where the image input is built
			.input(prompts);
		start(context, builder, placement);
	}

	private void stopImage(ImageModelObservationContext context, LangfuseGeneration generation) {
		ImageResponse response = context.getResponse();
		if (response == null) {
			return;
		}
		// URLs only: base64 images would fill the event
		List<String> urls = new ArrayList<>();
		for (ImageGeneration result : response.getResults()) {
			String url = result.getOutput().getUrl();
			urls.add((url != null) ? url : "(image data)");
		}
		generation.output(urls);
	}

}
