package io.github.langfuse4j.sample;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.tracing.Langfuse;

/**
 * In local mode, asks the application a few questions over HTTP, like a user would, first
 * through the hand-written tracing ({@code /ask}), then through Spring AI's ChatClient
 * ({@code /chat}), then prints what the local receiver got as a tree per trace, followed
 * by the exporter's totals.
 */
class DemoRunner implements ApplicationRunner {

	static final List<String> QUESTIONS = List.of("What is OTLP?", "Why does Langfuse use a bounded queue?",
			"What does Spring do?", "Trigger a model timeout, please");

	static final List<String> USERS = List.of("alice", "bob", "alice", "carol");

	static final List<String> CHAT_QUESTIONS = List.of("What is OTLP?", "Why does Langfuse use a bounded queue?");

	static final List<String> CHAT_USERS = List.of("alice", "bob");

	private static final Log logger = LogFactory.getLog(DemoRunner.class);

	private final LocalLangfuse local;

	private final Langfuse langfuse;

	private final LangfuseIngest ingest;

	private final Environment environment;

	private volatile String report;

	DemoRunner(LocalLangfuse local, Langfuse langfuse, LangfuseIngest ingest, Environment environment) {
		this.local = local;
		this.langfuse = langfuse;
		this.ingest = ingest;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) {
		// Runners run once the web server listens, so its port is known.
		int port = this.environment.getRequiredProperty("local.server.port", Integer.class);
		this.report = runDemo(port);
		System.out.println(this.report);
		System.out.println("The application keeps running: try http://localhost:" + port
				+ "/ask?q=What+is+Langfuse%3F, http://localhost:" + port
				+ "/chat?q=What+is+Spring%3F and http://localhost:" + port + "/actuator/health (Ctrl+C to stop).");
	}

	/** The report the demo printed, or {@code null} before it ran. */
	String report() {
		return this.report;
	}

	private static void ask(RestClient client, String path, String question, String user) {
		try {
			client.get()
				.uri((b) -> b.path(path)
					.queryParam("q", question)
					.queryParam("user", user)
					.queryParam("session", "session-" + user)
					.build())
				.header("Accept", "application/json")
				.retrieve()
				.toBodilessEntity();
		}
		catch (RuntimeException ex) {
			if (path.equals("/chat")) {
				logger.warn("The Spring AI demo question failed: " + ex.getMessage());
			}
			else {
				logger.debug("Demo question failed as designed: " + ex.getMessage());
			}
		}
	}

	/** Asks the demo questions over HTTP, flushes, and renders what the receiver got. */
	private String runDemo(int port) {
		RestClient client = RestClient.builder().baseUrl("http://localhost:" + port).build();
		for (int i = 0; i < QUESTIONS.size(); i++) {
			ask(client, "/ask", QUESTIONS.get(i), USERS.get(i));
		}
		for (int i = 0; i < CHAT_QUESTIONS.size(); i++) {
			ask(client, "/chat", CHAT_QUESTIONS.get(i), CHAT_USERS.get(i));
		}
		this.langfuse.flush(Duration.ofSeconds(10));
		IngestStats stats = this.ingest.stats();
		return "\n=== What Langfuse would have received (local receiver at " + this.local.url() + ") ===\n\n"
				+ TraceTree.render(this.local.observations(), this.local.scores(), this.local::ingestedTrace)
				+ "Ingest totals: accepted " + stats.accepted() + ", sent " + stats.sent() + ", rejected "
				+ stats.rejected() + ", dropped " + stats.droppedTotal() + ", failed " + stats.failed() + ", queued "
				+ stats.queued() + "\n";
	}

}
