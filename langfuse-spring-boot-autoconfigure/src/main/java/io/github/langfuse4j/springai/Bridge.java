package io.github.langfuse4j.springai;

import java.time.Duration;
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
import io.github.langfuse4j.tracing.LangfuseContext;
import io.github.langfuse4j.tracing.LangfuseHandle;
import io.github.langfuse4j.tracing.LangfuseObservation;
import io.github.langfuse4j.tracing.LangfuseTrace;
import io.github.langfuse4j.tracing.LangfuseTraceBuilder;

/**
 * What the handlers share: the lazily resolved tracing API, where a new observation goes
 * (the nearest recorded ancestor in the observation's parent chain, else the
 * application's current Langfuse context, else a new trace), the record kept in each
 * Micrometer context, and the failure counter. Parents come from the parent chain, never
 * from thread locals, so that stages on Reactor threads nest correctly.
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
	 * The bridge's record of a Micrometer observation, kept in its context.
	 *
	 * @param observation the Langfuse observation it became
	 * @param trace the trace it started, if any
	 */
	record Recorded(LangfuseObservation observation, @Nullable LangfuseTrace trace) {

		/** Ends the observation, then the trace it started, if any. */
		void end() {
			this.observation.end();
			if (this.trace != null) {
				this.trace.end();
			}
		}

	}

	static void record(Observation.Context context, LangfuseObservation observation, @Nullable LangfuseTrace trace) {
		context.put(Recorded.class, new Recorded(observation, trace));
	}

	static @Nullable Recorded recorded(Observation.Context context) {
		return context.get(Recorded.class);
	}

	/**
	 * The record of the nearest ancestor observation that the bridge recorded; advisors
	 * and any observation the bridge does not record are passed through.
	 */
	static @Nullable Recorded parent(Observation.Context context) {
		ObservationView parent = context.getParentObservation();
		for (int depth = 0; parent != null && depth < MAX_DEPTH; depth++) {
			Observation.ContextView view = parent.getContextView();
			Recorded recorded = view.get(Recorded.class);
			if (recorded != null) {
				return recorded;
			}
			parent = view.getParentObservation();
		}
		return null;
	}

	/**
	 * Where a new observation goes: under {@code parent} when an ancestor was recorded,
	 * or under the trace started here; both {@code null} when it goes through
	 * {@link Langfuse} (the application's current context, else a trace of its own).
	 */
	record Placement(@Nullable LangfuseHandle parent, @Nullable LangfuseTrace trace) {

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
	 * Places a new observation. A trace is started here when nothing encloses the
	 * observation and either {@code alwaysTrace} (a ChatClient call, which sets trace
	 * attributes) or a Micrometer Tracing trace is around it (its id goes into the
	 * trace's metadata, or becomes the trace id).
	 */
	Placement place(Langfuse langfuse, Observation.Context context, String traceName, boolean alwaysTrace) {
		Recorded parent = parent(context);
		if (parent != null) {
			return new Placement(parent.observation(), null);
		}
		if (LangfuseContext.current().handle().isPresent()) {
			return new Placement(null, null);
		}
		String tracingTraceId = TracingIds.traceId(context);
		if (!alwaysTrace && tracingTraceId == null) {
			return new Placement(null, null);
		}
		LangfuseTraceBuilder builder = langfuse.trace(traceName);
		if (tracingTraceId != null) {
			builder.metadata(TRACING_TRACE_ID, tracingTraceId);
			String id = this.useTracingTraceId ? TracingIds.asLangfuseTraceId(tracingTraceId) : null;
			if (id != null) {
				builder.id(id);
			}
		}
		LangfuseTrace trace = builder.start();
		return new Placement(trace, trace);
	}

	/** The application's current handle, when it is a trace. */
	static @Nullable LangfuseTrace currentTrace() {
		LangfuseHandle current = LangfuseContext.current().handle().orElse(null);
		return (current instanceof LangfuseTrace trace) ? trace : null;
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
