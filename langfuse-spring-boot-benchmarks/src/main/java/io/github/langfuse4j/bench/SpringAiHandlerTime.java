package io.github.langfuse4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.client.ChatClient;

import io.github.langfuse4j.bench.SpringAiBridgeBenchmark.Registry;

/**
 * The time a real {@link ChatClient} call with one tool round spends inside each
 * observer's handlers on the calling thread ({@code LANGFUSE}, {@code OTEL},
 * {@code BARE}), and the time each observer adds to the whole call, at the same moments.
 * Each observer's handlers are wrapped in {@link Timed} handlers that add up the
 * {@link System#nanoTime()} around every callback Micrometer makes to them. What the
 * clock itself costs is measured the same way, on a client whose only handler does
 * nothing, and subtracted per callback. Beside these timed clients run the plain ones of
 * {@link SpringAiPaired}: {@code OBSERVED} and each observer's, unwrapped. All ten
 * clients run in one JVM, in rounds; the order rotates each round. Each round gives each
 * observer the time it adds to a call (its plain client's time per call minus
 * {@code OBSERVED}'s), the time per call inside its handlers, and that time's ratio to
 * the time of {@code BARE} (the same five events without values) in the same round; the
 * median of the rounds is printed with its quartiles.
 *
 * <p>
 * What it shows that {@link SpringAiBridgeBenchmark}'s differences cannot: the handlers'
 * own time in a real call, with the caches as Spring AI leaves them, free of the noise of
 * the 50 µs call around it; how much of the time an observer adds is spent in its
 * handlers, and so how much is Spring AI's own code running slower beside them
 * (Micrometer dispatching to more handlers, caches the handlers evicted); and, through
 * the ratio, how the observers compare at the same moments, which holds while this shared
 * machine's speed drifts over tens of seconds.
 *
 * <p>
 * Run by {@code run.sh}; by hand: {@code java -Xms2g -Xmx2g -cp benchmarks.jar
 * io.github.langfuse4j.bench.SpringAiHandlerTime}. Prints one row of a Markdown table per
 * observer.
 */
public final class SpringAiHandlerTime {

	private static final int WARM_UP_CALLS = 40_000;

	private static final int ROUNDS = 60;

	private static final int CALLS_PER_ROUND = 2_000;

	/**
	 * The observers, of {@link Registry}; the floor last: the ratios divide by its time.
	 */
	private static final List<String> OBSERVERS = List.of("LANGFUSE", "OTEL", "BARE");

	private SpringAiHandlerTime() {
	}

	public static void main(String[] args) {
		try (SpringAiSetup setup = new SpringAiSetup()) {
			Function<String, List<ObservationHandler<Observation.Context>>> handlers = (observer) -> setup
				.handlers(Registry.valueOf(observer));
			// timed: index 0 the clock's cost, then one per observer
			List<List<Timed>> timed = new ArrayList<>();
			timed.add(List.of(new Timed(new SpringAiSetup.NothingHandler())));
			for (String observer : OBSERVERS) {
				timed.add(handlers.apply(observer).stream().map(Timed::new).toList());
			}
			List<ChatClient> clients = new ArrayList<>(
					timed.stream().map((observed) -> setup.client(registry(observed))).toList());
			// plain, as SpringAiPaired's: OBSERVED, then one per observer
			int plain = clients.size();
			clients.add(setup.client(Registry.OBSERVED));
			for (String observer : OBSERVERS) {
				clients.add(setup.client(handlers.apply(observer)));
			}
			for (int i = 0; i < WARM_UP_CALLS; i++) {
				clients.forEach(SpringAiSetup::call);
			}
			int floor = OBSERVERS.size();
			List<List<Double>> added = lists(timed.size());
			List<List<Double>> micros = lists(timed.size());
			List<List<Double>> ratios = lists(timed.size());
			List<List<Double>> callbacks = lists(timed.size());
			List<Double> clockNanos = new ArrayList<>();
			for (int round = 0; round < ROUNDS; round++) {
				Sum[] sums = new Sum[timed.size()];
				double[] whole = new double[clients.size()];
				for (int k = 0; k < clients.size(); k++) {
					int which = (round + k) % clients.size();
					Sum before = (which < plain) ? Sum.of(timed.get(which)) : null;
					long start = System.nanoTime();
					for (int i = 0; i < CALLS_PER_ROUND; i++) {
						SpringAiSetup.call(clients.get(which));
					}
					whole[which] = (System.nanoTime() - start) / 1e3 / CALLS_PER_ROUND;
					if (before != null) {
						sums[which] = Sum.of(timed.get(which)).minus(before);
					}
				}
				double perCallback = sums[0].nanos() / (double) sums[0].callbacks();
				clockNanos.add(perCallback);
				double[] perCall = new double[timed.size()];
				for (int i = 1; i < timed.size(); i++) {
					perCall[i] = (sums[i].nanos() - sums[i].callbacks() * perCallback) / 1e3 / CALLS_PER_ROUND;
					micros.get(i).add(perCall[i]);
					callbacks.get(i).add(sums[i].callbacks() / (double) CALLS_PER_ROUND);
					added.get(i).add(whole[plain + i] - whole[plain]);
				}
				for (int i = 1; i < timed.size(); i++) {
					ratios.get(i).add(perCall[i] / perCall[floor]);
				}
			}
			for (int i = 1; i < timed.size(); i++) {
				System.out.printf(
						"| %s | %.1f us (%.1f-%.1f) | %.1f us (%.1f-%.1f) | %.1f (%.1f-%.1f) | %.0f | %.0f ns |%n",
						OBSERVERS.get(i - 1), quantile(added.get(i), 0.5), quantile(added.get(i), 0.25),
						quantile(added.get(i), 0.75), quantile(micros.get(i), 0.5), quantile(micros.get(i), 0.25),
						quantile(micros.get(i), 0.75), quantile(ratios.get(i), 0.5), quantile(ratios.get(i), 0.25),
						quantile(ratios.get(i), 0.75), quantile(callbacks.get(i), 0.5), quantile(clockNanos, 0.5));
			}
			// not part of the table: that the bridge's thread, which does the work its
			// handlers hand over, kept up with the calls
			System.out.printf("LANGFUSE: the bridge's thread was %.1f ms behind at the end%n", setup.bridgeLag());
		}
		System.exit(0);
	}

	private static double quantile(List<Double> values, double q) {
		return SpringAiPaired.quantile(values, q);
	}

	private static List<List<Double>> lists(int count) {
		List<List<Double>> lists = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			lists.add(new ArrayList<>());
		}
		return lists;
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
