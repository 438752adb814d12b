package io.github.langfuse4j.ingest.model;

/**
 * Data type of a score value, written as its name.
 */
public enum ScoreDataType {

	/** A finite number. */
	NUMERIC,

	/** A string that names a category. */
	CATEGORICAL,

	/** A number equal to {@code 0} or {@code 1}. */
	BOOLEAN,

	/**
	 * A corrected output, given as a string; only for traces and without a score config.
	 */
	CORRECTION,

	/** Free text of 1 to 500 characters. */
	TEXT

}
