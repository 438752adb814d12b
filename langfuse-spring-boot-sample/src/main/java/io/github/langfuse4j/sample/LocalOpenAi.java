package io.github.langfuse4j.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for OpenAI's chat completions endpoint, started inside the sample on a free
 * loopback port when no model key is configured; Spring AI's real OpenAI model talks to
 * it over HTTP. It plays one tool round: when the request offers tools and has no tool
 * result yet, it asks for the first tool with the user's question as its first argument;
 * once the tool result is there, it answers with it. Usage is counted like a tokenizer
 * would, roughly (four characters a token plus a few per message), and the second round
 * reports the first round's prompt as cached, as OpenAI's prompt caching does for a
 * repeated prefix. Non-streaming only.
 */
final class LocalOpenAi implements AutoCloseable {

	/** The model the sample asks for. */
	static final String REQUEST_MODEL = "gpt-4o-mini";

	/** The exact model version the stub says answered, as OpenAI does. */
	static final String RESPONSE_MODEL = "gpt-4o-mini-2024-07-18";

	/** The key Spring AI sends to the stub; the stub does not check it. */
	static final String API_KEY = "sk-local-stub";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(2, (r) -> {
		Thread thread = new Thread(r, "local-openai");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger requests = new AtomicInteger();

	LocalOpenAi() throws IOException {
		System.setProperty("sun.net.httpserver.nodelay", "true");
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/v1/chat/completions", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/** The base URL to use as {@code spring.ai.openai.base-url}. */
	String url() {
		return "http://" + this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort() + "/v1";
	}

	/** How many chat completions were requested. */
	int requests() {
		return this.requests.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			this.requests.incrementAndGet();
			int status = 200;
			String answer;
			try {
				JsonNode request = JSON.readTree(in.readAllBytes());
				if (request.path("stream").asBoolean(false)) {
					status = 400;
					answer = error("The local OpenAI stub does not stream; call the model without stream().");
				}
				else {
					answer = JSON.writeValueAsString(complete(request, this.requests.get()));
				}
			}
			catch (RuntimeException ex) {
				status = 400;
				answer = error("Unreadable request: " + ex.getClass().getSimpleName());
			}
			byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private static String error(String message) {
		ObjectNode error = JSON.createObjectNode();
		error.putObject("error").put("message", message).put("type", "invalid_request_error");
		return JSON.writeValueAsString(error);
	}

	/** One chat completion: a tool call in the first round, the answer in the second. */
	private static ObjectNode complete(JsonNode request, int number) {
		List<JsonNode> messages = new ArrayList<>();
		request.path("messages").forEach(messages::add);
		JsonNode tools = request.path("tools");
		int toolResult = lastIndexOfRole(messages, "tool");
		ObjectNode message = JSON.createObjectNode().put("role", "assistant");
		String finishReason;
		if (toolResult < 0 && !tools.isEmpty()) {
			JsonNode function = tools.get(0).path("function");
			String parameter = function.path("parameters")
				.path("properties")
				.propertyNames()
				.stream()
				.findFirst()
				.orElse("query");
			ObjectNode arguments = JSON.createObjectNode().put(parameter, lastUserText(messages));
			message.putNull("content");
			ObjectNode call = message.putArray("tool_calls").addObject();
			call.put("id", "call_local_" + number).put("type", "function");
			call.putObject("function")
				.put("name", function.path("name").asString())
				.put("arguments", JSON.writeValueAsString(arguments));
			finishReason = "tool_calls";
		}
		else {
			message.put("content", answer(messages, toolResult));
			finishReason = "stop";
		}
		message.putNull("refusal");
		int toolTokens = tokens(tools.isEmpty() ? "" : JSON.writeValueAsString(tools));
		int prompt = toolTokens + tokens(messages, messages.size());
		// the first round's whole prompt is a prefix of the second's: OpenAI reads it
		// from its prompt cache
		int cached = (toolResult < 0) ? 0 : toolTokens + tokens(messages, lastIndexOfRole(messages, "assistant"));
		int completion = tokens(message);

		ObjectNode response = JSON.createObjectNode()
			.put("id", "chatcmpl-local-" + number)
			.put("object", "chat.completion")
			.put("created", System.currentTimeMillis() / 1000)
			.put("model",
					REQUEST_MODEL.equals(request.path("model").asString()) ? RESPONSE_MODEL
							: request.path("model").asString())
			.put("system_fingerprint", "fp_local");
		ObjectNode choice = response.putArray("choices").addObject();
		choice.put("index", 0).putNull("logprobs");
		choice.set("message", message);
		choice.put("finish_reason", finishReason);
		ObjectNode usage = response.putObject("usage")
			.put("prompt_tokens", prompt)
			.put("completion_tokens", completion)
			.put("total_tokens", prompt + completion);
		usage.putObject("prompt_tokens_details").put("cached_tokens", cached).put("audio_tokens", 0);
		usage.putObject("completion_tokens_details")
			.put("reasoning_tokens", 0)
			.put("audio_tokens", 0)
			.put("accepted_prediction_tokens", 0)
			.put("rejected_prediction_tokens", 0);
		return response;
	}

	private static String answer(List<JsonNode> messages, int toolResult) {
		if (toolResult < 0) {
			return "I have no tool to look that up; ask me about the knowledge base.";
		}
		JsonNode found = parseOrText(messages.get(toolResult).path("content").asString(""));
		if (found.isArray() && found.isEmpty()) {
			return "The knowledge base has nothing about that.";
		}
		List<String> texts = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		if (found.isArray()) {
			found.forEach((document) -> {
				texts.add(document.path("text").asString(""));
				ids.add(document.path("id").asString(""));
			});
		}
		else {
			texts.add(found.asString(""));
		}
		return String.join(" ", texts) + (ids.isEmpty() ? "" : " [sources: " + String.join(", ", ids) + "]");
	}

	private static JsonNode parseOrText(String content) {
		try {
			return JSON.readTree(content);
		}
		catch (RuntimeException ex) {
			return JSON.getNodeFactory().stringNode(content);
		}
	}

	private static String lastUserText(List<JsonNode> messages) {
		int user = lastIndexOfRole(messages, "user");
		if (user < 0) {
			return "";
		}
		JsonNode content = messages.get(user).path("content");
		if (content.isArray()) {
			StringBuilder text = new StringBuilder();
			content.forEach((part) -> text.append(part.path("text").asString("")));
			return text.toString();
		}
		return content.asString("");
	}

	private static int lastIndexOfRole(List<JsonNode> messages, String role) {
		for (int i = messages.size() - 1; i >= 0; i--) {
			if (role.equals(messages.get(i).path("role").asString())) {
				return i;
			}
		}
		return -1;
	}

	/** The tokens of the first {@code count} messages. */
	private static int tokens(List<JsonNode> messages, int count) {
		int tokens = 0;
		for (int i = 0; i < count; i++) {
			tokens += tokens(messages.get(i));
		}
		return tokens;
	}

	/** A message's tokens: its content and tool calls, plus four for its framing. */
	private static int tokens(JsonNode message) {
		String content = message.path("content").isString() ? message.path("content").asString()
				: (message.path("content").isMissingNode() || message.path("content").isNull()) ? ""
						: JSON.writeValueAsString(message.path("content"));
		String calls = message.has("tool_calls") ? JSON.writeValueAsString(message.path("tool_calls")) : "";
		return 4 + tokens(message.path("role").asString("") + content + calls);
	}

	private static int tokens(String text) {
		return (text.length() + 3) / 4;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
