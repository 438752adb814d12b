package io.github.langfuse4j.tracing;

import org.jspecify.annotations.Nullable;

/**
 * A recorded event: a point in time inside a trace, such as a cache hit or a user action.
 * Its {@code event-create} event was emitted by {@link LangfuseEventBuilder#emit()}; this
 * handle gives its ids and lets it be scored.
 */
public interface LangfuseEvent {

	/**
	 * The id of the event observation.
	 * @return 16 lowercase hex characters
	 */
	String id();

	/**
	 * The id of the trace the event belongs to.
	 * @return 32 lowercase hex characters
	 */
	String traceId();

	/**
	 * The id of the parent observation.
	 * @return the parent's id, or {@code null} if the event sits directly under its trace
	 */
	@Nullable String parentObservationId();

	/**
	 * Starts building a score of this event.
	 * @param name the score name
	 * @return a builder targeting this event; {@link LangfuseScoreBuilder#send()} sends
	 * the score
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank
	 */
	LangfuseScoreBuilder score(String name);

}
