package io.github.langfuse4j.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseTrace;

/**
 * The cost of a sampled-out event at {@code sample-rate: 0.5}: {@code enqueue} of an
 * event whose trace is sampled out (the decision on the trace id, then a counter), by the
 * shape of the trace id, and a span started and ended under a sampled-out trace in the
 * tracing API, next to the same span under a kept trace (whose event then takes the drop
 * path of a full queue: the server is stalled, as in {@link TracingBenchmark}). Run with
 * {@code -prof gc}: the enqueue rows for hex and UUID ids must allocate nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class SamplingBenchmark {

	private static final double RATE = 0.5;

	private Loopback server;

	private LangfuseIngest ingest;

	private IngestionEvent hexIdEvent;

	private IngestionEvent uuidIdEvent;

	private IngestionEvent keyIdEvent;

	private LangfuseTrace sampledOut;

	private LangfuseTrace kept;

	@Setup(Level.Trial)
	public void setUp() {
		this.server = Loopback.stalled();
		this.ingest = LangfuseIngest.create(Sink.config(this.server.url())
			.protocol(IngestConfig.Protocol.INGESTION)
			.sampleRate(RATE)
			.readTimeout(Duration.ofHours(1))
			.maxRetries(0)
			.shutdownTimeout(Duration.ofSeconds(1))
			.build());
		this.hexIdEvent = span(sampledOutId(() -> UUID.randomUUID().toString().replace("-", "")));
		this.uuidIdEvent = span(sampledOutId(() -> UUID.randomUUID().toString()));
		this.keyIdEvent = span(sampledOutId(() -> "order-" + UUID.randomUUID()));
		Langfuse langfuse = Langfuse.create(this.ingest);
		this.sampledOut = trace(langfuse, false);
		this.kept = trace(langfuse, true);
	}

	private String sampledOutId(Supplier<String> ids) {
		while (true) {
			String id = ids.get();
			if (!this.ingest.isSampled(id)) {
				return id;
			}
		}
	}

	private static LangfuseTrace trace(Langfuse langfuse, boolean sampled) {
		while (true) {
			LangfuseTrace trace = langfuse.trace("bench").start();
			if (trace.isSampled() == sampled) {
				return trace;
			}
		}
	}

	private static IngestionEvent span(String traceId) {
		Instant at = Instant.parse("2026-01-01T00:00:00Z");
		return IngestionEvent.observation(ObservationType.SPAN,
				ObservationBody.builder("0123456789abcdef")
					.traceId(traceId)
					.name("step")
					.startTime(at)
					.endTime(at)
					.build());
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		IngestStats stats = this.ingest.stats();
		Notes.extra("SamplingBenchmark: sampled out " + stats.sampledOut() + ", accepted " + stats.accepted());
		this.ingest.close();
		this.server.close();
	}

	@Benchmark
	public void enqueueSampledOutHexTraceId() {
		this.ingest.enqueue(this.hexIdEvent);
	}

	@Benchmark
	public void enqueueSampledOutUuidTraceId() {
		this.ingest.enqueue(this.uuidIdEvent);
	}

	@Benchmark
	public void enqueueSampledOutOtherTraceId() {
		this.ingest.enqueue(this.keyIdEvent);
	}

	@Benchmark
	public void spanUnderSampledOutTrace() {
		this.sampledOut.span("step").start().end();
	}

	@Benchmark
	public void spanUnderKeptTrace() {
		this.kept.span("step").start().end();
	}

}
