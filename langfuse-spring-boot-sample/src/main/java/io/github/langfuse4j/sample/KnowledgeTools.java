package io.github.langfuse4j.sample;

import java.util.List;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/**
 * The knowledge base as a Spring AI tool: the model calls it to find documents, Spring
 * AI's tool loop runs it, and the bridge records the call as a {@code tool} observation.
 */
@Component
class KnowledgeTools {

	static final String NAME = "search_knowledge_base";

	private final KnowledgeBase knowledgeBase;

	KnowledgeTools(KnowledgeBase knowledgeBase) {
		this.knowledgeBase = knowledgeBase;
	}

	@Tool(name = NAME, description = "Searches the knowledge base and returns the matching documents")
	List<KnowledgeBase.Document> search(@ToolParam(description = "what to look for") String query) {
		return this.knowledgeBase.search(query);
	}

}
