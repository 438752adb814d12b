package io.github.langfuse4j.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Paces one benchmark thread to one call every {@value #PERIOD_NANOS} ns (100k calls/s),
 * outside the timed region: JMH runs {@code @Setup(Level.Invocation)} before it reads the
 * clock for the invocation, so in {@code SampleTime} mode a sample is the call alone
 * (plus the cost of two {@code System.nanoTime()} reads, shown by
 * {@link EnqueueBenchmark#timerFloor}). The busy-wait spins on {@code nanoTime()}; a
 * thread that fell behind (descheduled) starts a new schedule instead of bursting to
 * catch up.
 */
@State(Scope.Thread)
public class Pacer {

	public static final long PERIOD_NANOS = 10_000;

	private long next;

	/** Calls made by this thread. */
	public long calls;

	@Setup(Level.Invocation)
	public void pace() {
		long now = System.nanoTime();
		if (this.next == 0 || now - this.next > PERIOD_NANOS) {
			this.next = now;
		}
		while (System.nanoTime() - this.next < 0) {
			Thread.onSpinWait();
		}
		this.next += PERIOD_NANOS;
	}

	@TearDown(Level.Trial)
	public void count() {
		Notes.CALLS.add(this.calls);
	}

}
