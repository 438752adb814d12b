package io.github.langfuse4j.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.springframework.ai.chat.client.ChatClient;

import io.github.langfuse4j.bench.SpringAiBridgeBenchmark.Registry;

/**
 * {@link SpringAiBridgeBenchmark}'s differences, measured paired: the {@code OBSERVED}
 * client and one observer's client ({@code LANGFUSE}, {@code OTEL} or {@code BARE}, the
 * argument) run in one JVM, in short alternating rounds (the order swaps each round), and
 * each round gives one difference. The median of those differences does not move with the
 * bursts of a shared virtual machine that make separate forks disagree by tens of
 * microseconds, because both sides of a difference ran within the same second. The JIT
 * sees both registries, so Spring AI's observation code is compiled for more than one
 * handler, as in an application with metrics or tracing. Allocation is the calling
 * thread's, per call.
 *
 * <p>
 * Run by {@code run.sh}, once per observer; by hand: {@code java -Xms2g -Xmx2g -cp
 * benchmarks.jar io.github.langfuse4j.bench.SpringAiPaired LANGFUSE}. Prints one row of a
 * Markdown table.
 */
public final class SpringAiPaired {

	private static final int WARM_UP_CALLS = 40_000;

	private static final int ROUNDS = 60;

	private static final int CALLS_PER_ROUND = 2_000;

	private SpringAiPaired() {
	}

	public static void main(String[] args) {
		Registry observer = Registry.valueOf(args[0]);
		Registry[] order = { Registry.OBSERVED, observer };
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long thread = Thread.currentThread().getId();
		try (SpringAiSetup setup = new SpringAiSetup()) {
			ChatClient[] clients = { setup.client(order[0]), setup.client(order[1]) };
			for (int i = 0; i < WARM_UP_CALLS; i++) {
				SpringAiSetup.call(clients[0]);
				SpringAiSetup.call(clients[1]);
			}
			double[][] micros = new double[2][ROUNDS];
			double[][] bytes = new double[2][ROUNDS];
			for (int round = 0; round < ROUNDS; round++) {
				for (int k = 0; k < 2; k++) {
					int which = (round + k) % 2;
					long allocated = threads.getThreadAllocatedBytes(thread);
					long start = System.nanoTime();
					for (int i = 0; i < CALLS_PER_ROUND; i++) {
						SpringAiSetup.call(clients[which]);
					}
					long elapsed = System.nanoTime() - start;
					micros[which][round] = elapsed / 1e3 / CALLS_PER_ROUND;
					bytes[which][round] = (threads.getThreadAllocatedBytes(thread) - allocated)
							/ (double) CALLS_PER_ROUND;
				}
			}
			List<Double> difference = new ArrayList<>();
			List<Double> allocation = new ArrayList<>();
			List<Double> observed = new ArrayList<>();
			for (int round = 0; round < ROUNDS; round++) {
				difference.add(micros[1][round] - micros[0][round]);
				allocation.add(bytes[1][round] - bytes[0][round]);
				observed.add(micros[0][round]);
			}
			System.out.printf("| %s - OBSERVED | %.1f us (%.1f-%.1f) | %,.0f | %.1f us |%n", observer,
					quantile(difference, 0.5), quantile(difference, 0.25), quantile(difference, 0.75),
					quantile(allocation, 0.5), quantile(observed, 0.5));
		}
		System.exit(0);
	}

	static double quantile(List<Double> values, double q) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		double at = q * (sorted.size() - 1);
		int low = (int) Math.floor(at);
		int high = (int) Math.ceil(at);
		return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (at - low);
	}

}
