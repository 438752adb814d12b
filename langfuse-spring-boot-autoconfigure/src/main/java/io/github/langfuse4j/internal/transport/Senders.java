package io.github.langfuse4j.internal.transport;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.langfuse4j.ingest.DropReason;

/**
 * The requests in flight: {@code max-requests-in-flight} threads that post requests, and
 * one request body more than that. The worker {@link #acquire acquires} a body, writes a
 * complete request into it and {@link #submit hands} it over; a sender thread posts it
 * and processes the answer (accounting, splitting a 413, resending per-event errors, with
 * {@link LangfuseHttp}'s retries and its 429 pause, which every sender obeys), then gives
 * the body back. At most {@code max-requests-in-flight} requests are posted at once; the
 * extra body lets the worker write the next request while that many are on the wire (it
 * waits for a sender, then goes out at once), so that writing a request does not take a
 * place on the wire. Because a request holds its body until it is answered, the bodies
 * take at most {@code max-requests-in-flight + 1} times {@code max-batch-bytes} (plus the
 * growth slack of {@link RequestBody}): when all of them are taken, the worker waits for
 * the first answer, never the application, whose events wait in the queue.
 *
 * <p>
 * Requests are sent in the order they were handed over but may be answered in any order.
 */
final class Senders {

	private static final Log logger = LogFactory.getLog(Senders.class);

	/**
	 * The least time {@link #shutdownNow} waits for interrupted requests to finish their
	 * accounting.
	 */
	static final long ACCOUNTING_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final ArrayBlockingQueue<RequestBody> free;

	private final ThreadPoolExecutor executor;

	private final Outcomes outcomes;

	/** Events of requests handed over and not yet accounted. */
	private final AtomicInteger events = new AtomicInteger();

	/**
	 * Requests handed over and not yet finished; guarded by {@code this} for
	 * {@link #awaitIdle}.
	 */
	private int requests;

	/**
	 * Creates the senders.
	 * @param slots the most requests in flight
	 * @param initialSize the initial size of a body's array
	 * @param retainedSize the largest array a body keeps from one request to the next
	 * @param outcomes where requests that cannot be sent any more are counted
	 */
	Senders(int slots, int initialSize, int retainedSize, Outcomes outcomes) {
		this.outcomes = outcomes;
		// one body more than senders: the worker writes the next request while `slots`
		// are on the wire; it waits in the executor's queue for the first free sender
		this.free = new ArrayBlockingQueue<>(slots + 1);
		for (int i = 0; i <= slots; i++) {
			this.free.add(new RequestBody(initialSize, retainedSize));
		}
		this.executor = new ThreadPoolExecutor(slots, slots, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				(runnable) -> {
					Thread thread = new Thread(runnable, "langfuse-sender");
					thread.setDaemon(true);
					return thread;
				});
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * Takes a free body, waiting for a request in flight to finish when none is free.
	 * @param deadlineNanos when to give up, or {@link Transport#NO_DEADLINE}
	 * @return an empty body, or {@code null} if the deadline came first or the thread was
	 * interrupted
	 */
	RequestBody acquire(long deadlineNanos) {
		RequestBody body = this.free.poll();
		if (body != null) {
			return body;
		}
		try {
			if (deadlineNanos == Transport.NO_DEADLINE) {
				return this.free.take();
			}
			return this.free.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * Waits until a body is free, without taking it.
	 * @param deadlineNanos when to give up, or {@link Transport#NO_DEADLINE}
	 * @return {@code false} if the deadline came first or the thread was interrupted
	 */
	boolean awaitCapacity(long deadlineNanos) {
		if (!this.free.isEmpty()) {
			return true;
		}
		RequestBody body = acquire(deadlineNanos);
		if (body == null) {
			return false;
		}
		release(body);
		return true;
	}

	/** Gives back a body that was acquired but not handed over. */
	void release(RequestBody body) {
		this.free.offer(body);
	}

	/**
	 * Hands a complete request to a sender thread. Its events count as in flight until
	 * {@code post} has returned (which must account every one of them); the body is given
	 * back then.
	 * @param body the request's body, from {@link #acquire}
	 * @param events how many events the request carries
	 * @param post posts the request and accounts its events; runs on a sender thread
	 */
	void submit(RequestBody body, int events, Runnable post) {
		this.events.addAndGet(events);
		synchronized (this) {
			this.requests++;
		}
		try {
			this.executor.execute(new Request(body, events, post));
		}
		catch (RejectedExecutionException ex) {
			// closed: the request is never sent
			this.outcomes.dropped(DropReason.SHUTDOWN, events);
			finished(body, events);
		}
	}

	/** Events of requests handed over and not yet accounted. */
	int inFlightEvents() {
		return this.events.get();
	}

	/**
	 * Waits until no request is in flight.
	 * @param deadlineNanos when to give up, or {@link Transport#NO_DEADLINE}
	 * @return {@code true} if none is
	 */
	synchronized boolean awaitIdle(long deadlineNanos) {
		try {
			while (this.requests > 0) {
				if (deadlineNanos == Transport.NO_DEADLINE) {
					wait();
				}
				else {
					long left = deadlineNanos - System.nanoTime();
					if (left <= 0) {
						return false;
					}
					TimeUnit.NANOSECONDS.timedWait(this, left);
				}
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.requests == 0;
		}
	}

	/**
	 * Stops the senders: requests that have not started are counted as dropped
	 * ({@code shutdown}), running ones are interrupted (which cancels their HTTP
	 * exchange; they count their events as dropped, {@code shutdown}) and awaited up to
	 * {@code waitNanos}, but at least {@link #ACCOUNTING_GRACE_NANOS}.
	 * @param waitNanos how long to wait for interrupted requests to finish their
	 * accounting
	 */
	void shutdownNow(long waitNanos) {
		List<Runnable> waiting = this.executor.shutdownNow();
		for (Runnable runnable : waiting) {
			((Request) runnable).abandon();
		}
		try {
			// an interrupted request returns within milliseconds: waiting for it at least
			// briefly, even past the deadline, lets it finish its accounting, so that the
			// stats read after close() are final (its events would otherwise count as in
			// flight and as dropped at once)
			if (!this.executor.awaitTermination(Math.max(ACCOUNTING_GRACE_NANOS, waitNanos), TimeUnit.NANOSECONDS)) {
				logger.debug("Langfuse senders still running after the shutdown deadline");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void finished(RequestBody body, int events) {
		this.events.addAndGet(-events);
		this.free.offer(body);
		synchronized (this) {
			this.requests--;
			notifyAll();
		}
	}

	/** A request handed to a sender. */
	private final class Request implements Runnable {

		private final RequestBody body;

		private final int events;

		private final Runnable post;

		Request(RequestBody body, int events, Runnable post) {
			this.body = body;
			this.events = events;
			this.post = post;
		}

		@Override
		public void run() {
			try {
				this.post.run();
			}
			catch (Throwable ex) {
				logger.warn("Langfuse request failed unexpectedly (application unaffected)", ex);
			}
			finally {
				finished(this.body, this.events);
			}
		}

		void abandon() {
			Senders.this.outcomes.dropped(DropReason.SHUTDOWN, this.events);
			finished(this.body, this.events);
		}

	}

}
