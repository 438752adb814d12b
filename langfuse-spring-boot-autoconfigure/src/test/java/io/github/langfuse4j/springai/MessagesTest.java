package io.github.langfuse4j.springai;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.model.LenientValue;
import io.github.langfuse4j.internal.json.LangfuseJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Messages} as the exporter's mapper writes it: the chat shape of each kind of
 * message, and a valid value whatever a response holds.
 */
class MessagesTest {

	@Test
	void eachKindOfMessageIsWrittenInTheChatShape() {
		AssistantMessage call = AssistantMessage.builder()
			.toolCalls(List.of(new AssistantMessage.ToolCall("call-1", "function", "weather", "{\"city\":\"Paris\"}")))
			.build();
		ToolResponseMessage responses = ToolResponseMessage.builder()
			.responses(List.of(new ToolResponseMessage.ToolResponse("call-1", "weather", "Sunny"),
					new ToolResponseMessage.ToolResponse("call-2", "time", "noon")))
			.build();
		List<Message> messages = List.of(new SystemMessage("Be brief."), new UserMessage("Weather in Paris?"), call,
				responses);
		assertThat(TestJson.read(write(Messages.input(messages.toArray())))).isEqualTo(TestJson
			.read("""
					[{"role":"system","content":"Be brief."},
					 {"role":"user","content":"Weather in Paris?"},
					 {"role":"assistant","content":"","tool_calls":[
					   {"id":"call-1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
					 {"role":"tool","tool_call_id":"call-1","name":"weather","content":"Sunny"},
					 {"role":"tool","tool_call_id":"call-2","name":"time","content":"noon"}]"""));
	}

	@Test
	void oneResultIsTheMessageAndSeveralAreAList() {
		Generation sunny = new Generation(new AssistantMessage("Sunny."));
		Generation rainy = new Generation(new AssistantMessage("Rainy."));
		assertThat(TestJson.read(write(Messages.output(new ChatResponse(List.of(sunny))))))
			.isEqualTo(TestJson.read("{\"role\":\"assistant\",\"content\":\"Sunny.\"}"));
		assertThat(TestJson.read(write(Messages.output(new ChatResponse(List.of(sunny, rainy)))))).isEqualTo(TestJson
			.read("[{\"role\":\"assistant\",\"content\":\"Sunny.\"},{\"role\":\"assistant\",\"content\":\"Rainy.\"}]"));
		assertThat(Messages.output(new ChatResponse(List.of()))).isNull();
	}

	@Test
	void aResultWithoutAMessageIsStillAValue() {
		Messages output = Messages.output(new ChatResponse(List.of(new Generation(null))));
		// as the exporter writes an output: a field of an event
		String event = LangfuseJson.mapper().writeValueAsString(Map.of("output", new LenientValue(output)));
		assertThat(TestJson.read(event).path("output").isNull()).isTrue();
	}

	private static String write(Object value) {
		return LangfuseJson.mapper().writeValueAsString(value);
	}

}
