package io.github.langfuse4j.internal.transport;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.github.langfuse4j.bench.Events;
import io.github.langfuse4j.bench.Notes;
import io.github.langfuse4j.bench.Sink;
import io.github.langfuse4j.ingest.model.IngestionEvent;

/**
 * Worker-side serialization, per event, of one trace's four events (a trace, a span, a
 * generation with 1 KB of input and 1 KB of output, an event) as an ingestion batch and
 * as OTLP JSON. Bytes per event go to the notes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerializationBenchmark {

	private static final int EVENTS = 4;

	private BenchSupport support;

	private List<IngestionEvent> events;

	private List<OtlpSpan> spans;

	@Setup(Level.Trial)
	public void setUp() {
		this.support = new BenchSupport(Sink.config("http://127.0.0.1:9").build());
		this.events = Events.unit();
		this.spans = BenchSupport.assemble(this.events);
		int ingestion = this.support.ingestionBody(this.events).size();
		int otlp = this.support.otlpBody(this.spans).size();
		Notes.extra("serialization: one trace (trace, span, 1 KB-in/1 KB-out generation, event) = " + ingestion
				+ " bytes as an ingestion batch (" + ingestion / EVENTS + " B/event), " + otlp + " bytes as OTLP JSON ("
				+ otlp / EVENTS + " B/event, " + this.spans.size() + " spans)");
	}

	/**
	 * Jackson writes each event (with the environment/release defaults applied) on its
	 * own, straight into the request body, as the ingestion transport does.
	 */
	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public int ingestionBatch() {
		return this.support.ingestionBody(this.events).size();
	}

	/**
	 * The same events written by one call of the mapper for the whole batch: no per-event
	 * isolation.
	 */
	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public byte[] ingestionBatchPlain() {
		return this.support.plainIngestionBody(this.events);
	}

	/**
	 * The OTLP encoder writes each (already assembled) span straight into the request
	 * body.
	 */
	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public int otlpEncode() {
		return this.support.otlpBody(this.spans).size();
	}

	/**
	 * Events merged into spans by a fresh {@link SpanAssembler}, then encoded: the OTLP
	 * worker's whole job.
	 */
	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public int otlpAssembleAndEncode() {
		return this.support.otlpBody(BenchSupport.assemble(this.events)).size();
	}

}
