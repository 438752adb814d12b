package io.github.langfuse4j.bench;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.client.ChatClient;

import io.github.langfuse4j.bench.SpringAiBridgeBenchmark.Registry;

/**
 * The time a real {@link ChatClient} call with one tool round spends inside one
 * observer's handlers ({@code LANGFUSE}, {@code OTEL} or {@code BARE}, the argument):
 * each of its handlers is wrapped in a {@link Timed} handler that adds up the
 * {@link System#nanoTime()} around every callback Micrometer makes to it. What the clock
 * itself costs is measured the same way, on a second client whose only handler does
 * nothing, and subtracted per callback. Both clients run in one JVM, in alternating
 * rounds (the order swaps each round); each round gives one time per call, and the median
 * of the rounds is printed with its quartiles.
 *
 * <p>
 * What it shows that {@link SpringAiBridgeBenchmark}'s differences cannot: the handlers'
 * own time in a real call, with the caches as Spring AI leaves them, free of the noise of
 * the 50 µs call around it. What it cannot show: what the handlers make Spring AI's own
 * code cost (Micrometer dispatching to more handlers, caches the handlers evicted); that
 * is in the differences, which are the whole cost an application sees.
 *
 * <p>
 * Run by {@code run.sh}, once per observer; by hand: {@code java -Xms2g -Xmx2g -cp
 * benchmarks.jar io.github.langfuse4j.bench.SpringAiHandlerTime LANGFUSE}. Prints one row
 * of a Markdown table.
 */
public final class SpringAiHandlerTime {

	private static final int WARM_UP_CALLS = 40_000;

	private static final int ROUNDS = 60;

	private static final int CALLS_PER_ROUND = 2_000;

	private SpringAiHandlerTime() {
	}

	public static void main(String[] args) {
		Registry observer = Registry.valueOf(args[0]);
		try (SpringAiSetup setup = new SpringAiSetup()) {
			List<Timed> clock = List.of(new Timed(new SpringAiSetup.NothingHandler()));
			List<Timed> handlers = setup.handlers(observer).stream().map(Timed::new).toList();
			ChatClient[] clients = { setup.client(registry(clock)), setup.client(registry(handlers)) };
			for (int i = 0; i < WARM_UP_CALLS; i++) {
				SpringAiSetup.call(clients[0]);
				SpringAiSetup.call(clients[1]);
			}
			List<Double> micros = new ArrayList<>();
			List<Double> callbacks = new ArrayList<>();
			List<Double> clockNanos = new ArrayList<>();
			for (int round = 0; round < ROUNDS; round++) {
				Sum[] sums = new Sum[2];
				for (int k = 0; k < 2; k++) {
					int which = (round + k) % 2;
					List<Timed> timed = (which == 0) ? clock : handlers;
					Sum before = Sum.of(timed);
					for (int i = 0; i < CALLS_PER_ROUND; i++) {
						SpringAiSetup.call(clients[which]);
					}
					sums[which] = Sum.of(timed).minus(before);
				}
				double perCallback = sums[0].nanos() / (double) sums[0].callbacks();
				micros.add((sums[1].nanos() - sums[1].callbacks() * perCallback) / 1e3 / CALLS_PER_ROUND);
				callbacks.add(sums[1].callbacks() / (double) CALLS_PER_ROUND);
				clockNanos.add(perCallback);
			}
			System.out.printf("| %s | %.1f us (%.1f-%.1f) | %.0f | %.0f ns |%n", observer,
					SpringAiPaired.quantile(micros, 0.5), SpringAiPaired.quantile(micros, 0.25),
					SpringAiPaired.quantile(micros, 0.75), SpringAiPaired.quantile(callbacks, 0.5),
					SpringAiPaired.quantile(clockNanos, 0.5));
		}
		System.exit(0);
	}

	private static ObservationRegistry registry(List<Timed> handlers) {
		ObservationRegistry registry = ObservationRegistry.create();
		for (Timed handler : handlers) {
			registry.observationConfig().observationHandler(handler);
		}
		return registry;
	}

	/** Nanoseconds and callbacks, added up over handlers. */
	private record Sum(long nanos, long callbacks) {

		static Sum of(List<Timed> handlers) {
			long nanos = 0;
			long callbacks = 0;
			for (Timed handler : handlers) {
				nanos += handler.nanos;
				callbacks += handler.callbacks;
			}
			return new Sum(nanos, callbacks);
		}

		Sum minus(Sum earlier) {
			return new Sum(this.nanos - earlier.nanos, this.callbacks - earlier.callbacks);
		}

	}

	/**
	 * A handler that passes every callback to another and adds up the time it takes; the
	 * calls are made on the calling thread, one at a time.
	 */
	private static final class Timed implements ObservationHandler<Observation.Context> {

		private final ObservationHandler<Observation.Context> handler;

		private long nanos;

		private long callbacks;

		Timed(ObservationHandler<Observation.Context> handler) {
			this.handler = handler;
		}

		private void took(long start) {
			this.nanos += System.nanoTime() - start;
			this.callbacks++;
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			long start = System.nanoTime();
			boolean supports = this.handler.supportsContext(context);
			took(start);
			return supports;
		}

		@Override
		public void onStart(Observation.Context context) {
			long start = System.nanoTime();
			this.handler.onStart(context);
			took(start);
		}

		@Override
		public void onError(Observation.Context context) {
			long start = System.nanoTime();
			this.handler.onError(context);
			took(start);
		}

		@Override
		public void onEvent(Observation.Event event, Observation.Context context) {
			long start = System.nanoTime();
			this.handler.onEvent(event, context);
			took(start);
		}

		@Override
		public void onScopeOpened(Observation.Context context) {
			long start = System.nanoTime();
			this.handler.onScopeOpened(context);
			took(start);
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
			long start = System.nanoTime();
			this.handler.onScopeClosed(context);
			took(start);
		}

		@Override
		public void onScopeReset(Observation.Context context) {
			long start = System.nanoTime();
			this.handler.onScopeReset(context);
			took(start);
		}

		@Override
		public void onStop(Observation.Context context) {
			long start = System.nanoTime();
			this.handler.onStop(context);
			took(start);
		}

	}

}
