package io.github.langfuse4j.springai;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.content.Media;
import org.springframework.ai.content.MediaContent;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;

/**
 * Spring AI messages as an input or output value, written in the chat shape Langfuse
 * renders ({@code role}, {@code content}, {@code tool_calls}, {@code tool_call_id}) when
 * the exporter writes the event, on its own thread: the calling thread only copies the
 * prompt's list (which the prompt does not copy), the bridge's thread keeps the message
 * objects and converts nothing. What is written is what Spring AI's messages do not
 * change once made: the text, tool calls, tool responses, and the type and name of media,
 * never their data. A message with media is the exception: it is copied at once without
 * its media ({@link Detached}, on the bridge's thread), so that a queued event never
 * keeps an image or a document alive. Tool responses and tool-call-only assistant
 * messages have an empty {@code getText()}: their fields are written explicitly, a tool
 * response message as one message per response.
 */
final class Messages extends JacksonSerializable.Base {

	/** Each a {@link Message} without media or a {@link Detached} one. */
	private final Object[] messages;

	/** Whether the value is a list; else the one message, as the output of one result. */
	private final boolean list;

	private Messages(Object[] messages, boolean list) {
		this.messages = messages;
		this.list = list;
	}

	/**
	 * A prompt's messages.
	 * @param messages a copy of the prompt's message list, taken on the calling thread
	 * (the prompt does not copy the list it is given); the value takes it over
	 * @return the value
	 */
	static Messages input(Object[] messages) {
		for (int i = 0; i < messages.length; i++) {
			messages[i] = kept(messages[i]);
		}
		return new Messages(messages, true);
	}

	/**
	 * A response's output: the assistant message when there is one result, the list of
	 * them otherwise; {@code null} when there is no result.
	 * @param response the response
	 * @return the value, or {@code null}
	 */
	static @Nullable Messages output(@Nullable ChatResponse response) {
		if (response == null || response.getResults().isEmpty()) {
			return null;
		}
		List<Generation> results = response.getResults();
		Object[] outputs = new Object[results.size()];
		for (int i = 0; i < outputs.length; i++) {
			outputs[i] = kept(results.get(i).getOutput());
		}
		return new Messages(outputs, outputs.length > 1);
	}

	/** The message itself, or its copy without media when it has media. */
	private static @Nullable Object kept(@Nullable Object message) {
		if (message instanceof MediaContent content) {
			List<Media> media = content.getMedia();
			if (media != null && !media.isEmpty()) {
				return Detached.of((Message) message, media);
			}
		}
		return message;
	}

	@Override
	public void serialize(JsonGenerator generator, SerializationContext context) throws JacksonException {
		if (!this.list) {
			write(generator, this.messages[0]);
			return;
		}
		generator.writeStartArray();
		for (Object message : this.messages) {
			if (message instanceof ToolResponseMessage tool) {
				for (ToolResponseMessage.ToolResponse response : tool.getResponses()) {
					generator.writeStartObject();
					generator.writeStringProperty("role", "tool");
					generator.writeStringProperty("tool_call_id", response.id());
					generator.writeStringProperty("name", response.name());
					generator.writeStringProperty("content", response.responseData());
					generator.writeEndObject();
				}
			}
			else if (message != null) {
				write(generator, message);
			}
		}
		generator.writeEndArray();
	}

	@Override
	public void serializeWithType(JsonGenerator generator, SerializationContext context, TypeSerializer types)
			throws JacksonException {
		// plain JSON, never with type information
		serialize(generator, context);
	}

	private static void write(JsonGenerator generator, Object item) {
		if (item instanceof Detached detached) {
			write(generator, detached.role(), detached.text(), detached.toolCalls(), detached.media());
		}
		else if (item instanceof Message message) {
			write(generator, message.getMessageType().getValue(), message.getText(), toolCalls(message), List.of());
		}
		else {
			// a result without an output message: a value all the same, never a gap
			generator.writeNull();
		}
	}

	private static void write(JsonGenerator generator, String role, @Nullable String text,
			@Nullable List<AssistantMessage.ToolCall> toolCalls, List<MediaName> media) {
		generator.writeStartObject();
		generator.writeStringProperty("role", role);
		generator.writeStringProperty("content", (text != null) ? text : "");
		if (toolCalls != null) {
			writeToolCalls(generator, toolCalls);
		}
		if (!media.isEmpty()) {
			generator.writeName("media");
			generator.writeStartArray();
			for (MediaName item : media) {
				generator.writeStartObject();
				generator.writeStringProperty("type", item.type());
				generator.writeStringProperty("name", item.name());
				generator.writeEndObject();
			}
			generator.writeEndArray();
		}
		generator.writeEndObject();
	}

	/** The tool calls of an assistant message that has some, else {@code null}. */
	private static @Nullable List<AssistantMessage.ToolCall> toolCalls(Message message) {
		return (message instanceof AssistantMessage assistant && assistant.hasToolCalls()) ? assistant.getToolCalls()
				: null;
	}

	private static void writeToolCalls(JsonGenerator generator, List<AssistantMessage.ToolCall> calls) {
		generator.writeName("tool_calls");
		generator.writeStartArray();
		for (AssistantMessage.ToolCall call : calls) {
			generator.writeStartObject();
			generator.writeStringProperty("id", call.id());
			generator.writeStringProperty("type", call.type());
			generator.writeName("function");
			generator.writeStartObject();
			generator.writeStringProperty("name", call.name());
			generator.writeStringProperty("arguments", call.arguments());
			generator.writeEndObject();
			generator.writeEndObject();
		}
		generator.writeEndArray();
	}

	/**
	 * A message with media, copied without them: what is written of it.
	 *
	 * @param role the role
	 * @param text the text
	 * @param toolCalls the tool calls of an assistant message, else {@code null}
	 * @param media the type and name of each medium
	 */
	private record Detached(String role, @Nullable String text, @Nullable List<AssistantMessage.ToolCall> toolCalls,
			List<MediaName> media) {

		static Detached of(Message message, List<Media> media) {
			List<MediaName> names = new ArrayList<>(media.size());
			for (Media item : media) {
				names.add(new MediaName(String.valueOf(item.getMimeType()), item.getName()));
			}
			return new Detached(message.getMessageType().getValue(), message.getText(), Messages.toolCalls(message),
					names);
		}

	}

	/** A medium as a placeholder: its type and name, never its data. */
	private record MediaName(String type, @Nullable String name) {
	}

	@Override
	public String toString() {
		return "Messages[" + this.messages.length + (this.list ? " as a list]" : "]");
	}

}
