package io.github.langfuse4j.sample;

import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/** A tiny in-memory document store standing in for a vector database. */
@Component
class KnowledgeBase {

	private static final List<Document> DOCUMENTS = List.of(
			new Document("otlp", "OTLP is OpenTelemetry's protocol for sending traces, metrics and logs."),
			new Document("langfuse",
					"Langfuse is an open-source platform for tracing and evaluating LLM applications."),
			new Document("spring", "Spring Boot auto-configures an application from the libraries on its classpath."),
			new Document("queue", "A bounded queue drops new items when it is full instead of blocking producers."));

	List<Document> search(String query) {
		FakeChatModel.simulateLatency(15);
		String q = query.toLowerCase(Locale.ROOT);
		return DOCUMENTS.stream()
			.filter((d) -> q.contains(d.id()) || d.text().toLowerCase(Locale.ROOT).contains(q))
			.toList();
	}

	/** A stored document. */
	record Document(String id, String text) {
	}

}
