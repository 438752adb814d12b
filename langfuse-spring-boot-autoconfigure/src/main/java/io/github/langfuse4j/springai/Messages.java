package io.github.langfuse4j.springai;

import java.util.ArrayList;
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

import io.github.langfuse4j.internal.model.CompactMap;

/**
 * Spring AI messages as plain maps and lists in the chat shape Langfuse renders
 * ({@code role}, {@code content}, {@code tool_calls}, {@code tool_call_id}): built on the
 * caller's thread from strings only, never from provider objects, so that the exporter's
 * mapper writes them without reflection. Tool responses and tool-call-only assistant
 * messages have an empty {@code getText()}: their fields are written explicitly. Media
 * become placeholders (type and name), never their data. The maps are
 * {@link CompactMap}s: one array each, kept by the wire model without a copy, and, within
 * one ChatClient call, built once per message ({@link MessageMaps}).
 */
final class Messages {

	private Messages() {
	}

	/**
	 * A prompt's messages; a tool response message gives one message per response.
	 * @param messages the messages
	 * @param built the maps built before in this ChatClient call, or {@code null}
	 * @return the list of message maps
	 */
	static List<Map<String, Object>> input(List<Message> messages, @Nullable MessageMaps built) {
		List<Map<String, Object>> list = new ArrayList<>(messages.size());
		for (Message message : messages) {
			if (message instanceof ToolResponseMessage tool) {
				for (ToolResponseMessage.ToolResponse response : tool.getResponses()) {
					list.add(CompactMap.of("role", "tool", "tool_call_id", response.id(), "name", response.name(),
							"content", response.responseData()));
				}
			}
			else {
				list.add(message(message, built));
			}
		}
		return list;
	}

	/**
	 * A response's output: the assistant message when there is one result, the list of
	 * them otherwise; {@code null} when there is no result.
	 * @param response the response
	 * @param built the maps built before in this ChatClient call, or {@code null}
	 * @return the output
	 */
	static @Nullable Object output(@Nullable ChatResponse response, @Nullable MessageMaps built) {
		if (response == null || response.getResults().isEmpty()) {
			return null;
		}
		List<Generation> results = response.getResults();
		if (results.size() == 1) {
			return message(results.get(0).getOutput(), built);
		}
		List<Map<String, Object>> list = new ArrayList<>(results.size());
		for (Generation generation : results) {
			list.add(message(generation.getOutput(), built));
		}
		return list;
	}

	/** The map of a message: the one built before in this call, else a new one. */
	private static Map<String, Object> message(Message message, @Nullable MessageMaps built) {
		if (built == null) {
			return message(message);
		}
		Map<String, Object> map = built.get(message);
		if (map == null) {
			map = message(message);
			built.put(message, map);
		}
		return map;
	}

	private static Map<String, Object> message(Message message) {
		String role = message.getMessageType().getValue();
		String text = message.getText();
		String content = (text != null) ? text : "";
		List<Map<String, Object>> toolCalls = null;
		List<Map<String, Object>> media = null;
		if (message instanceof AssistantMessage assistant) {
			if (assistant.hasToolCalls()) {
				toolCalls = toolCalls(assistant.getToolCalls());
			}
			media = media(assistant.getMedia());
		}
		else if (message instanceof UserMessage user) {
			media = media(user.getMedia());
		}
		if (toolCalls == null && media == null) {
			return CompactMap.of("role", role, "content", content);
		}
		CompactMap.Builder<Object> map = CompactMap.builder(4);
		map.put("role", role);
		map.put("content", content);
		if (toolCalls != null) {
			map.put("tool_calls", toolCalls);
		}
		if (media != null) {
			map.put("media", media);
		}
		return map.build();
	}

	private static List<Map<String, Object>> toolCalls(List<AssistantMessage.ToolCall> calls) {
		List<Map<String, Object>> list = new ArrayList<>(calls.size());
		for (AssistantMessage.ToolCall call : calls) {
			Map<String, Object> function = CompactMap.of("name", call.name(), "arguments", call.arguments());
			list.add(CompactMap.of("id", call.id(), "type", call.type(), "function", function));
		}
		return list;
	}

	private static @Nullable List<Map<String, Object>> media(@Nullable List<Media> media) {
		if (media == null || media.isEmpty()) {
			return null;
		}
		List<Map<String, Object>> list = new ArrayList<>(media.size());
		for (Media item : media) {
			list.add(CompactMap.of("type", String.valueOf(item.getMimeType()), "name", item.getName()));
		}
		return list;
	}

}
