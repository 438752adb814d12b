package io.github.langfuse4j.ingest.model;

/**
 * Severity level of an observation, written as its name.
 */
public enum ObservationLevel {

	/** Verbose diagnostic detail. */
	DEBUG,

	/** The default level, used by the server when none is sent. */
	DEFAULT,

	/** Something unexpected that did not fail the operation. */
	WARNING,

	/** The operation failed. */
	ERROR

}
