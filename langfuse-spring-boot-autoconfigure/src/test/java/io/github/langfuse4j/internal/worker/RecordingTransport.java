package io.github.langfuse4j.internal.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.RequestObserver;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.internal.transport.Outcomes;
import io.github.langfuse4j.internal.transport.Transport;

/**
 * A {@link Transport} without HTTP for worker tests, as OpenTelemetry tests its batch
 * processor with a fake exporter: it records every batch and every call, in order, and
 * reports each batch as sent when {@code send} returns (or as {@link #report} says).
 * After {@link #hold()}, {@code send} waits (the batch then counts as pending) until
 * {@link #release()}, the deadline passes or the thread is interrupted; a batch given up
 * that way is reported as dropped ({@code shutdown}), as the HTTP transports do.
 */
final class RecordingTransport implements Transport, TransportFactory {

	private final List<List<IngestionEvent>> batches = new CopyOnWriteArrayList<>();

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private final AtomicInteger pending = new AtomicInteger();

	private volatile CountDownLatch gate = new CountDownLatch(0);

	private volatile BiConsumer<Outcomes, List<IngestionEvent>> report = (outcomes, batch) -> outcomes
		.sent(batch.size());

	private volatile Consumer<List<IngestionEvent>> onSend = (batch) -> {
	};

	private volatile Consumer<List<IngestionEvent>> onReceive = (batch) -> {
	};

	private volatile Runnable onSendPending = () -> {
	};

	private volatile Outcomes outcomes;

	private volatile RequestObserver observer;

	@Override
	public Transport create(Outcomes outcomes, RequestObserver observer) {
		this.outcomes = outcomes;
		this.observer = observer;
		return this;
	}

	/** Makes every later {@code send} wait until {@link #release()}. */
	RecordingTransport hold() {
		this.gate = new CountDownLatch(1);
		return this;
	}

	/** Lets every waiting and later {@code send} through. */
	void release() {
		this.gate.countDown();
	}

	/** Reports a batch's outcomes in another way than "all sent". */
	RecordingTransport report(BiConsumer<Outcomes, List<IngestionEvent>> report) {
		this.report = report;
		return this;
	}

	/**
	 * Runs when {@code send} is called, before the batch counts as pending, on the
	 * sending thread: the moment a real transport writes the request before it hands it
	 * to a sender.
	 */
	RecordingTransport onReceive(Consumer<List<IngestionEvent>> action) {
		this.onReceive = action;
		return this;
	}

	/** Runs after a batch was recorded and reported, on the sending thread. */
	RecordingTransport onSend(Consumer<List<IngestionEvent>> action) {
		this.onSend = action;
		return this;
	}

	/** Runs on every {@code sendPending(false)}, on the sending thread. */
	RecordingTransport onSendPending(Runnable action) {
		this.onSendPending = action;
		return this;
	}

	Outcomes outcomes() {
		return this.outcomes;
	}

	RequestObserver observer() {
		return this.observer;
	}

	/** The batches handed to {@code send}, each a copy. */
	List<List<IngestionEvent>> batches() {
		return this.batches;
	}

	List<Integer> batchSizes() {
		return this.batches.stream().map(List::size).toList();
	}

	/**
	 * Every call, in order: {@code send(n)}, {@code sendPending(false|true)},
	 * {@code shuttingDown} and so on.
	 */
	List<String> calls() {
		return this.calls;
	}

	long count(String call) {
		return this.calls.stream().filter(call::equals).count();
	}

	@Override
	public void send(List<IngestionEvent> events, long deadlineNanos) {
		List<IngestionEvent> batch = new ArrayList<>(events);
		this.calls.add("send(" + batch.size() + ")");
		this.batches.add(batch);
		this.onReceive.accept(batch);
		this.pending.addAndGet(batch.size());
		try {
			if (!await(deadlineNanos)) {
				this.outcomes.dropped(DropReason.SHUTDOWN, batch.size());
				return;
			}
			this.report.accept(this.outcomes, batch);
		}
		finally {
			this.pending.addAndGet(-batch.size());
		}
		this.onSend.accept(batch);
	}

	private boolean await(long deadlineNanos) {
		try {
			if (deadlineNanos == NO_DEADLINE) {
				this.gate.await();
				return true;
			}
			return this.gate.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void sendPending(boolean force, long deadlineNanos) {
		this.calls.add("sendPending(" + force + ")");
		if (!force) {
			this.onSendPending.run();
		}
	}

	@Override
	public void shuttingDown() {
		this.calls.add("shuttingDown");
	}

	@Override
	public boolean awaitRequests(long deadlineNanos) {
		this.calls.add("awaitRequests");
		return true;
	}

	@Override
	public void cancelRequests(long deadlineNanos) {
		this.calls.add("cancelRequests");
	}

	@Override
	public int pending() {
		return this.pending.get();
	}

	@Override
	public int discardPending() {
		this.calls.add("discardPending");
		return 0;
	}

	@Override
	public void close() {
		this.calls.add("close");
	}

}
