package io.github.langfuse4j.sample;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseGeneration;
import io.github.langfuse4j.tracing.LangfuseTrace;

/**
 * The traced workflow: retrieve documents, ask the model, format the citations with a
 * tool, answer, and score the answer. Each step is one Langfuse observation under the
 * request's trace.
 */
@Service
class AnswerService {

	private final Langfuse langfuse;

	private final KnowledgeBase knowledgeBase;

	private final FakeChatModel model;

	AnswerService(Langfuse langfuse, KnowledgeBase knowledgeBase, FakeChatModel model) {
		this.langfuse = langfuse;
		this.knowledgeBase = knowledgeBase;
		this.model = model;
	}

	Answer answer(String question, String userId, String sessionId) {
		try (LangfuseTrace trace = this.langfuse.trace("answer-question")
			.userId(userId)
			.sessionId(sessionId)
			.tags("sample")
			.input(Map.of("question", question))
			.start()) {

			List<KnowledgeBase.Document> documents;
			try (LangfuseGeneration retrieval = trace.observation(ObservationType.RETRIEVER, "retrieve-documents")
				.input(question)
				.start()) {
				documents = this.knowledgeBase.search(question);
				retrieval.output(documents.stream().map(KnowledgeBase.Document::id).toList());
			}

			LangfuseGeneration llm = trace.generation("llm-call")
				.model(FakeChatModel.MODEL)
				.modelParameters(Map.of("temperature", 0.2, "max_tokens", 256))
				.input(List.of(Map.of("role", "user", "content", question)))
				.start();
			FakeChatModel.Reply reply;
			try {
				reply = this.model.call(question, documents);
				llm.completionStart(reply.firstTokenAt())
					.output(Map.of("role", "assistant", "content", reply.text()))
					.usage(reply.inputTokens(), reply.outputTokens())
					.cost(reply.cost())
					.end();
			}
			catch (RuntimeException ex) {
				llm.error(ex);
				trace.output(Map.of("error", ex.getMessage()));
				throw ex;
			}

			String answer;
			try (LangfuseGeneration tool = trace.observation(ObservationType.TOOL, "format-citations")
				.input(documents.size())
				.start()) {
				answer = reply.text() + (documents.isEmpty() ? "" : " [sources: "
						+ String.join(", ", documents.stream().map(KnowledgeBase.Document::id).toList()) + "]");
				tool.output(answer);
			}

			trace.output(Map.of("answer", answer));
			trace.score("helpfulness", documents.isEmpty() ? 0.2 : 0.9);
			return new Answer(answer, trace.id());
		}
	}

	/** The answer and the trace that recorded it. */
	record Answer(String answer, String traceId) {
	}

}
