package io.github.langfuse4j.autoconfigure;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.ingest.LangfuseHttpClientCustomizer;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured exporter sending to a loopback server: what the application
 * enqueues arrives, through the customizer beans, with the exporter's own wire format,
 * and is counted by the meters. The context-only checks are in
 * {@link LangfuseAutoConfigurationTests}.
 */
class LangfuseAutoConfigurationIntegrationTests {

	private static final Duration AWAIT = Duration.ofSeconds(20);

	private final LoopbackServer server = new LoopbackServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class));

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	private ApplicationContextRunner withKeys() {
		return this.runner.withPropertyValues("langfuse.host=" + this.server.url(), "langfuse.public-key=pk-lf-1",
				"langfuse.secret-key=sk-lf-2", "langfuse.protocol=ingestion");
	}

	@Test
	void sendsWhatTheApplicationEnqueuesAndFlushesOnClose() {
		withKeys().run((context) -> {
			LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-1").name("checkout").build()));
			context.close();
			assertThat(this.server.requests(LoopbackServer.INGESTION)).hasSize(1);
			assertThat(ingest.stats().sent()).isEqualTo(1);
		});
	}

	@Test
	void appliesCustomizerBeansToTheHttpClient() {
		withKeys()
			.withBean(LangfuseRestClientCustomizer.class, () -> (builder) -> builder.defaultHeader("X-Tenant", "acme"))
			.run((context) -> {
				LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
				ingest.enqueue(TraceCreate.of(TraceBody.builder("t-1").build()));
				assertThat(ingest.flush(AWAIT)).isTrue();
				assertThat(this.server.requests().get(0).header("X-Tenant")).isEqualTo("acme");
			});
	}

	@Test
	void appliesHttpClientCustomizerBeansToTheJdkClientUnderneath() {
		RecordingProxySelector proxies = new RecordingProxySelector();
		withKeys().withBean(LangfuseHttpClientCustomizer.class, () -> (builder) -> builder.proxy(proxies))
			.withBean(LangfuseRestClientCustomizer.class, () -> (builder) -> builder.defaultHeader("X-Tenant", "acme"))
			.run((context) -> {
				LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
				ingest.enqueue(TraceCreate.of(TraceBody.builder("t-1").build()));
				assertThat(ingest.flush(AWAIT)).isTrue();
				assertThat(proxies.asked).isNotEmpty()
					.allSatisfy((uri) -> assertThat(uri.getPort()).isEqualTo(URI.create(this.server.url()).getPort()));
				assertThat(this.server.requests().get(0).header("X-Tenant")).isEqualTo("acme");
			});
	}

	@Test
	void publishesMetricsWithMicrometer() {
		withKeys().run((context) -> {
			assertThat(context).hasSingleBean(LangfuseIngestMetrics.class);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(LangfuseIngestMetrics.class).bindTo(registry);
			LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-1").build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			assertThat(registry.get("langfuse.ingest.dropped").gauge().value()).isZero();
			assertThat(registry.get("langfuse.ingest.queue.size").gauge().value()).isZero();
			assertThat(registry.get("langfuse.ingest.events").tag("outcome", "sent").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("langfuse.ingest.events")
				.tag("outcome", "dropped")
				.tag("reason", "queue_full")
				.functionCounter()
				.count()).isZero();
		});
	}

	@Test
	void worksWithoutMicrometer() {
		withKeys().withClassLoader(new FilteredClassLoader("io.micrometer.core")).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(LangfuseIngest.class);
			assertThat(context).doesNotHaveBean(LangfuseIngestMetrics.class);
			LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
			ingest.enqueue(TraceCreate.of(TraceBody.builder("t-1").build()));
			assertThat(ingest.flush(AWAIT)).isTrue();
			assertThat(ingest.stats().sent()).isEqualTo(1);
		});
	}

	@Test
	void applicationJacksonSettingsDoNotChangeTheWireFormat() {
		withKeys().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> {
				JsonMapper applicationMapper = context.getBean(JsonMapper.class);
				assertThat(applicationMapper.writeValueAsString(new Sample("x"))).isEqualTo("{\"user_id\":\"x\"}");
				LangfuseIngest ingest = context.getBean(LangfuseIngest.class);
				ingest.enqueue(TraceCreate.of(TraceBody.builder("t-1").userId("u-1").sessionId("s-1").build()));
				assertThat(ingest.flush(AWAIT)).isTrue();
				String body = this.server.requests().get(0).bodyText();
				assertThat(body).contains("\"userId\":\"u-1\"")
					.contains("\"sessionId\":\"s-1\"")
					.doesNotContain("user_id")
					.doesNotContain("session_id");
			});
	}

	record Sample(String userId) {
	}

	/** Sends directly, remembering which addresses the JDK client asked it about. */
	static final class RecordingProxySelector extends ProxySelector {

		final List<URI> asked = new CopyOnWriteArrayList<>();

		@Override
		public List<Proxy> select(URI uri) {
			this.asked.add(uri);
			return List.of(Proxy.NO_PROXY);
		}

		@Override
		public void connectFailed(URI uri, SocketAddress address, IOException ex) {
		}

	}

}
