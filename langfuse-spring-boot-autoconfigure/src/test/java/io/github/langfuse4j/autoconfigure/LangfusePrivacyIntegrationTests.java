package io.github.langfuse4j.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.LangfuseMasker;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseTrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code langfuse.sample-rate} and {@code langfuse.capture-content} in a real context,
 * exporting to a loopback server.
 */
class LangfusePrivacyIntegrationTests {

	private static final Duration AWAIT = Duration.ofSeconds(30);

	private final LoopbackServer server = new LoopbackServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
		.withPropertyValues("langfuse.host=" + this.server.url(), "langfuse.protocol=ingestion",
				"langfuse.public-key=pk-lf-1", "langfuse.secret-key=sk-lf-2");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Configuration(proxyBeanMethods = false)
	static class Maskers {

		@Bean
		@Order(2)
		LangfuseMasker exclaim() {
			return LangfuseMasker.strings((text) -> text + "!");
		}

		@Bean
		@Order(1)
		LangfuseMasker emails() {
			return (field, value) -> {
				if ("fail here".equals(value)) {
					throw new IllegalStateException("cannot");
				}
				return LangfuseMasker.mapStrings(value, (text) -> text.replaceAll("\\S+@\\S+", "<email>"));
			};
		}

	}

	@Test
	void sampleRateZeroSendsNoTraceAndCountsItAsSampledOut() {
		this.runner.withPropertyValues("langfuse.sample-rate=0").run((context) -> {
			Langfuse langfuse = context.getBean(Langfuse.class);
			try (LangfuseTrace trace = langfuse.trace("request").input("question").start()) {
				assertThat(trace.isSampled()).isFalse();
				trace.span("step").start().end();
				trace.score("quality", 1);
			}
			langfuse.score("feedback").sessionId("session-1").value(1).send();
			assertThat(langfuse.flush(AWAIT)).isTrue();
			LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
			assertThat(ingest.stats().sampledOut()).isEqualTo(3);
			assertThat(ingest.stats().sent()).isEqualTo(1);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(LangfuseIngestMetrics.class).bindTo(registry);
			assertThat(registry.get("langfuse.ingest.events").tag("outcome", "sampled_out").functionCounter().count())
				.isEqualTo(3);
		});
		assertThat(this.server.requests(LoopbackServer.INGESTION)).singleElement()
			.satisfies((request) -> assertThat(request.bodyText()).contains("session-1").doesNotContain("request"));
	}

	@Test
	void captureContentFalseSendsNoInputsOrOutputs() {
		this.runner.withPropertyValues("langfuse.capture-content=false").run((context) -> {
			Langfuse langfuse = context.getBean(Langfuse.class);
			try (LangfuseTrace trace = langfuse.trace("request").input("secret question").start()) {
				trace.generation("llm").model("gpt-test").input("secret prompt").start().output("secret answer").end();
				trace.output("secret answer");
			}
			assertThat(langfuse.flush(AWAIT)).isTrue();
			assertThat(context.getBean(LangfuseIngest.class).stats().sent()).isEqualTo(2);
		});
		String wire = this.server.requests(LoopbackServer.INGESTION).get(0).bodyText();
		assertThat(wire).contains("gpt-test").doesNotContain("secret");
	}

	@Test
	void maskerBeansApplyInTheirOrderAndCountFailures() {
		this.runner.withUserConfiguration(Maskers.class).run((context) -> {
			Langfuse langfuse = context.getBean(Langfuse.class);
			try (LangfuseTrace trace = langfuse.trace("request").input("alice@example.com").start()) {
				trace.span("step").input("fail here").start().end();
				trace.output("done");
			}
			assertThat(langfuse.flush(AWAIT)).isTrue();
			LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
			assertThat(ingest.stats().sent()).isEqualTo(2);
			assertThat(ingest.stats().maskingFailures()).isEqualTo(1);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(LangfuseIngestMetrics.class).bindTo(registry);
			assertThat(registry.get("langfuse.ingest.masking.failures").functionCounter().count()).isEqualTo(1);
		});
		String wire = this.server.requests(LoopbackServer.INGESTION).get(0).bodyText();
		assertThat(wire).doesNotContain("alice@example.com")
			.contains("\"input\":\"<email>!\"")
			.contains("\"output\":\"done!\"")
			.contains(LangfuseMasker.FAILED);
	}

	@Test
	void theCommonSecretsMaskerRunsAfterTheApplicationsMaskers() {
		this.runner.withUserConfiguration(Maskers.class)
			.withPropertyValues("langfuse.masking.common-secrets=true")
			.run((context) -> {
				Langfuse langfuse = context.getBean(Langfuse.class);
				try (LangfuseTrace trace = langfuse.trace("request")
					.input("card 4111 1111 1111 1111, key sk-lf-0123456789abcdef")
					.start()) {
					trace.output("mail bob@example.org");
				}
				assertThat(langfuse.flush(AWAIT)).isTrue();
			});
		String wire = this.server.requests(LoopbackServer.INGESTION).get(0).bodyText();
		assertThat(wire).contains("\"input\":\"card <card>, key <api-key>!\"")
			// the application's e-mail masker ran first
			.contains("\"output\":\"mail <email>!\"")
			// with its spaces: random ids and times may hold the digits
			.doesNotContain("4111 1111")
			.doesNotContain("sk-lf-0123");
	}

	@Test
	void aSampleRateOutOfRangeFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("langfuse.sample-rate=1.5").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("langfuse.sample-rate")
				.hasMessageContaining("between 0.0");
		});
	}

}
