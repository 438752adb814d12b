package io.github.langfuse4j.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseGeneration;
import io.github.langfuse4j.tracing.LangfuseScope;
import io.github.langfuse4j.tracing.LangfuseTrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@link Langfuse} bean: exporting to a loopback server with keys, a cheap no-op that
 * sends nothing when disabled or without keys. That it backs off from the application's
 * own bean is in {@link LangfuseTracingAutoConfigurationTests}.
 */
class LangfuseTracingAutoConfigurationIntegrationTests {

	private final LoopbackServer server = new LoopbackServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
		.withPropertyValues("langfuse.host=" + this.server.url(), "langfuse.protocol=ingestion");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void langfuseExportsThroughTheExporterBean() {
		this.runner.withPropertyValues("langfuse.public-key=pk-lf-1", "langfuse.secret-key=sk-lf-2").run((context) -> {
			Langfuse langfuse = context.getBean(Langfuse.class);
			assertThat(langfuse.isEnabled()).isTrue();
			workflow(langfuse);
			assertThat(langfuse.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(context.getBean(LangfuseIngest.class).stats().sent()).isEqualTo(4);
		});
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.server.requests(LoopbackServer.INGESTION)
				.stream()
				.mapToInt((r) -> r.eventIds().size())
				.sum() == 4);
	}

	@Test
	void disabledStarterGivesANoopLangfuse() {
		this.runner
			.withPropertyValues("langfuse.enabled=false", "langfuse.public-key=pk-lf-1", "langfuse.secret-key=sk-lf-2")
			.run((context) -> {
				Langfuse langfuse = context.getBean(Langfuse.class);
				assertThat(langfuse.isEnabled()).isFalse();
				workflow(langfuse);
				assertThat(langfuse.flush(Duration.ofSeconds(1))).isTrue();
			});
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void missingKeysGiveANoopLangfuse() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Langfuse.class);
			Langfuse langfuse = context.getBean(Langfuse.class);
			assertThat(langfuse.isEnabled()).isFalse();
			workflow(langfuse);
			assertThat(context.getBean(LangfuseIngest.class).stats().accepted()).isZero();
		});
		assertThat(this.server.requests()).isEmpty();
	}

	/**
	 * A trace with a generation and a score; ids work whether or not anything is
	 * exported.
	 */
	private static void workflow(Langfuse langfuse) {
		try (LangfuseTrace trace = langfuse.trace("request").userId("u").input("question").start();
				LangfuseScope scope = trace.makeCurrent()) {
			assertThat(trace.id()).matches("[0-9a-f]{32}");
			LangfuseGeneration generation = langfuse.generation("llm").model("m").start();
			assertThat(generation.id()).matches("[0-9a-f]{16}");
			assertThat(generation.traceId()).isEqualTo(trace.id());
			generation.output("answer").usage(1, 2).end();
			langfuse.event("done").emit();
			trace.output("answer");
			assertThat(trace.score("quality", 1.0)).matches("[0-9a-f]{32}");
		}
	}

}
