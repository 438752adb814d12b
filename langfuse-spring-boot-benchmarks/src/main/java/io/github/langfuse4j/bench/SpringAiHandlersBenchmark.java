package io.github.langfuse4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
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

import io.github.langfuse4j.bench.SpringAiBridgeBenchmark.Registry;

/**
 * The observers' own work for one {@link ChatClient} call with one tool round, without
 * Spring AI around it: the callbacks of one real call ({@link SpringAiBridgeBenchmark}'s
 * call, recorded once with their real observation contexts: start, scope opened and
 * closed, event, error, stop, in order) are replayed through the observer's handlers, as
 * Micrometer dispatches them (each handler that supports the context, in order). Every
 * replay starts each observation again, so the handlers record five new events per replay
 * and find their parents in the contexts of this replay.
 *
 * <p>
 * What it shows that {@link SpringAiBridgeBenchmark} cannot: the handlers' cost with hot
 * caches, free of the noise of Spring AI's 40 µs call around them. What it cannot show:
 * in a real call, Spring AI's code and allocation between two callbacks evict the
 * handlers' code and data from the caches, so a handler costs more there; that in-call
 * cost is {@link SpringAiHandlerTime}'s, and {@code SpringAiBridgeBenchmark}'s difference
 * adds what the handlers make Spring AI's own code cost. {@code NONE} replays through a
 * handler that does nothing: the loop itself. {@code LANGFUSE}: the bridge's model and
 * ChatClient handlers on the stalled exporter of {@link SpringAiSetup}, with the work
 * they hand to the exporter's thread run at once ({@link InlineWorkIngest}), so that the
 * replay measures all of the bridge's work wherever it runs (replayed faster than that
 * thread could follow, the deferred work would be dropped, and reused contexts would stay
 * marked as dropped). {@code BARE}: {@link BareEventsHandler}, the same five events with
 * ids, times, type and name only. {@code OTEL}: Micrometer Tracing's
 * {@link DefaultTracingObservationHandler} over the OpenTelemetry SDK with a stalled
 * {@code BatchSpanProcessor}, every observation a span.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(jvmArgsPrepend = { "-Xms2g", "-Xmx2g" })
public class SpringAiHandlersBenchmark {

	/** Whose handlers the callbacks are replayed through. */
	public enum Observer {

		/** A handler that takes every context and does nothing: the replay loop. */
		NONE,

		/**
		 * The Langfuse bridge's model and ChatClient handlers, their deferred work
		 * inline.
		 */
		LANGFUSE,

		/** {@link BareEventsHandler}: the same five events without values. */
		BARE,

		/** Micrometer Tracing with OpenTelemetry. */
		OTEL

	}

	@Param
	public Observer observer;

	private SpringAiSetup setup;

	private Callback[] callbacks;

	private ObservationHandler<Observation.Context>[] handlers;

	@Setup(Level.Trial)
	public void setUp() {
		this.setup = new SpringAiSetup();
		this.callbacks = record(this.setup);
		this.handlers = handlers(this.observer, this.setup);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.setup.close();
	}

	@Benchmark
	public int chatClientCallWithOneToolRound() {
		Callback[] callbacks = this.callbacks;
		ObservationHandler<Observation.Context>[] handlers = this.handlers;
		int dispatched = 0;
		for (Callback callback : callbacks) {
			for (ObservationHandler<Observation.Context> handler : handlers) {
				if (handler.supportsContext(callback.context())) {
					callback.kind().dispatch(handler, callback);
					dispatched++;
				}
			}
		}
		return dispatched;
	}

	/** The callbacks of one ChatClient call with one tool round, in order. */
	static Callback[] record(SpringAiSetup setup) {
		List<Callback> recorded = new ArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new Recorder(recorded));
		ChatClient client = setup.client(registry);
		// client(..) made a call to check the tool round: record the next one only
		recorded.clear();
		SpringAiSetup.call(client);
		long stops = recorded.stream().filter((callback) -> callback.kind() == Kind.STOP).count();
		if (stops != 7) {
			throw new IllegalStateException(
					"expected 7 observations (ChatClient, 3 advisors, 2 rounds, tool), got " + stops + ": " + recorded);
		}
		return recorded.toArray(new Callback[0]);
	}

	@SuppressWarnings("unchecked")
	private static ObservationHandler<Observation.Context>[] handlers(Observer observer, SpringAiSetup setup) {
		List<ObservationHandler<Observation.Context>> handlers = switch (observer) {
			case NONE -> List.of(new SpringAiSetup.NothingHandler());
			case LANGFUSE -> setup.langfuseHandlersInline();
			default -> setup.handlers(Registry.valueOf(observer.name()));
		};
		return handlers.toArray(new ObservationHandler[0]);
	}

	/** One callback of a handler: which one, on which context, with which event. */
	record Callback(Kind kind, Observation.Context context, Observation.Event event) {

		@Override
		public String toString() {
			return this.kind + " " + this.context.getClass().getSimpleName();
		}

	}

	/** The callbacks of {@link ObservationHandler} that Micrometer makes. */
	enum Kind {

		START, SCOPE_OPENED, SCOPE_CLOSED, SCOPE_RESET, EVENT, ERROR, STOP;

		void dispatch(ObservationHandler<Observation.Context> handler, Callback callback) {
			Observation.Context context = callback.context();
			switch (this) {
				case START -> handler.onStart(context);
				case SCOPE_OPENED -> handler.onScopeOpened(context);
				case SCOPE_CLOSED -> handler.onScopeClosed(context);
				case SCOPE_RESET -> handler.onScopeReset(context);
				case EVENT -> handler.onEvent(callback.event(), context);
				case ERROR -> handler.onError(context);
				case STOP -> handler.onStop(context);
			}
		}

	}

	/** Takes every context and records its callbacks into a list. */
	private static final class Recorder implements ObservationHandler<Observation.Context> {

		private final List<Callback> recorded;

		Recorder(List<Callback> recorded) {
			this.recorded = recorded;
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		private void add(Kind kind, Observation.Context context, Observation.Event event) {
			this.recorded.add(new Callback(kind, context, event));
		}

		@Override
		public void onStart(Observation.Context context) {
			add(Kind.START, context, null);
		}

		@Override
		public void onScopeOpened(Observation.Context context) {
			add(Kind.SCOPE_OPENED, context, null);
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
			add(Kind.SCOPE_CLOSED, context, null);
		}

		@Override
		public void onScopeReset(Observation.Context context) {
			add(Kind.SCOPE_RESET, context, null);
		}

		@Override
		public void onEvent(Observation.Event event, Observation.Context context) {
			add(Kind.EVENT, context, event);
		}

		@Override
		public void onError(Observation.Context context) {
			add(Kind.ERROR, context, null);
		}

		@Override
		public void onStop(Observation.Context context) {
			add(Kind.STOP, context, null);
		}

	}

}
