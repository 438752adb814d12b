package io.github.langfuse4j.springai;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.internal.logging.LogText;
import io.github.langfuse4j.internal.logging.ThrottledLogger;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseHandle;
import io.github.langfuse4j.tracing.LangfuseObservation;
import io.github.langfuse4j.tracing.LangfuseTrace;
import io.github.langfuse4j.tracing.LangfuseTraceBuilder;

/**
 * What the handlers share: the lazily resolved tracing API, where a new observation goes
 * (the nearest recorded ancestor in the observation's parent chain, else the
 * application's Langfuse handle that was current on the calling thread, else a new
 * trace), the record kept in each Micrometer context, and the failure counter. Parents
 * come from the parent chain, never from thread locals, so that stages on Reactor threads
 * nest correctly. Everything but {@link #langfuse()}, {@link #failed}, {@link #drop},
 * {@link #isDropped} and {@link #nestsIn} runs on the bridge's thread (see
 * {@link DeferringHandler}).
 */
final class Bridge {

	/**
	 * The metadata key of the Micrometer Tracing trace id on a trace the bridge starts.
	 */
	static final String TRACING_TRACE_ID = "tracing_trace_id";

	/** How far up the parent chain a parent is looked for; a guard against cycles. */
	private static final int MAX_DEPTH = 128;

	private final ThrottledLogger failureLog = new ThrottledLogger(LogFactory.getLog(LangfuseSpringAi.class),
			Duration.ofMinutes(1));

	private final LongAdder failures = new LongAdder();

	private final Supplier<@Nullable Langfuse> supplier;

	private final boolean useTracingTraceId;

	private volatile @Nullable Langfuse langfuse;

	Bridge(Supplier<@Nullable Langfuse> supplier, boolean useTracingTraceId) {
		this.supplier = supplier;
		this.useTracingTraceId = useTracingTraceId;
	}

	/**
	 * The tracing API when it exports, else {@code null}: then the handlers do no work.
	 */
	@Nullable Langfuse langfuse() {
		Langfuse resolved = this.langfuse;
		if (resolved == null) {
			resolved = this.supplier.get();
			if (resolved == null) {
				return null;
			}
			this.langfuse = resolved;
		}
		return resolved.isEnabled() ? resolved : null;
	}

	/**
	 * The tracing API when it was resolved by {@link #langfuse()} and exports, else
	 * {@code null}; never asks the supplier. For the stops: an observation whose start
	 * found no tracing API was not recorded.
	 */
	@Nullable Langfuse resolved() {
		Langfuse resolved = this.langfuse;
		return (resolved != null && resolved.isEnabled()) ? resolved : null;
	}

	/**
	 * The bridge's record of a Micrometer observation, kept in its context by the
	 * bridge's thread.
	 *
	 * @param observation the Langfuse observation it became
	 * @param trace the trace it started, if any
	 * @param anchor places the times of its tree on the wall clock
	 */
	record Recorded(LangfuseObservation observation, @Nullable LangfuseTrace trace, Anchor anchor) {

		/**
		 * Ends the observation, then the trace it started, if any.
		 * @param nanoTime when, a {@link System#nanoTime()} reading
		 */
		void end(long nanoTime) {
			Instant end = this.anchor.instant(nanoTime);
			this.observation.end(end);
			if (this.trace != null) {
				this.trace.end(end);
			}
		}

	}

	/**
	 * Marks an observation whose start was dropped: it and its subtree are not recorded.
	 */
	private enum Dropped {

		INSTANCE

	}

	static void drop(Observation.Context context) {
		context.put(Dropped.class, Dropped.INSTANCE);
	}

	static boolean isDropped(Observation.ContextView context) {
		return context.get(Dropped.class) != null;
	}

	static void record(Observation.Context context, LangfuseObservation observation, Placement placement) {
		context.put(Recorded.class, new Recorded(observation, placement.trace(), placement.anchor()));
	}

	static @Nullable Recorded recorded(Observation.Context context) {
		return context.get(Recorded.class);
	}

	/**
	 * Where a new observation goes: under {@code parent} (the nearest recorded ancestor,
	 * the trace started here, or the application's handle that was current), or through
	 * {@link Langfuse} when it is {@code null} (a trace of its own).
	 *
	 * @param parent the parent, if any
	 * @param trace the trace started here, if any
	 * @param anchor places the new observation's times on the wall clock
	 * @param startTime the new observation's start
	 */
	record Placement(@Nullable LangfuseHandle parent, @Nullable LangfuseTrace trace, Anchor anchor, Instant startTime) {

