package io.github.langfuse4j.ingest.model;

import java.util.Locale;

/**
 * Type of an observation. Each type maps to a {@code <wireName>-create} ingestion event.
 */
public enum ObservationType {

	/** A span: a unit of work with a duration. */
	SPAN,

	/** A call to a model. */
	GENERATION,

	/** A point in time. */
	EVENT,

	/** An agent step. */
	AGENT,

	/** A tool call. */
	TOOL,

	/** A chain of steps. */
	CHAIN,

	/** A retrieval step. */
	RETRIEVER,

	/** An evaluation step. */
	EVALUATOR,

	/** An embedding call. */
	EMBEDDING,

	/** A guardrail check. */
	GUARDRAIL;

	private final String wireName = name().toLowerCase(Locale.ROOT);

	/**
	 * Return the lowercase name used in wire event types, e.g. {@code "span"}.
	 * @return the wire name
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * Return whether this type uses the generation body, and so may carry model, usage,
	 * cost and prompt fields. Only {@link #SPAN} and {@link #EVENT} do not.
	 * @return {@code true} for generation-like types
	 */
	public boolean isGenerationLike() {
		return this != SPAN && this != EVENT;
	}

}
