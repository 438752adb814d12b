package io.github.langfuse4j.tracing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.ObservationType;

/**
 * The Langfuse tracing API: start traces and observations, record scores, carry the
 * current context across threads. With the Spring Boot starter, inject the
 * {@code Langfuse} bean; otherwise create one on a {@link LangfuseIngest} with
 * {@link #create(LangfuseIngest)}.
 *
 * <pre>{@code
 * try (LangfuseTrace trace = langfuse.trace("answer-question").userId("user-42").input(question).start()) {
 *     LangfuseGeneration llm = trace.generation("llm-call").model("gpt-4o-mini").input(messages).start();
 *     try {
 *         String reply = model.call(messages);
 *         llm.output(reply).usage(12, 5).end();
 *     }
 *     catch (RuntimeException ex) {
 *         llm.error(ex);
 *         throw ex;
 *     }
 *     trace.output(answer);
 *     trace.score("helpfulness", 0.9);
 * }
 * }</pre>
 *
 * <p>
 * Each trace and observation is exported as one complete event when it ends; scores are
 * sent at once. Events go to the exporter's bounded queue and are sent in the background
 * by the configured protocol; nothing here blocks or throws because of Langfuse. Only
 * programming errors (a {@code null} name, an invalid trace id, a negative token count)
 * throw, at the call that made them. When the exporter is the no-op one (starter disabled
 * or without keys), every call still works and returns ids, but no event is built.
 *
 * <p>
 * Thread-safe; one instance serves the whole application.
 */
public final class Langfuse {

	private final Tracer tracer;

	private Langfuse(LangfuseIngest ingest, boolean captureContent) {
		this.tracer = new Tracer(ingest, captureContent);
	}

	/**
	 * Creates the tracing API on an exporter, with the default settings (inputs and
	 * outputs are captured). The exporter is not closed by this object.
	 * @param ingest the exporter the events go to
	 * @return the tracing API
	 * @throws NullPointerException if {@code ingest} is {@code null}
	 */
	public static Langfuse create(LangfuseIngest ingest) {
		return builder(ingest).build();
	}

	/**
	 * Starts building the tracing API on an exporter, to change its settings.
	 * @param ingest the exporter the events go to; not closed by the tracing API
	 * @return a builder
	 * @throws NullPointerException if {@code ingest} is {@code null}
	 */
	public static Builder builder(LangfuseIngest ingest) {
		return new Builder(Objects.requireNonNull(ingest, "ingest must not be null"));
	}

	/**
	 * A tracing API that exports nothing, on {@link LangfuseIngest#noop()}.
	 * @return the no-op tracing API
	 */
	public static Langfuse noop() {
		return create(LangfuseIngest.noop());
	}

	/**
	 * Whether events are exported; {@code false} on the no-op exporter.
	 * @return {@code true} if events are exported
	 */
	public boolean isEnabled() {
		return this.tracer.enabled();
	}

	/**
	 * Starts building a trace. The trace is a root: it does not nest under the current
	 * context.
	 * @param name the trace name, at most 1000 characters
	 * @return a builder; {@link LangfuseTraceBuilder#start()} starts the trace
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank or too long
	 */
	public LangfuseTraceBuilder trace(String name) {
		return new TraceBuilder(this.tracer, name);
	}

	/**
	 * Starts building a span in the current context: under the current observation or
	 * trace (see {@link LangfuseHandle#makeCurrent()}), or, when nothing is current, as
	 * the root of a new trace that has the span's name, takes the span's input and output
	 * and is ended with it.
	 * @param name the span name
	 * @return a builder; {@link LangfuseSpanBuilder#start()} starts the span
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank
	 */
	public LangfuseSpanBuilder span(String name) {
		return builder(ObservationType.SPAN, name);
	}

	/**
	 * Starts building a generation in the current context, like {@link #span(String)}.
	 * @param name the generation name
	 * @return a builder; {@link LangfuseGenerationBuilder#start()} starts the generation
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank
	 */
	public LangfuseGenerationBuilder generation(String name) {
		return builder(ObservationType.GENERATION, name);
	}

	/**
	 * Starts building an event in the current context, like {@link #span(String)}.
	 * @param name the event name
	 * @return a builder; {@link LangfuseEventBuilder#emit()} records the event
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank
	 */
	public LangfuseEventBuilder event(String name) {
		return builder(ObservationType.EVENT, name);
	}

	/**
	 * Starts building an observation of a generation-like type in the current context,
	 * like {@link #span(String)}: an agent, a tool call, a chain, a retriever, an
	 * evaluator, an embedding, a guardrail, or a generation (the same as
	 * {@link #generation(String)}). One entry for all of them, so that code which maps
	 * its own kinds of work to Langfuse types (a framework integration, say) passes the
	 * type instead of choosing among methods. They all have a generation's fields: model,
	 * model parameters, usage, cost and completion start; a prompt can be linked on a
	 * generation only. <pre>{@code
	 * try (LangfuseGeneration lookup = langfuse.observation(ObservationType.TOOL, "weather").input(city).start()) {
	 *     lookup.output(weather.forecast(city));
	 * }
	 * }</pre>
	 * @param type the observation type; spans and events have builders of their own:
	 * {@link #span(String)} and {@link #event(String)}
	 * @param name the observation name
	 * @return a builder; {@link LangfuseGenerationBuilder#start()} starts the observation
	 * @throws NullPointerException if {@code type} or {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code type} is {@code SPAN} or {@code EVENT},
	 * or {@code name} is blank
	 */
	public LangfuseGenerationBuilder observation(ObservationType type, String name) {
		return builder(ObservationBuilder.generationLike(type), name);
	}

