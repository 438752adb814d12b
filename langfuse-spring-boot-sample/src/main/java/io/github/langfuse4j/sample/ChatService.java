package io.github.langfuse4j.sample;

import java.util.List;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.stereotype.Service;

import io.github.langfuse4j.springai.LangfuseSpringAi;

/**
 * The Spring AI path: a {@link ChatClient} with the knowledge base as a tool, and no
 * tracing code at all. The starter's bridge records each call as a trace (the ChatClient
 * span, a generation per model round, the tool between them); the advisor parameters only
 * add the trace's name, user, session and tags.
 */
@Service
class ChatService {

	/** The name of the trace each question starts. */
	static final String TRACE_NAME = "chat-question";

	private static final String SYSTEM = "You answer questions about the sample's knowledge base. Look the "
			+ "question up with the " + KnowledgeTools.NAME + " tool and answer from what it returns.";

	private final ChatClient chatClient;

	ChatService(ChatClient.Builder builder, KnowledgeTools tools) {
		this.chatClient = builder.defaultSystem(SYSTEM).defaultTools(tools).build();
	}

	String answer(String question, String userId, String sessionId) {
		return this.chatClient.prompt()
			.user(question)
			.advisors((a) -> a.param(LangfuseSpringAi.TRACE_NAME, TRACE_NAME)
				.param(LangfuseSpringAi.USER_ID, userId)
				.param(LangfuseSpringAi.SESSION_ID, sessionId)
				.param(LangfuseSpringAi.TAGS, List.of("sample", "spring-ai")))
			.call()
			.content();
	}

}
