package io.github.langfuse4j.ingest.transport;

import java.util.List;

import io.github.langfuse4j.ingest.model.IngestionEvent;

/**
 * Turns batches of events into requests to Langfuse, in one wire protocol, and reports every event's outcome to
 * its {@link Outcomes}. Called by one thread at a time (the worker, or the thread that shuts the exporter down).
 * Internal: not an API for applications.
 */
public interface Transport {

	/** Deadline value meaning "no deadline". */
	long NO_DEADLINE = Long.MAX_VALUE;

	/**
	 * Sends the events, or holds some back (the OTLP transport keeps observations until they end). Never throws.
	 * @param events the events, in enqueue order; the list is reused by the caller after this returns
	 * @param deadlineNanos {@link System#nanoTime()} by which sending must have stopped, or {@link #NO_DEADLINE}
	 */
	void send(List<IngestionEvent> events, long deadlineNanos);

	/**
	 * Sends what is held back and due. Never throws.
	 * @param force {@code true} at shutdown: send everything held back, complete or not
	 * @param deadlineNanos {@link System#nanoTime()} by which sending must have stopped, or {@link #NO_DEADLINE}
	 */
	default void sendPending(boolean force, long deadlineNanos) {
	}

	/**
	 * Events held back and not yet reported.
	 * @return how many
	 */
	default int pending() {
		return 0;
	}

	/**
	 * Drops everything held back, reporting it with {@code reason}. Called at the end of a shutdown.
	 * @return how many events were dropped
	 */
	default int discardPending() {
		return 0;
	}

	/** Releases the HTTP client. */
	default void close() {
	}

}
