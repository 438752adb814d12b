package io.github.langfuse4j.bench;

import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.springai.LangfuseSpringAi;

/**
 * The Spring AI bridge's cost per {@link ChatClient} call with one tool round: a real
 * ChatClient with a {@code @Tool}, over an in-process {@link ObservedChatModel} that
 * observes like Spring AI 2.0's providers, so one call is a ChatClient observation, its
 * advisor observations, two chat model rounds and a tool execution. The registry is the
 * parameter:
 * <ul>
 * <li>{@code NOOP}: {@link ObservationRegistry#NOOP}, Spring AI without observations (the
 * floor);</li>
 * <li>{@code OBSERVED}: a real registry with one handler that does nothing, Spring AI's
 * own observation overhead (contexts, conventions, scopes) without the bridge;</li>
 * <li>{@code LANGFUSE}: the same registry with the bridge's model and ChatClient handlers
 * added ({@link LangfuseSpringAi#modelHandler},
 * {@link LangfuseSpringAi#chatClientHandler}), as the starter registers them. The
 * bridge's cost is this row minus {@code OBSERVED}.</li>
 * <li>{@code OTEL}: the peer, the same registry with Micrometer Tracing's OpenTelemetry
 * bridge instead ({@link DefaultTracingObservationHandler} over an {@link OtelTracer} and
 * the OpenTelemetry SDK with a {@link BatchSpanProcessor} at the queue settings of
 * {@link TracingBenchmark}): the path of Langfuse's OpenTelemetry recipe for Spring AI,
 * every observation (advisors too) a span with Spring AI's key values as attributes, no
 * prompt or completion. Its cost is this row minus {@code OBSERVED}.</li>
 * <li>{@code BARE}: the floor, the same registry with {@link BareEventsHandler} instead:
 * the five events the bridge emits for the call, each with ids, times, type and name
 * only, built without the tracing API and enqueued on the same exporter. What the bridge
 * costs beyond it is what it records (messages, usage, model parameters, metadata) and
 * the tracing API's handles, checks, sampling and content switch.</li>
 * </ul>
 *
 * <p>
 * The exporter does not compete for the CPU: it sends to a stalled loopback server
 * ({@link Loopback#stalled()}, the ingestion protocol as in {@link TracingBenchmark}), so
 * its worker waits on the first requests and the queue then takes the drop path (about 12
 * ns an event, see {@code DropBenchmark}); the five events of a call are still built in
 * full on the calling thread, which is what the row measures. {@code -prof gc} counts
 * every thread, but the stalled worker allocates nothing: B/op is the calling thread's.
 * OpenTelemetry's exporter is stalled the same way ({@link BenchSpanExporter#stalled()}).
 *
 * <p>
 * Every fork runs on a fixed 2 GB heap: with the default heap, the events the stalled
 * exporter holds (a full queue) left G1 a smaller young generation in the
 * {@code LANGFUSE} row, which then collected twice as often as {@code OBSERVED} while
 * allocating 10 % more.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(jvmArgsPrepend = { "-Xms2g", "-Xmx2g" })
public class SpringAiBridgeBenchmark {

	/** Which observation registry Spring AI observes through. */
	public enum Registry {

		/** {@link ObservationRegistry#NOOP}: no observations at all. */
		NOOP,

		/** A registry with a handler that does nothing. */
		OBSERVED,

		/** The same, plus the Langfuse bridge's handlers. */
		LANGFUSE,

		/** The same, plus Micrometer Tracing with OpenTelemetry instead of the bridge. */
		OTEL,

		/**
		 * The same, plus {@link BareEventsHandler} instead of the bridge: the same five
		 * events with ids, times and names only, the floor.
		 */
		BARE

	}

	@Param
	public Registry registry;

	private SpringAiSetup setup;

	private ChatClient chatClient;

	@Setup(Level.Trial)
	public void setUp() {
		this.setup = new SpringAiSetup();
		this.chatClient = this.setup.client(this.registry);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		IngestStats stats = this.setup.ingest().stats();
		Notes.extra("SpringAiBridgeBenchmark " + this.registry + ": accepted " + stats.accepted()
				+ ", dropped (queue full) " + stats.dropped(DropReason.QUEUE_FULL));
		this.setup.close();
	}

	@Benchmark
	public ChatResponse chatClientCallWithOneToolRound() {
		return SpringAiSetup.call(this.chatClient);
	}

	/** The tool: a real {@code @Tool} method, run by Spring AI's tool loop. */
	public static class WeatherTools {

		@Tool(name = "weather", description = "The weather forecast for a city")
		public String weather(@ToolParam(description = "the city") String city) {
			return "Sunny, 21 degrees in " + city;
		}

	}

}
