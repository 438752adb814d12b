package io.github.langfuse4j.sample;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's run command without keys: the demo runs against the local receiver and
 * prints the tree.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "langfuse.public-key=", "langfuse.secret-key=" })
class SampleDemoTest {

	@Autowired
	private DemoRunner demo;

	@Autowired
	private LocalLangfuse local;

	@Test
	void demoPrintsWhatLangfuseWouldHaveReceived() {
		String report = this.demo.report();
		assertThat(report).isNotNull();
		assertThat(report).contains("Trace answer-question")
			.contains("user alice")
			.contains("session session-bob")
			.contains("tags sample");
		assertThat(report).contains("[span]")
			.contains("retrieve-documents  [retriever]")
			.contains("llm-call  [generation]")
			.contains("model gpt-4o-mini")
			.contains("tokens ")
			.contains("cost $")
			.contains("format-citations  [tool]")
			.contains("score helpfulness = 0.9");
		assertThat(report).contains("ERROR: java.lang.IllegalStateException: model did not answer within 30 s");
		assertThat(report).containsPattern(
				"Ingest totals: accepted (\\d+), sent \\1, rejected 0, dropped 0, " + "failed 0, queued 0");
		// four traces: a root, a retriever, a generation and (when it succeeded) a tool
		// each
		assertThat(this.local.observations()).hasSize(4 * 4 - 1);
		assertThat(this.local.scores()).hasSize(3);
	}

}
