package io.github.langfuse4j.tracing;

import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.ingest.model.ObservationType;

/**
 * A started trace or observation: it has ids, can start child observations, can be
 * scored, made the current context and ended. Ending is idempotent and thread-safe: the
 * first {@link #end()} (or {@link #close()}) emits the one complete event of this trace
 * or observation; later calls, and setters called after the end, do nothing.
 *
 * <p>
 * Children started from a handle get this handle as their parent. A child may outlive its
 * parent: nothing is ended automatically, every handle is exported when it is ended
 * itself.
 */
public interface LangfuseHandle extends AutoCloseable {

	/**
	 * The id of this trace (32 lowercase hex characters) or observation (16 lowercase hex
	 * characters).
	 * @return the id
	 */
	String id();

	/**
	 * The id of the trace this handle belongs to: for a trace its own id.
	 * @return the trace id, 32 lowercase hex characters
	 */
	String traceId();

	/**
	 * Starts building a span (a unit of work with a duration) under this handle.
	 * @param name the span name
	 * @return a builder; {@link LangfuseSpanBuilder#start()} starts the span
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank
	 */
	LangfuseSpanBuilder span(String name);

	/**
	 * Starts building a generation (a call to a model) under this handle.
	 * @param name the generation name
	 * @return a builder; {@link LangfuseGenerationBuilder#start()} starts the generation
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank
	 */
	LangfuseGenerationBuilder generation(String name);

	/**
	 * Starts building an event (a point in time) under this handle.
	 * @param name the event name
	 * @return a builder; {@link LangfuseEventBuilder#emit()} records the event
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank
	 */
	LangfuseEventBuilder event(String name);

	/**
	 * Starts building an observation of a generation-like type under this handle: an
	 * agent, a tool call, a chain, a retriever, an evaluator, an embedding, a guardrail,
	 * or a generation (the same as {@link #generation(String)}). See
	 * {@link Langfuse#observation(ObservationType, String)}.
	 * @param type the observation type; spans and events have builders of their own:
	 * {@link #span(String)} and {@link #event(String)}
	 * @param name the observation name
	 * @return a builder; {@link LangfuseGenerationBuilder#start()} starts the observation
	 * @throws NullPointerException if {@code type} or {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code type} is {@code SPAN} or {@code EVENT},
	 * or {@code name} is blank
	 */
	LangfuseGenerationBuilder observation(ObservationType type, String name);

	/**
	 * Scores this trace or observation with a number; the score is sent at once, also
	 * after the end.
	 * @param name the score name
	 * @param value the value, a finite number
	 * @return the id of the score
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank or {@code value} is not
	 * finite
	 */
	String score(String name, double value);

	/**
	 * Scores this trace or observation with a boolean (sent as 1 or 0 with data type
	 * {@code BOOLEAN}).
	 * @param name the score name
	 * @param value the value
	 * @return the id of the score
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank
	 */
	String score(String name, boolean value);

	/**
	 * Scores this trace or observation with a category (data type {@code CATEGORICAL}).
	 * @param name the score name
	 * @param value the category
	 * @return the id of the score
	 * @throws NullPointerException if {@code name} or {@code value} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank
	 */
	String score(String name, @Nullable String value);

	/**
	 * Starts building a score of this trace or observation, for a comment, an id of your
	 * own or metadata.
	 * @param name the score name
	 * @return a builder targeting this handle; {@link LangfuseScoreBuilder#send()} sends
	 * the score
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank
	 */
	LangfuseScoreBuilder score(String name);

	/**
	 * Makes this handle the current context of the calling thread until the returned
	 * scope is closed: observations started through {@link Langfuse} (for example
	 * {@code langfuse.span("x")}) become its children. Use it with try-with-resources, on
	 * the thread that called it. Once this handle has ended it is no longer current, even
	 * if the scope is still open: new observations nest under the context around it (see
	 * {@link LangfuseContext}).
	 * @return the scope; closing it restores the previous context
	 */
	LangfuseScope makeCurrent();

	/**
	 * Whether this handle's trace is sent under the sample rate
	 * ({@code langfuse.sample-rate}). Decided once per trace from its id, the way
	 * OpenTelemetry's {@code TraceIdRatioBased} sampler decides; every observation of the
	 * trace inherits it. A sampled-out handle works as usual (ids, children, scopes) but
	 * sends nothing, its scores included, and stores no input or output: check it to skip
	 * building expensive inputs. <pre>{@code
	 * if (span.isSampled()) {
	 *     span.input(renderPrompt(messages));
	 * }
	 * }</pre>
	 * @return {@code true} if this trace's events are sent
	 */
	default boolean isSampled() {
		return true;
	}

	/**
	 * Whether this handle stores and sends inputs and outputs: {@code false} when content
	 * capture is off ({@code langfuse.capture-content=false}, unless the trace's builder
	 * turned it on with {@code captureContent(true)}, or the other way round) or the
	 * trace is sampled out ({@link #isSampled()}). Then {@code input(..)} and
	 * {@code output(..)} are ignored: check it to skip building expensive inputs and
	 * outputs. Decided once per trace; every observation of the trace inherits it.
	 * <pre>{@code
	 * if (span.isCapturingContent()) {
	 *     span.output(render(result));
	 * }
	 * }</pre>
	 * @return {@code true} if this handle keeps its input and output
	 */
	default boolean isCapturingContent() {
		return true;
	}

	/**
	 * Whether this handle has been ended.
	 * @return {@code true} after the first {@link #end()}
	 */
	boolean isEnded();

	/**
	 * Ends this handle now and emits its event. Later calls do nothing. May be called
	 * from any thread; never throws.
	 */
	void end();

	/** Same as {@link #end()}, for try-with-resources. */
	@Override
	void close();

}
