package io.github.langfuse4j.sample;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Stands in for an LLM client: answers from the retrieved documents, deterministically,
 * and reports token usage like a real model would. A question containing "timeout" fails,
 * to show the error path.
 */
@Component
class FakeChatModel {

	static final String MODEL = "gpt-4o-mini";

	/** USD per input and per output token, as a price list would say. */
	static final double INPUT_PRICE = 0.15 / 1_000_000;

	static final double OUTPUT_PRICE = 0.60 / 1_000_000;

	Reply call(String question, List<KnowledgeBase.Document> documents) {
		if (question.toLowerCase(Locale.ROOT).contains("timeout")) {
			throw new IllegalStateException("model did not answer within 30 s");
		}
		simulateLatency(40);
		Instant firstToken = Instant.now();
		simulateLatency(60);
		String text = documents.isEmpty() ? "I could not find anything about that."
				: "From " + documents.size() + " documents: " + documents.get(0).text();
		int inputTokens = tokens(question) + documents.stream().mapToInt((d) -> tokens(d.text())).sum() + 24;
		int outputTokens = tokens(text);
		return new Reply(text, firstToken, inputTokens, outputTokens);
	}

	/** A real model takes time; the demo shows it in the trace. */
	static void simulateLatency(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int tokens(String text) {
		return Math.max(1, (int) Math.ceil(text.split("\\s+").length * 1.3));
	}

	/** A model answer. */
	record Reply(String text, Instant firstTokenAt, int inputTokens, int outputTokens) {

		double cost() {
			return this.inputTokens * INPUT_PRICE + this.outputTokens * OUTPUT_PRICE;
		}

	}

}
