package io.github.langfuse4j.internal.transport;

import java.util.List;

import io.github.langfuse4j.ingest.model.IngestionEvent;

/**
 * Turns batches of events into requests to Langfuse, in one wire protocol, and reports
 * every event's outcome to its {@link Outcomes}. Called by one thread at a time (the
 * worker, or the thread that shuts the exporter down); it writes the requests and hands
 * them to up to {@code max-requests-in-flight} sender threads, which post them and report
 * the outcomes. Internal: not an API for applications.
 */
public interface Transport {

	/** Deadline value meaning "no deadline". */
	long NO_DEADLINE = Long.MAX_VALUE;

	/**
	 * Sends the events, or holds some back (the OTLP transport keeps observations until
	 * they end), in requests of at most {@code max-batch} events (OTLP: spans) and
	 * {@code max-batch-bytes}. Once the deadline has passed, nothing more is written:
	 * what is left is counted as dropped ({@code shutdown}). Never throws.
	 * @param events the events, in enqueue order; the list is reused by the caller after
	 * this returns
	 * @param deadlineNanos {@link System#nanoTime()} by which sending must have stopped,
	 * or {@link #NO_DEADLINE}
	 */
	void send(List<IngestionEvent> events, long deadlineNanos);

	/**
	 * Sends what is held back and due. Never throws.
	 * @param force {@code true} at shutdown: send everything held back, complete or not
	 * @param deadlineNanos {@link System#nanoTime()} by which sending must have stopped,
	 * or {@link #NO_DEADLINE}
	 */
	default void sendPending(boolean force, long deadlineNanos) {
	}

	/**
	 * Tells the transport that the shutdown has begun: from now on it may release what it
	 * holds back early rather than refuse new events (the shutdown sends or counts
	 * everything anyway).
	 */
	default void shuttingDown() {
	}

	/**
	 * Whether a deadline has passed.
	 * @param deadlineNanos a deadline, or {@link #NO_DEADLINE}
	 * @return {@code true} if it is a deadline and {@link System#nanoTime()} has reached
	 * it
	 */
	static boolean passed(long deadlineNanos) {
		return deadlineNanos != NO_DEADLINE && System.nanoTime() - deadlineNanos >= 0;
	}

	/**
	 * Waits until a request can be handed to a sender without waiting, so that the caller
	 * can leave its events in the queue (where they count as queued) until they can be
	 * sent.
	 * @param deadlineNanos {@link System#nanoTime()} when to give up, or
	 * {@link #NO_DEADLINE}
	 * @return {@code false} if the deadline came first or the thread was interrupted
	 */
	default boolean awaitCapacity(long deadlineNanos) {
		return true;
	}

	/**
	 * Waits until every request handed to a sender has been answered and accounted.
	 * @param deadlineNanos {@link System#nanoTime()} when to give up, or
	 * {@link #NO_DEADLINE}
	 * @return {@code true} if none is in flight any more
	 */
	default boolean awaitRequests(long deadlineNanos) {
		return true;
	}

	/**
	 * Interrupts the requests still in flight (their events are counted as dropped,
	 * {@code shutdown}) and waits for their accounting until the deadline. Called by the
	 * shutdown; no request can be sent afterwards.
	 * @param deadlineNanos {@link System#nanoTime()} when to stop waiting
	 */
	default void cancelRequests(long deadlineNanos) {
	}

	/**
	 * Events held back or in flight, and not yet reported.
	 * @return how many
	 */
	default int pending() {
		return 0;
	}

	/**
	 * Drops everything held back, reporting it with {@code reason}. Called at the end of
	 * a shutdown.
	 * @return how many events were dropped
	 */
	default int discardPending() {
		return 0;
	}

	/**
	 * Stops the senders: requests in flight are interrupted and their events counted as
	 * dropped ({@code shutdown}); then releases the HTTP client.
	 */
	default void close() {
	}

}
