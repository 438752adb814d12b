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
 * Accepted enqueue at a realistic rate: every thread makes one call every 10 µs (100k
 * calls/s per thread), paced by {@link Pacer} outside the timed region, and
 * {@code SampleTime} records each call's latency (p50, p99, p99.9). The queues drain into
 * no-op sinks, so (almost) every call is accepted; the notes file tells.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnqueueBenchmark {

	@Param
	public Sink.Kind sink;

	private Sink queue;

	@Setup(Level.Trial)
	public void setUp(BenchmarkParams params) {
		this.queue = Sink.create(this.sink, false);
		Notes.track(params.getBenchmark() + " " + this.sink + " threads=" + params.getThreads(), this.queue);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.queue.close();
	}

	@Benchmark
	@Threads(1)
	public void oneThread(Pacer pacer) {
		pacer.calls++;
		this.queue.enqueue();
	}

	@Benchmark
	@Threads(2)
	public void twoThreads(Pacer pacer) {
		pacer.calls++;
		this.queue.enqueue();
	}

	/**
	 * The same pacing around an empty call: the cost of the timer itself, to subtract
	 * from the rows above.
	 */
	@State(Scope.Thread)
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	public static class Baseline {

		@Benchmark
		@Threads(1)
		public void timerFloor(Pacer pacer) {
			pacer.calls++;
		}

	}

}
