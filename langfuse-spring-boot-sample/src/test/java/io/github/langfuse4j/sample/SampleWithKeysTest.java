package io.github.langfuse4j.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import io.github.langfuse4j.tracing.Langfuse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With keys the sample sends to the configured Langfuse and starts no local receiver;
 * with a model key it starts no local OpenAI stub, and never logs the key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.ai.openai.api-key=" + SampleWithKeysTest.MODEL_KEY)
@ExtendWith(OutputCaptureExtension.class)
class SampleWithKeysTest {

	static final String MODEL_KEY = "sk-sample-test-key-never-logged";

	private static final List<String> PATHS = new CopyOnWriteArrayList<>();

	private static final HttpServer LANGFUSE = start();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private Langfuse langfuse;

	private static HttpServer start() {
		System.setProperty("sun.net.httpserver.nodelay", "true");
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/", (exchange) -> {
				try (exchange) {
					exchange.getRequestBody().readAllBytes();
					PATHS.add(exchange.getRequestURI().getPath());
					byte[] body = "{\"successes\":[],\"errors\":[]}".getBytes(StandardCharsets.UTF_8);
					exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("ingestion") ? 207 : 200,
							body.length);
					exchange.getResponseBody().write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void langfuse(DynamicPropertyRegistry registry) {
		registry.add("langfuse.host", () -> "http://127.0.0.1:" + LANGFUSE.getAddress().getPort());
		registry.add("langfuse.public-key", () -> "pk-lf-real");
		registry.add("langfuse.secret-key", () -> "sk-lf-real");
	}

	@AfterAll
	static void stop() {
		LANGFUSE.stop(0);
	}

	@Test
	void withAModelKeyThereIsNoStubAndTheKeyIsNotLogged(CapturedOutput output) {
		assertThat(this.context.getBeanNamesForType(LocalOpenAi.class)).isEmpty();
		assertThat(this.context.getEnvironment().getProperty("spring.ai.openai.base-url")).isNull();
		assertThat(output).contains("Spring AI calls the configured OpenAI endpoint").doesNotContain(MODEL_KEY);
	}

	@Test
	void sendsToTheConfiguredLangfuse() {
		assertThat(this.context.getBeanNamesForType(LocalLangfuse.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(DemoRunner.class)).isEmpty();
		String answer = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/ask?q=What is OTLP?")
			.retrieve()
			.body(String.class);
		assertThat(answer).contains("OTLP is OpenTelemetry's protocol");
		assertThat(this.langfuse.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(PATHS).contains("/api/public/otel/v1/traces", "/api/public/ingestion");
	}

}
