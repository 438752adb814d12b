package io.github.langfuse4j.springai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.content.Media;

/**
 * Spring AI messages as plain maps and lists in the chat shape Langfuse renders
 * ({@code role}, {@code content}, {@code tool_calls}, {@code tool_call_id}): built on the
 * caller's thread from strings only, never from provider objects, so that the exporter's
 * mapper writes them without reflection. Tool responses and tool-call-only assistant
 * messages have an empty {@code getText()}: their fields are written explicitly. Media
 * become placeholders (type and name), never their data.
 */
final class Messages {

	private Messages() {
	}

	/** A prompt's messages; a tool response message gives one message per response. */
	static List<Map<String, Object>> input(List<Message> messages) {
		List<Map<String, Object>> list = new ArrayList<>(messages.size());
		for (Message message : messages) {
			if (message instanceof ToolResponseMessage tool) {
				for (ToolResponseMessage.ToolResponse response : tool.getResponses()) {
					Map<String, Object> map = new LinkedHashMap<>(8);
					map.put("role", "tool");
					map.put("tool_call_id", response.id());
					map.put("name", response.name());
					map.put("content", response.responseData());
					list.add(map);
				}
			}
			else {
				list.add(message(message));
			}
		}
		return list;
	}

	/**
	 * A response's output: the assistant message when there is one result, the list of
	 * them otherwise; {@code null} when there is no result.
	 */
	static @Nullable Object output(@Nullable ChatResponse response) {
		if (response == null || response.getResults().isEmpty()) {
			return null;
		}
		List<Generation> results = response.getResults();
		if (results.size() == 1) {
			return message(results.get(0).getOutput());
		}
		List<Map<String, Object>> list = new ArrayList<>(results.size());
		for (Generation generation : results) {
			list.add(message(generation.getOutput()));
		}
		return list;
	}

	private static Map<String, Object> message(Message message) {
		Map<String, Object> map = new LinkedHashMap<>(8);
		map.put("role", message.getMessageType().getValue());
		String text = message.getText();
		map.put("content", (text != null) ? text : "");
		if (message instanceof AssistantMessage assistant) {
			if (assistant.hasToolCalls()) {
				map.put("tool_calls", toolCalls(assistant.getToolCalls()));
			}
			media(assistant.getMedia(), map);
		}
		else if (message instanceof UserMessage user) {
			media(user.getMedia(), map);
		}
		return map;
	}

	private static List<Map<String, Object>> toolCalls(List<AssistantMessage.ToolCall> calls) {
		List<Map<String, Object>> list = new ArrayList<>(calls.size());
		for (AssistantMessage.ToolCall call : calls) {
			Map<String, Object> function = new LinkedHashMap<>(4);
			function.put("name", call.name());
			function.put("arguments", call.arguments());
			Map<String, Object> map = new LinkedHashMap<>(8);
			map.put("id", call.id());
			map.put("type", call.type());
			map.put("function", function);
			list.add(map);
		}
		return list;
	}

	private static void media(@Nullable List<Media> media, Map<String, Object> map) {
		if (media == null || media.isEmpty()) {
			return;
		}
		List<Map<String, Object>> list = new ArrayList<>(media.size());
		for (Media item : media) {
			Map<String, Object> placeholder = new LinkedHashMap<>(4);
			placeholder.put("type", String.valueOf(item.getMimeType()));
			placeholder.put("name", item.getName());
			list.add(placeholder);
		}
		map.put("media", list);
	}

}
