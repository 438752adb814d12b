package io.github.langfuse4j.sample;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's run command without keys: the demo runs against the local receiver and the
 * local OpenAI stub, and prints the trees of both paths, the hand-written tracing and
 * Spring AI's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "langfuse.public-key=", "langfuse.secret-key=", "sample.local-model=true" })
class SampleDemoTest {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static final String CHAT_CLIENT = "spring_ai chat_client";

	private static final String GENERATION_NAME = "chat " + LocalOpenAi.REQUEST_MODEL;

	@Autowired
	private DemoRunner demo;

	@Autowired
	private LocalLangfuse local;

	@Autowired
	private LocalOpenAi openAi;

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
		// four hand-written traces: a root, a retriever, a generation and (when it
		// succeeded) a tool each
		assertThat(observationsOfTraces("answer-question")).hasSize(4 * 4 - 1);
		assertThat(this.local.scores()).hasSize(3);
	}

	@Test
	void demoPrintsTheSpringAiTreeWithUsage() {
		String report = this.demo.report();
		assertThat(report).contains("Trace " + ChatService.TRACE_NAME)
			.contains(CHAT_CLIENT + "  [span]")
			.contains(GENERATION_NAME + "  [generation]")
			.contains("model " + LocalOpenAi.RESPONSE_MODEL)
			.contains(KnowledgeTools.NAME + "  [tool]")
			.containsPattern("tokens \\d+ in \\+ [1-9]\\d* cached / \\d+ out")
			.contains("tags sample, spring-ai");
	}

	@Test
	void eachSpringAiQuestionIsAChatClientSpanOverTwoGenerationsAndTheToolBetween() {
		int questions = DemoRunner.CHAT_QUESTIONS.size();
		await().atMost(DEADLINE).until(() -> observationsOfTraces(ChatService.TRACE_NAME).size() == questions * 5);
		assertThat(this.openAi.requests()).as("two rounds per question, over HTTP to the stub")
			.isEqualTo(2 * questions);
		List<ReceivedObservation> received = observationsOfTraces(ChatService.TRACE_NAME);
		List<ReceivedObservation> clients = received.stream().filter((o) -> CHAT_CLIENT.equals(o.name())).toList();
		assertThat(clients).hasSize(questions);
		for (ReceivedObservation client : clients) {
			assertThat(client.type()).isEqualTo("span");
			assertThat(client.inputTokens()).as("no usage on the ChatClient span: it sums the tool loop").isNull();
			ReceivedObservation trace = received.stream()
				.filter((o) -> o.id().equals(client.parentId()))
				.findFirst()
				.orElseThrow();
			assertThat(trace.parentId()).as("the ChatClient span is the trace's root observation").isNull();
			assertThat(trace.name()).isEqualTo(ChatService.TRACE_NAME);
			assertThat(childrenOf(trace, received)).containsExactly(client);
			assertThat(trace.trace().userId()).isIn(DemoRunner.USERS);
			assertThat(trace.trace().sessionId()).startsWith("session-");
			assertThat(trace.trace().tags()).contains("spring-ai");

			List<ReceivedObservation> steps = childrenOf(client, received);
			assertThat(steps).extracting(ReceivedObservation::type).containsExactly("generation", "tool", "generation");
			assertThat(steps).extracting(ReceivedObservation::name)
				.containsExactly(GENERATION_NAME, KnowledgeTools.NAME, GENERATION_NAME);
			ReceivedObservation first = steps.get(0);
			ReceivedObservation tool = steps.get(1);
			ReceivedObservation second = steps.get(2);
			assertThat(childrenOf(tool, received)).isEmpty();
			assertThat(tool.startMillis()).isGreaterThanOrEqualTo(first.endMillis());
			assertThat(second.startMillis()).isGreaterThanOrEqualTo(tool.endMillis());
			for (ReceivedObservation generation : List.of(first, second)) {
				assertThat(generation.model()).isEqualTo(LocalOpenAi.RESPONSE_MODEL);
				assertThat(generation.inputTokens()).isPositive();
				assertThat(generation.outputTokens()).isPositive();
				assertThat(generation.cachedTokens()).isNotNull();
				assertThat(childrenOf(generation, received)).as("no HTTP observations").isEmpty();
			}
			assertThat(first.cachedTokens()).isZero();
			assertThat(second.cachedTokens()).as("the first round's prompt, read from the cache")
				.isEqualTo(first.inputTokens());
		}
	}

	/** What the receiver got for the traces whose root has the given name. */
	private List<ReceivedObservation> observationsOfTraces(String traceName) {
		List<ReceivedObservation> all = this.local.observations();
		Set<String> traceIds = all.stream()
			.filter((o) -> o.parentId() == null && traceName.equals(o.name()))
			.map(ReceivedObservation::traceId)
			.collect(Collectors.toSet());
		return all.stream().filter((o) -> traceIds.contains(o.traceId())).toList();
	}

	private static List<ReceivedObservation> childrenOf(ReceivedObservation parent, List<ReceivedObservation> all) {
		return all.stream()
			.filter((o) -> parent.id().equals(o.parentId()))
			.sorted(Comparator.comparingLong(ReceivedObservation::startMillis))
			.toList();
	}

}
