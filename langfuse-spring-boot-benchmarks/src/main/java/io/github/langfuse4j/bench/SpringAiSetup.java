package io.github.langfuse4j.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;

import io.github.langfuse4j.bench.SpringAiBridgeBenchmark.Registry;
import io.github.langfuse4j.bench.SpringAiBridgeBenchmark.WeatherTools;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.springai.LangfuseSpringAi;
import io.github.langfuse4j.tracing.Langfuse;

/**
 * The Spring AI calls that {@link SpringAiBridgeBenchmark}, {@link SpringAiPaired} and
 * {@link SpringAiHandlerTime} measure, and the observers' handlers that
 * {@link SpringAiHandlersBenchmark} replays: a real {@link ChatClient} with a
 * {@code @Tool} over an {@link ObservedChatModel}, observed through a registry of the
 * given kind. Langfuse's exporter sends to a stalled loopback server and OpenTelemetry's
 * exporter never completes, so that neither worker competes for the cores.
 */
final class SpringAiSetup implements AutoCloseable {

	private final Loopback server = Loopback.stalled();

	private final LangfuseIngest ingest;

	private final Langfuse langfuse;

	private final SdkTracerProvider otel;

	/** On the same exporter, with the bridge's deferred work run at once. */
	private final Langfuse langfuseInline;

	SpringAiSetup() {
		this.ingest = Sink.stalledIngest(this.server);
		this.langfuse = Langfuse.create(this.ingest);
		this.langfuseInline = Langfuse.create(new InlineWorkIngest(this.ingest));
		this.otel = Sink.stalledOtel();
	}

	LangfuseIngest ingest() {
		return this.ingest;
	}

	/**
	 * How far behind the exporter's thread for deferred work (where the bridge's handlers
	 * do their work) is: the milliseconds until a task handed over now runs; negative if
	 * it did not run within a minute.
	 */
	double bridgeLag() {
		CountDownLatch ran = new CountDownLatch(1);
		long start = System.nanoTime();
		this.langfuse.defer(ran::countDown);
		try {
			return ran.await(1, TimeUnit.MINUTES) ? (System.nanoTime() - start) / 1e6 : -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * A ChatClient observed through a registry of this kind, checked to make its tool
	 * round.
	 */
	ChatClient client(Registry registry) {
		if (registry == Registry.NOOP) {
			return client(ObservationRegistry.NOOP);
		}
		return client(handlers(registry));
	}

	/**
	 * A ChatClient observed through a registry with a handler that does nothing and these
	 * handlers, checked to make its tool round.
	 */
	ChatClient client(List<ObservationHandler<Observation.Context>> handlers) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new NothingHandler());
		for (ObservationHandler<Observation.Context> handler : handlers) {
			observations.observationConfig().observationHandler(handler);
		}
		return client(observations);
	}

	/**
	 * The handlers a registry of this kind adds to Spring AI's observations: none for
	 * {@code NOOP} and {@code OBSERVED}.
	 */
	List<ObservationHandler<Observation.Context>> handlers(Registry registry) {
		return switch (registry) {
			case NOOP, OBSERVED -> List.of();
			case LANGFUSE -> List.of(LangfuseSpringAi.modelHandler(() -> this.langfuse),
					LangfuseSpringAi.chatClientHandler(() -> this.langfuse));
			case BARE -> List.of(new BareEventsHandler(this.ingest));
			case OTEL -> List.of(new DefaultTracingObservationHandler(
					new OtelTracer(this.otel.get("spring-ai"), new OtelCurrentTraceContext(), (event) -> {
					})));
		};
	}

	/**
	 * The bridge's handlers with their deferred work run at once, on the calling thread
	 * ({@link InlineWorkIngest}): all of their work on one thread.
	 */
	List<ObservationHandler<Observation.Context>> langfuseHandlersInline() {
		return List.of(LangfuseSpringAi.modelHandler(() -> this.langfuseInline),
				LangfuseSpringAi.chatClientHandler(() -> this.langfuseInline));
	}

	/** A ChatClient observed through this registry, checked to make its tool round. */
	ChatClient client(ObservationRegistry observations) {
		ChatClient client = ChatClient.builder(new ObservedChatModel(observations), observations, null, null)
			.defaultTools(new WeatherTools())
			.build();
		ChatResponse check = call(client);
		if (!"Sunny, 21 degrees in Paris.".equals(check.getResult().getOutput().getText())) {
			throw new IllegalStateException("the tool round did not happen: " + check);
		}
		return client;
	}

	/** The measured call. */
	static ChatResponse call(ChatClient client) {
		return client.prompt()
			.system("Answer with the weather tool.")
			.user("What is the weather in Paris?")
			.call()
			.chatResponse();
	}

	@Override
	public void close() {
		this.ingest.close();
		this.server.close();
		this.otel.shutdown();
	}

	/** A handler that takes every observation and does nothing with it. */
	static final class NothingHandler implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
