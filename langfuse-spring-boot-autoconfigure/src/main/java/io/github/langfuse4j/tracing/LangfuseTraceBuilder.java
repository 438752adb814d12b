package io.github.langfuse4j.tracing;

import java.time.Instant;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * Builds a trace; {@link #start()} starts it. Get one from
 * {@link Langfuse#trace(String)}. A builder starts one trace.
 */
public interface LangfuseTraceBuilder {

	/**
	 * Uses the given trace id instead of a random one, for example to continue a trace
	 * started by another service.
	 * @param traceId 32 lowercase hex characters, not all zeros;
	 * {@link Langfuse#traceIdFrom(String)} derives one from any string
	 * @return this builder
	 * @throws NullPointerException if {@code traceId} is {@code null}
	 * @throws IllegalArgumentException if {@code traceId} is not 32 lowercase hex
	 * characters
	 */
	LangfuseTraceBuilder id(String traceId);

	/**
	 * Sets the user the trace belongs to.
	 * @param userId the user id, or {@code null} for none
	 * @return this builder
	 */
	LangfuseTraceBuilder userId(@Nullable String userId);

	/**
	 * Sets the session the trace belongs to.
	 * @param sessionId the session id, or {@code null} for none
	 * @return this builder
	 */
	LangfuseTraceBuilder sessionId(@Nullable String sessionId);

	/**
	 * Sets the tags.
	 * @param tags the tags; {@code null} elements are left out, a {@code null} array for
	 * no tags
	 * @return this builder
	 */
	LangfuseTraceBuilder tags(@Nullable String @Nullable ... tags);

	/**
	 * Sets the tags.
	 * @param tags the tags; {@code null} elements are left out, {@code null} for no tags
	 * @return this builder
	 */
	LangfuseTraceBuilder tags(@Nullable Collection<String> tags);

	/**
	 * Sets the input, see {@link LangfuseTrace#input(Object)}.
	 * @param input the input, or {@code null} for none
	 * @return this builder
	 */
	LangfuseTraceBuilder input(@Nullable Object input);

	/**
	 * Sets the metadata, see {@link LangfuseTrace#metadata(Object)}.
	 * @param metadata the metadata, or {@code null} for none
	 * @return this builder
	 */
	LangfuseTraceBuilder metadata(@Nullable Object metadata);

	/**
	 * Adds one metadata key, see {@link LangfuseTrace#metadata(String, Object)}.
	 * @param key the key
	 * @param value the value
	 * @return this builder
	 * @throws NullPointerException if {@code key} is {@code null}
	 */
	LangfuseTraceBuilder metadata(String key, @Nullable Object value);

	/**
	 * Sets the version of the application code.
	 * @param version the version, or {@code null} for none
	 * @return this builder
	 */
	LangfuseTraceBuilder version(@Nullable String version);

	/**
	 * Sets whether the trace can be viewed by anyone with its URL.
	 * @param publicTrace {@code true} to make it public
	 * @return this builder
	 */
	LangfuseTraceBuilder publicTrace(boolean publicTrace);

	/**
	 * Overrides {@code langfuse.capture-content} for this trace and every observation
	 * under it: {@code true} records inputs and outputs even when the setting is off (for
	 * example for a request with a debug header), {@code false} leaves them out even when
	 * it is on.
	 * @param captureContent whether this trace records inputs and outputs
	 * @return this builder
	 */
	LangfuseTraceBuilder captureContent(boolean captureContent);

	/**
	 * Sets the start time, for work that started before the trace could be created; the
	 * default is the time of {@link #start()}.
	 * @param startTime the start time
	 * @return this builder
	 * @throws NullPointerException if {@code startTime} is {@code null}
	 */
	LangfuseTraceBuilder startTime(Instant startTime);

	/**
	 * Starts the trace. It is not made the current context; use
	 * {@link LangfuseTrace#makeCurrent()} for that.
	 * @return the started trace
	 * @throws IllegalStateException if this builder already started a trace
	 */
	LangfuseTrace start();

}
