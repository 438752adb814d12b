package io.github.langfuse4j.bench;

import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseTrace;

/**
 * The tracing API's cost on the application thread: start and end of a span, and of a
 * generation with model and usage, under a long-lived trace. Compared with the
 * OpenTelemetry SDK's {@link Tracer} with a {@link BatchSpanProcessor}, with the same
 * queue capacity (2048), batch size (100) and schedule (1 s).
 *
 * <p>
 * Both exporters are stalled (Langfuse's server never answers; OpenTelemetry's exporter
 * never completes), so neither worker competes with the benchmark thread for the 2 cores:
 * Langfuse's worker would otherwise serialize every accepted event to JSON, which
 * OpenTelemetry's no-op exporter never does. With the queues full, each observation ends
 * in its side's drop path (about 12 ns on both, see DropBenchmark): the rows measure the
 * API.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class TracingBenchmark {

	private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");

	private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

	private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

	private Loopback server;

	private LangfuseIngest ingest;

	private LangfuseTrace trace;

	private SdkTracerProvider provider;

	private Tracer tracer;

	private Span otelParent;

	private Context otelContext;

	@Setup(Level.Trial)
	public void setUp() {
		this.server = Loopback.stalled();
		this.ingest = Sink.stalledIngest(this.server);
		this.trace = Langfuse.create(this.ingest).trace("bench").start();
		this.provider = Sink.stalledOtel();
		this.tracer = this.provider.get("bench");
		this.otelParent = this.tracer.spanBuilder("bench").startSpan();
		this.otelContext = Context.root().with(this.otelParent);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		IngestStats stats = this.ingest.stats();
		Notes.extra("TracingBenchmark langfuse: accepted " + stats.accepted() + ", dropped (queue full) "
				+ stats.dropped(io.github.langfuse4j.ingest.DropReason.QUEUE_FULL));
		this.trace.end();
		this.ingest.close();
		this.server.close();
		this.provider.shutdown().join(1, TimeUnit.SECONDS);
	}

	@Benchmark
	public void langfuseSpan() {
		this.trace.span("step").start().end();
	}

	@Benchmark
	public void otelSpan() {
		this.tracer.spanBuilder("step").setParent(this.otelContext).startSpan().end();
	}

	@Benchmark
	public void langfuseGeneration() {
		this.trace.generation("llm-call").model("gpt-4o-mini").start().usage(12, 5).end();
	}

	@Benchmark
	public void otelGeneration() {
		Span span = this.tracer.spanBuilder("llm-call")
			.setParent(this.otelContext)
			.setAttribute(MODEL, "gpt-4o-mini")
			.startSpan();
		span.setAttribute(INPUT_TOKENS, 12L).setAttribute(OUTPUT_TOKENS, 5L).end();
	}

}
