package io.github.langfuse4j.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The drop path: the backend is stalled (the exporter's server never answers,
 * OpenTelemetry's export never completes, Zipkin's sender blocks, the array queue has no
 * consumer) and the queue was filled first, so every call finds it full. Unpaced: this is
 * the storm of calls an application makes while the backend is down.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DropBenchmark {

	@Param
	public Sink.Kind sink;

	private Sink queue;

	@Setup(Level.Trial)
	public void setUp(BenchmarkParams params) {
		this.queue = Sink.create(this.sink, true);
		this.queue.fill();
		Notes.track(params.getBenchmark() + " " + this.sink + " threads=" + params.getThreads(), this.queue);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.queue.close();
	}

	@Benchmark
	@Threads(1)
	public void oneThread(Counter counter) {
		counter.calls++;
		this.queue.enqueue();
	}

	@Benchmark
	@Threads(2)
	public void twoThreads(Counter counter) {
		counter.calls++;
		this.queue.enqueue();
	}

	/** Counts this thread's calls for the notes. */
	@State(Scope.Thread)
	public static class Counter {

		public long calls;

		@TearDown(Level.Trial)
		public void count() {
			Notes.CALLS.add(this.calls);
		}

	}

}
