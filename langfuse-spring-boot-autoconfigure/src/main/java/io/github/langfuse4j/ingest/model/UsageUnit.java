package io.github.langfuse4j.ingest.model;

/**
 * Unit of the counts in a {@link Usage}, written as its name ({@code ModelUsageUnit} on
 * the wire).
 */
public enum UsageUnit {

	/** Characters. */
	CHARACTERS,

	/** Tokens. */
	TOKENS,

	/** Milliseconds. */
	MILLISECONDS,

	/** Seconds. */
	SECONDS,

	/** Images. */
	IMAGES,

	/** Requests. */
	REQUESTS

}