		/**
		 * Whether the new observation keeps content, as far as known before it starts:
		 * its parent's decision, which it inherits; {@code true} without a parent (the
		 * tracing API drops what it must not keep). So that no message is even read for a
		 * trace that records no content or is sampled out.
		 */
		boolean capturesContent() {
			return this.parent == null || this.parent.isCapturingContent();
		}

	}

	/**
	 * Places a new observation, on the bridge's thread: under the nearest ancestor in its
	 * parent chain that the bridge recorded (advisors and observations it does not record
	 * are passed through), else under the application's handle that was current at the
	 * start, else a new trace. The trace is started here when either {@code alwaysTrace}
	 * (a ChatClient call with trace attributes) or a Micrometer Tracing trace is around
	 * it (its id goes into the trace's metadata, or becomes the trace id); otherwise the
	 * tracing API starts one for the lone observation.
	 * @return the placement, or {@code null} when an ancestor's start was dropped: then
	 * the observation is marked dropped too
	 */
	@Nullable Placement place(Callback callback, String traceName, boolean alwaysTrace) {
		Observation.Context context = callback.context();
		ObservationView parent = context.getParentObservation();
		for (int depth = 0; parent != null && depth < MAX_DEPTH; depth++) {
			Observation.ContextView view = parent.getContextView();
			if (isDropped(view)) {
				drop(context);
				return null;
			}
			Recorded recorded = view.get(Recorded.class);
			if (recorded != null) {
				return new Placement(recorded.observation(), null, recorded.anchor(),
						recorded.anchor().instant(callback.nanoTime()));
			}
			parent = view.getParentObservation();
		}
		Anchor anchor = Anchor.of(callback.nanoTime());
		Instant startTime = anchor.instant(callback.nanoTime());
		if (callback.current() != null) {
			return new Placement(callback.current(), null, anchor, startTime);
		}
		String tracingTraceId = TracingIds.traceId(context);
		if (!alwaysTrace && tracingTraceId == null) {
			return new Placement(null, null, anchor, startTime);
		}
		LangfuseTraceBuilder builder = callback.langfuse().trace(traceName).startTime(startTime);
		if (tracingTraceId != null) {
			builder.metadata(TRACING_TRACE_ID, tracingTraceId);
			String id = this.useTracingTraceId ? TracingIds.asLangfuseTraceId(tracingTraceId) : null;
			if (id != null) {
				builder.id(id);
			}
		}
		LangfuseTrace trace = builder.start();
		return new Placement(trace, trace, anchor, startTime);
	}

	/**
	 * Whether an observation nests in another Spring AI observation of one of the given
	 * kinds; read on the calling thread, where the bridge's records may not be made yet.
	 */
	static boolean nestsIn(Observation.Context context, Class<?>... kinds) {
		ObservationView parent = context.getParentObservation();
		for (int depth = 0; parent != null && depth < MAX_DEPTH; depth++) {
			Observation.ContextView view = parent.getContextView();
			for (Class<?> kind : kinds) {
				if (kind.isInstance(view)) {
					return true;
				}
			}
			parent = view.getParentObservation();
		}
		return false;
	}

	/** Counts a failure inside a handler callback and logs it, throttled. */
	void failed(Observation.Context context, Throwable ex) {
		this.failures.increment();
		this.failureLog.warn(() -> "Langfuse: a Spring AI observation ('"
				+ LogText.safe(context.getName(), LogText.NAME) + "') could not be recorded: " + LogText.of(ex));
	}

	/** How many handler callbacks failed; for tests. */
	long failures() {
		return this.failures.sum();
	}

	/** A string parameter, or {@code null} when absent or blank. */
	static @Nullable String string(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		String text = value.toString();
		return text.isBlank() ? null : text;
	}

	/** Tags from a collection, an array or one string; {@code null} when absent. */
	static @Nullable List<String> tags(@Nullable Object value) {
		if (value instanceof Collection<?> collection) {
			return collection.stream().filter((t) -> t != null).map(Object::toString).toList();
		}
		if (value instanceof Object[] array) {
			return Arrays.stream(array).filter((t) -> t != null).map(Object::toString).toList();
		}
		String one = string(value);
		return (one != null) ? List.of(one) : null;
	}

	static String lower(String text) {
		return text.toLowerCase(Locale.ROOT);
	}

}
