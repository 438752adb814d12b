package io.github.langfuse4j.ingest;

import java.util.Locale;

/** Why an accepted event was dropped without being sent. */
public enum DropReason {

	/** The queue was full when the event was enqueued. */
	QUEUE_FULL,

	/**
	 * The event was larger than a request may be, even after truncating its largest
	 * fields.
	 */
	OVERSIZE,

	/**
	 * The event could not be written as JSON (for example metadata holding an object
	 * Jackson cannot write).
	 */
	SERIALIZATION,

	/** The OTLP span buffer, which holds observations until they end, was full. */
	BUFFER_FULL,

	/**
	 * The exporter was shut down (or was already shut down) before the event could be
	 * sent.
	 */
	SHUTDOWN;

	/**
	 * The metric tag value, for example {@code queue_full}.
	 * @return the lowercase name
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