	private ObservationBuilder builder(ObservationType type, String name) {
		LangfuseHandle current = LangfuseContext.currentHandle();
		if (current == null) {
			Values.name(name);
			return ObservationBuilder.root(this.tracer, type, name);
		}
		String parent = (current instanceof LangfuseTrace) ? null : current.id();
		Recording recording = (current instanceof ParentHandle handle) ? handle.recording()
				: Recording.of(current.isSampled(), this.tracer.captureContent());
		return ObservationBuilder.child(this.tracer, AnchoredClock.of(current), recording, type, name,
				current.traceId(), parent);
	}

	/**
	 * Starts building a score of a trace, an observation or a session known by id, for
	 * example to record user feedback that arrives after the trace has ended. Set the
	 * target with {@link LangfuseScoreBuilder#traceId},
	 * {@link LangfuseScoreBuilder#observationId} or
	 * {@link LangfuseScoreBuilder#sessionId}.
	 * @param name the score name
	 * @return a builder; {@link LangfuseScoreBuilder#send()} sends the score
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank
	 */
	public LangfuseScoreBuilder score(String name) {
		return new ScoreBuilder(this.tracer, name);
	}

	/**
	 * Sends everything ended so far (after running the work {@linkplain #defer deferred}
	 * so far, such as the Spring AI bridge's) and waits for the server's answer, at most
	 * {@code timeout}; for tests, batch jobs and serverless functions. Same as
	 * {@link LangfuseIngest#flush(Duration)}.
	 * @param timeout how long to wait at most
	 * @return {@code true} if everything was handed to the server in time
	 */
	public boolean flush(Duration timeout) {
		return this.tracer.ingest().flush(timeout);
	}

	/**
	 * Runs tracing work off the calling thread, on the exporter's own thread, in the
	 * order handed over; {@link #flush(Duration)} runs it first. For integrations called
	 * on the application's threads (the Spring AI bridge uses it); see
	 * {@link LangfuseIngest#defer(Runnable)}. The task may run where no Langfuse context
	 * is current (the exporter's thread): give it the handles and times it needs.
	 * @param task the task; it must not block
	 * @return {@code true} if the task ran or will run, {@code false} if it was dropped
	 * because too many tasks wait (counted as a dropped event)
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	public boolean defer(Runnable task) {
		return this.tracer.ingest().defer(Objects.requireNonNull(task, "task must not be null"));
	}

	/**
	 * Derives a trace id from any string, so that the same business key (a request id, an
	 * order number) always yields the same trace: the first 16 bytes of the SHA-256 of
	 * the string's UTF-8 bytes, as 32 lowercase hex characters. The OTLP transport maps
	 * non-hex ids by the same rule.
	 * @param seed any string
	 * @return the trace id
	 * @throws NullPointerException if {@code seed} is {@code null}
	 */
	public static String traceIdFrom(String seed) {
		return Ids.traceIdFrom(seed);
	}

	/**
	 * Wraps a task so that it runs in the Langfuse context current now, on whatever
	 * thread runs it.
	 * @param task the task
	 * @return the wrapped task
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	public static Runnable wrap(Runnable task) {
		return LangfuseContext.current().wrap(task);
	}

	/**
	 * Wraps a task so that it runs in the Langfuse context current now, on whatever
	 * thread runs it.
	 * @param <T> the result type
	 * @param task the task
	 * @return the wrapped task
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	public static <T> Callable<T> wrap(Callable<T> task) {
		return LangfuseContext.current().wrap(task);
	}

	/**
	 * Wraps an executor so that each task runs in the Langfuse context that was current
	 * when it was submitted. Works with any executor, including one that starts a virtual
	 * thread per task.
	 * @param executor the executor
	 * @return the wrapping executor
	 * @throws NullPointerException if {@code executor} is {@code null}
	 */
	public static Executor wrap(Executor executor) {
		return new ContextExecutor(Objects.requireNonNull(executor, "executor must not be null"));
	}

	/**
	 * Wraps an executor service so that each task runs in the Langfuse context that was
	 * current when it was submitted; shutting down or closing the wrapper shuts down or
	 * closes the wrapped service. Works with
	 * {@code Executors.newVirtualThreadPerTaskExecutor()}.
	 * @param executor the executor service
	 * @return the wrapping executor service
	 * @throws NullPointerException if {@code executor} is {@code null}
	 */
	public static ExecutorService wrap(ExecutorService executor) {
		return new ContextExecutorService(Objects.requireNonNull(executor, "executor must not be null"));
	}

	@Override
	public String toString() {
		return "Langfuse[" + this.tracer.ingest() + "]";
	}

	/**
	 * Builds a {@link Langfuse} with settings other than the defaults. With the Spring
	 * Boot starter, the {@code langfuse.*} properties set them.
	 */
	public static final class Builder {

		private final LangfuseIngest ingest;

		private boolean captureContent = true;

		private Builder(LangfuseIngest ingest) {
			this.ingest = ingest;
		}

		/**
		 * Whether inputs and outputs of traces and observations are recorded
		 * ({@code langfuse.capture-content}, default {@code true}). When {@code false},
		 * they are neither stored nor sent (nor shown to a masker): names, timing, model,
		 * usage, levels, status messages and metadata still are. A trace can override it
		 * with {@link LangfuseTraceBuilder#captureContent(boolean)}, for example to
		 * capture a request that asks for debugging.
		 * @param captureContent {@code false} to leave inputs and outputs out
		 * @return this builder
		 */
		public Builder captureContent(boolean captureContent) {
			this.captureContent = captureContent;
			return this;
		}

		/**
		 * Builds the tracing API.
		 * @return the tracing API
		 */
		public Langfuse build() {
			return new Langfuse(this.ingest, this.captureContent);
		}

	}

}
