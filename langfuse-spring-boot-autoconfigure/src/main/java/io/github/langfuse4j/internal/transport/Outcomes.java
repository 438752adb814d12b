package io.github.langfuse4j.internal.transport;

import io.github.langfuse4j.ingest.DropReason;

/**
 * Where a {@link Transport} reports what became of each event it was given: every event
 * exactly once, as sent, rejected, dropped or failed.
 */
public interface Outcomes {

	/**
	 * The server accepted events.
	 * @param events how many
	 */
	void sent(int events);

	/**
	 * The server refused events (a 4xx for the request, or a per-event error).
	 * @param events how many
	 */
	void rejected(int events);

	/**
	 * Events were dropped without being sent.
	 * @param reason why
	 * @param events how many
	 */
	void dropped(DropReason reason, int events);

	/**
	 * A request failed after every retry (connection error, timeout, 5xx); its events are
	 * lost.
	 * @param events how many
	 * @param reason short description of the failure, without secrets or event contents
	 */
	void failed(int events, String reason);

}
