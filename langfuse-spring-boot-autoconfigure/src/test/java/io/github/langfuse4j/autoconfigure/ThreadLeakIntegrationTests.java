package io.github.langfuse4j.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing an application context leaves none of the exporter's threads behind, however
 * often it is done.
 */
class ThreadLeakIntegrationTests {

	/** The exporter's own threads, and the JDK HTTP client's selector thread. */
	private static final Pattern OURS = Pattern.compile("langfuse-.*|HttpClient-\\d+-SelectorManager");

	/**
	 * Our live threads; other tests of this JVM may have left some behind, so compare
	 * identities.
	 */
	private static Set<Thread> ourThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((t) -> t.isAlive() && OURS.matcher(t.getName()).matches())
			.collect(Collectors.toSet());
	}

	private static List<String> newThreads(Set<Thread> before) {
		return ourThreads().stream().filter((t) -> !before.contains(t)).map(Thread::getName).toList();
	}

	@Test
	void closingContextsLeavesNoThreadOfOursRunning() {
		Set<Thread> before = ourThreads();
		try (LoopbackServer server = new LoopbackServer()) {
			ApplicationContextRunner runner = new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
				.withPropertyValues("langfuse.host=" + server.url(), "langfuse.public-key=pk-lf-1",
						"langfuse.secret-key=sk-lf-2");
			for (int i = 0; i < 25; i++) {
				int n = i;
				runner.withPropertyValues("langfuse.protocol=" + ((n % 2 == 0) ? "otlp" : "ingestion"))
					.run((context) -> {
						LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
						ingest.enqueue(TraceCreate.of(TraceBody.builder("t-" + n).build()));
						assertThat(ingest.flush(Duration.ofSeconds(20))).isTrue();
						assertThat(newThreads(before)).contains("langfuse-ingest");
					});
			}
		}
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
	}

	/**
	 * The JDK client's selector thread ends with the context, not at some later garbage
	 * collection: on Java 17, which has no {@code HttpClient.close()}, it used to stay
	 * until the client was collected (12 threads after 20 contexts). No
	 * {@code System.gc()} here.
	 */
	@Test
	void theHttpClientSelectorThreadEndsWithTheContextWithoutAGarbageCollection() {
		Set<Thread> before = ourThreads();
		try (LoopbackServer server = new LoopbackServer()) {
			ApplicationContextRunner runner = new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
				.withPropertyValues("langfuse.host=" + server.url(), "langfuse.public-key=pk-lf-1",
						"langfuse.secret-key=sk-lf-2");
			for (int i = 0; i < 5; i++) {
				int n = i;
				runner.run((context) -> {
					LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
					ingest.enqueue(TraceCreate.of(TraceBody.builder("t-" + n).build()));
					assertThat(ingest.flush(Duration.ofSeconds(20))).isTrue();
					assertThat(newThreads(before)).anyMatch((name) -> name.endsWith("-SelectorManager"));
				});
				await().atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(50))
					.untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
			}
		}
	}

}
