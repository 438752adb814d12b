package io.github.langfuse4j.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import io.github.langfuse4j.ingest.DropReason;

/**
 * Writes items (ingestion events, OTLP spans) into request bodies and hands the requests
 * to the {@link Senders}: the one batching loop of both transports. It owns what they
 * share: each item is written on its own straight into the body, so that one that cannot
 * be written is dropped alone ({@link DropReason#SERIALIZATION}); an item larger than
 * {@link #maxItemBytes()} is truncated by the {@link Encoder} until it fits, or dropped
 * ({@link DropReason#OVERSIZE}); requests are cut so that none holds more than
 * {@code max-batch} items and no body exceeds {@code max-batch-bytes}; once the deadline
 * has passed nothing more is written and the rest is counted as dropped
 * ({@link DropReason#SHUTDOWN}); and a 413 splits a request in halves, down to a single
 * item, which is then dropped as oversize. Everything else about an answer is the
 * protocol's, told to its {@link Accounting}.
 *
 * <p>
 * The worker calls {@link #write}, {@link #send} and {@link #hold}; a sender thread posts
 * each request and accounts it ({@link Accounting#accounted}, {@link #answer},
 * {@link #resend}). Every item's events are reported exactly once: by this writer
 * (dropped) or by the accounting (sent, rejected, failed, dropped).
 *
 * @param <T> the kind of item
 */
final class BatchWriter<T> {

	/** The initial size of the array that keeps the JSON of held items. */
	private static final int HELD_INITIAL_SIZE = 64 * 1024;

	private final Senders senders;

	private final Outcomes outcomes;

	private final Encoder<T> encoder;

	private final Accounting<T> accounting;

	private final byte[] prefix;

	private final byte[] suffix;

	private final int maxBatch;

	private final int maxBatchBytes;

	private final int maxItemBytes;

	/** The request being written (worker only), or {@code null} before its first item. */
	private RequestBody body;

	/** The items written into {@link #body} so far, in order; handed over with it. */
	private List<T> written = new ArrayList<>();

	/**
	 * Items of a request that was not sent but {@linkplain #hold() held}, to be written
	 * again first.
	 */
	private List<T> held = new ArrayList<>();

	/**
	 * The JSON of the {@link #held} items, copied out of their body, so that they are
	 * written again without being encoded again; created on the first hold and reused.
	 */
	private RequestBody heldJson;

	/** The JSON bytes {@link #held} took when they were written. */
	private long heldBytes;

	/**
	 * Events given to {@link #write} and neither handed to a sender nor counted (written
	 * by the worker only).
	 */
	private volatile int unsent;

	/**
	 * Creates a writer for one protocol.
	 * @param senders the bodies and the threads that post them
	 * @param outcomes where the items this writer drops are counted
	 * @param encoder writes, truncates and counts items
	 * @param prefix the bytes before the first item of a body
	 * @param suffix the bytes after the last item of a body
	 * @param maxBatch the most items of a request
	 * @param maxBatchBytes the most bytes of a body
	 * @param maxItemBytes the most bytes of an item, see
	 * {@link #maxItemBytes(int, int, byte[], byte[])}
	 * @param accounting the protocol's rules for answers
	 */
	BatchWriter(Senders senders, Outcomes outcomes, Encoder<T> encoder, byte[] prefix, byte[] suffix, int maxBatch,
			int maxBatchBytes, int maxItemBytes, Accounting<T> accounting) {
		this.senders = senders;
		this.outcomes = outcomes;
		this.encoder = encoder;
		this.accounting = accounting;
		this.prefix = prefix;
		this.suffix = suffix;
		this.maxBatch = maxBatch;
		this.maxBatchBytes = maxBatchBytes;
		this.maxItemBytes = maxItemBytes;
	}

	/**
	 * The most bytes an item may take: {@code max-event-bytes}, but no more than fits in
	 * a request with the body's prefix and suffix.
	 * @param maxEventBytes the setting {@code max-event-bytes}
	 * @param maxBatchBytes the setting {@code max-batch-bytes}
	 * @param prefix the bytes before the first item
	 * @param suffix the bytes after the last item
	 * @return the bound, never negative
	 */
	static int maxItemBytes(int maxEventBytes, int maxBatchBytes, byte[] prefix, byte[] suffix) {
		return Math.max(0, Math.min(maxEventBytes, maxBatchBytes - prefix.length - suffix.length));
	}

	/**
	 * The most bytes an item may take.
	 * @return the bound
	 */
	int maxItemBytes() {
		return this.maxItemBytes;
	}

	/**
	 * Writes the {@linkplain #hold() held} items and then these, and hands every full
	 * request to a sender; the last request stays open for more items, {@link #send} or
	 * {@link #hold}. Never throws for an item that cannot be written: it is dropped and
	 * counted.
	 * @param items the items, in order
	 * @param deadlineNanos {@link System#nanoTime()} by which writing must have stopped,
	 * or {@link Transport#NO_DEADLINE}
	 */
	void write(List<T> items, long deadlineNanos) {
		List<T> all = items;
		// the first `copied` items are the held ones, whose JSON is in `heldJson`
		int copied = 0;
		if (!this.held.isEmpty()) {
			all = new ArrayList<>(this.held.size() + items.size());
			all.addAll(this.held);
			all.addAll(items);
			copied = this.held.size();
			this.held = new ArrayList<>();
			this.heldBytes = 0;
		}
		// the held items' events are counted already
		this.unsent += events(items);
		for (int i = 0; i < all.size(); i++) {
			if (Transport.passed(deadlineNanos)) {
				dropRest(all, i);
				break;
			}
			if (this.written.size() >= this.maxBatch) {
				submit(deadlineNanos);
			}
			if (this.body == null && !startBody(deadlineNanos)) {
				// no request finished before the deadline (or the shutdown interrupted
				// the wait)
				dropRest(all, i);
				break;
			}
			int mark = this.body.beginItem();
			T item;
			if (i < copied) {
				// written, and truncated if need be, when it was held
				this.body.writeItemOf(this.heldJson, i);
				item = all.get(i);
			}
			else {
				item = writeItem(all.get(i), mark);
				if (item == null) {
					continue;
				}
			}
			if (this.body.items() > 0 && this.body.size() + this.suffix.length > this.maxBatchBytes) {
				// the request is full without this item: send it, and begin the next one
				// with the item
				byte[] json = this.body.takeBack(mark);
				submit(deadlineNanos);
				if (!startBody(deadlineNanos)) {
					dropRest(all, i);
					break;
				}
				this.body.addItem(json);
			}
			else {
				this.body.endItem(mark);
			}
			this.written.add(item);
		}
	}

	/**
	 * Hands the open request to a sender, if it has items.
	 * @param deadlineNanos the deadline of its answer, or {@link Transport#NO_DEADLINE}
	 */
	void send(long deadlineNanos) {
		if (!this.written.isEmpty()) {
			submit(deadlineNanos);
		}
		else if (this.body != null) {
			this.senders.release(this.body);
			this.body = null;
		}
	}

	/**
	 * Does not send the open request: gives its body back and keeps its items and a copy
	 * of their JSON, to be written again (not encoded again) at the head of the next
	 * {@link #write}, so that a request in flight is not spent on a small remainder.
	 */
	void hold() {
		if (this.written.isEmpty()) {
			send(Transport.NO_DEADLINE);
			return;
		}
		this.heldBytes = this.body.size() - this.prefix.length;
		if (this.heldJson == null) {
			this.heldJson = new RequestBody(HELD_INITIAL_SIZE,
					RequestBody.retainedSize(this.maxBatchBytes, this.maxItemBytes));
		}
		this.body.copyItemsTo(this.heldJson);
		this.held = this.written;
		this.written = new ArrayList<>();
		this.senders.release(this.body);
		this.body = null;
	}

	/**
	 * How many items the open request holds.
	 * @return the number of items
	 */
	int open() {
		return this.written.size();
	}

	/**
	 * How many items are {@linkplain #hold() held}.
	 * @return the number of items
	 */
	int heldCount() {
		return this.held.size();
	}

	/**
	 * The JSON bytes of the {@linkplain #hold() held} items.
	 * @return the bytes
	 */
	long heldBytes() {
		return this.heldBytes;
	}

	/**
	 * Events given to {@link #write} (or held) and neither handed to a sender nor
	 * counted; any thread may read it.
	 * @return how many
	 */
	int unsent() {
		return this.unsent;
	}

	/**
	 * After a write has ended (even by an exception): only the held items' events are
	 * unsent.
	 */
	void settle() {
		this.unsent = events(this.held);
	}

	/**
	 * Forgets the held items without counting them.
	 * @return their events, for the caller to count
	 */
	int discardHeld() {
		int events = events(this.held);
		this.held = new ArrayList<>();
		this.heldBytes = 0;
		this.unsent = 0;
		return events;
	}

	/**
	 * An item and its JSON on their own, truncated to fit {@link #maxItemBytes()}, for a
	 * resend of an item that is not in a body (on a sender thread).
	 * @param item the item, ready to be written
	 * @return the item as it fits and its JSON, or {@code null} if it cannot be written
	 * or made to fit (then it is counted as dropped and told to
	 * {@link Accounting#dropped})
	 */
	Item<T> encode(T item) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try {
			this.encoder.write(item, out);
		}
		catch (RuntimeException ex) {
			drop(item, DropReason.SERIALIZATION, unwritable(ex));
			return null;
		}
		byte[] json = out.toByteArray();
		if (json.length <= this.maxItemBytes) {
			return new Item<>(item, json);
		}
		EventShrinker.Shrunk<T> shrunk = shrink(item, json);
		if (shrunk == null) {
			drop(item, DropReason.OVERSIZE, oversize(json.length));
			return null;
		}
		return new Item<>(shrunk.value(), shrunk.json());
	}

	/**
	 * Writes these items into {@code request} again, posts them and accounts the answer
	 * (on a sender thread).
	 * @param request the body of the request they came from, free to be written again
	 * @param chunk the items and their JSON
	 * @param deadlineNanos the deadline, or {@link Transport#NO_DEADLINE}
	 * @param attempt the number of resends of per-item errors so far
	 */
	void resend(RequestBody request, List<Item<T>> chunk, long deadlineNanos, int attempt) {
		request.start(this.prefix);
		for (Item<T> item : chunk) {
			request.addItem(item.json());
		}
		request.finish(this.suffix);
		answer(request, chunk, this.accounting.post(request, deadlineNanos), deadlineNanos, attempt);
	}

	/**
	 * Accounts the answer to a request of these items: a passed deadline and a 413 here
	 * (halves, down to a single item, dropped as oversize), everything else by the
	 * {@link Accounting#answered accounting}.
	 * @param request the request's body, free to be written again
	 * @param chunk the items and their JSON
	 * @param result the answer
	 * @param deadlineNanos the deadline, or {@link Transport#NO_DEADLINE}
	 * @param attempt the number of resends of per-item errors so far
	 */
	void answer(RequestBody request, List<Item<T>> chunk, HttpResult result, long deadlineNanos, int attempt) {
		int n = chunk.size();
		if (result == HttpResult.DEADLINE) {
			this.outcomes.dropped(DropReason.SHUTDOWN, itemEvents(chunk));
		}
		else if (result.status() == 413 && n > 1) {
			resend(request, new ArrayList<>(chunk.subList(0, n / 2)), deadlineNanos, attempt);
			resend(request, new ArrayList<>(chunk.subList(n / 2, n)), deadlineNanos, attempt);
		}
		else if (result.status() == 413) {
			this.outcomes.dropped(DropReason.OVERSIZE, itemEvents(chunk));
			this.accounting.refused(chunk.get(0), result);
		}
		else {
			this.accounting.answered(request, chunk, result, deadlineNanos, attempt);
		}
	}

	/**
	 * Takes a body for the next request; {@code false} if none became free before the
	 * deadline.
	 */
	private boolean startBody(long deadlineNanos) {
		this.body = this.senders.acquire(deadlineNanos);
		if (this.body == null) {
			return false;
		}
		this.body.start(this.prefix);
		return true;
	}

	/**
	 * Writes the item into the body, truncated to fit {@link #maxItemBytes()}. Returns
	 * the item as written, or {@code null} (dropped, counted, and rolled back to
	 * {@code mark}) if that is impossible.
	 */
	private T writeItem(T item, int mark) {
		int start = this.body.itemStart(mark);
		T prepared = item;
		try {
			prepared = this.encoder.prepare(item);
			this.encoder.write(prepared, this.body);
		}
		catch (RuntimeException ex) {
			this.body.rollback(mark);
			dropUnsent(prepared, DropReason.SERIALIZATION, unwritable(ex));
			return null;
		}
		if (this.body.size() - start <= this.maxItemBytes) {
			return prepared;
		}
		byte[] json = this.body.copyFrom(start);
		this.body.rollback(mark);
		EventShrinker.Shrunk<T> shrunk = shrink(prepared, json);
		if (shrunk == null) {
			dropUnsent(prepared, DropReason.OVERSIZE, oversize(json.length));
			return null;
		}
		this.body.beginItem();
		this.body.writeBytes(shrunk.json());
		return shrunk.value();
	}

	private EventShrinker.Shrunk<T> shrink(T item, byte[] json) {
		try {
			return this.encoder.shrink(item, json);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String unwritable(RuntimeException ex) {
		return "it cannot be written as JSON (" + ex.getClass().getSimpleName() + ")";
	}

	private String oversize(int bytes) {
		return "it is " + bytes + " bytes, more than langfuse.max-event-bytes or than a request may hold ("
				+ this.maxItemBytes + " bytes), even with input, output and metadata truncated";
	}

	private void dropUnsent(T item, DropReason reason, String why) {
		this.unsent -= this.encoder.events(item);
		drop(item, reason, why);
	}

	private void drop(T item, DropReason reason, String why) {
		this.outcomes.dropped(reason, this.encoder.events(item));
		this.accounting.dropped(item, why);
	}

	/** Counts the items from {@code from} on as dropped ({@code shutdown}). */
	private void dropRest(List<T> items, int from) {
		int events = events(items.subList(from, items.size()));
		this.outcomes.dropped(DropReason.SHUTDOWN, events);
		this.unsent -= events;
	}

	/**
	 * Hands the request written so far to a sender; the worker goes on with a new body.
	 */
	private void submit(long deadlineNanos) {
		RequestBody request = this.body;
		List<T> items = this.written;
		this.body = null;
		this.written = new ArrayList<>();
		request.finish(this.suffix);
		int events = events(items);
		this.senders.submit(request, events, () -> complete(request, items, deadlineNanos));
		this.unsent -= events;
	}

	/**
	 * Posts a written request and accounts it (on a sender thread). The common answers
	 * need only the items; a 413, or an answer the accounting cannot settle from the
	 * items alone, copies their JSON out of the body.
	 */
	private void complete(RequestBody request, List<T> items, long deadlineNanos) {
		HttpResult result = this.accounting.post(request, deadlineNanos);
		if (result == HttpResult.DEADLINE) {
			this.outcomes.dropped(DropReason.SHUTDOWN, events(items));
			return;
		}
		if (result.status() != 413 && this.accounting.accounted(items, result)) {
			return;
		}
		List<Item<T>> chunk = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			chunk.add(new Item<>(items.get(i), request.item(i)));
		}
		answer(request, chunk, result, deadlineNanos, 0);
	}

	private int events(List<T> items) {
		int events = 0;
		for (T item : items) {
			events += this.encoder.events(item);
		}
		return events;
	}

	private int itemEvents(List<Item<T>> chunk) {
		int events = 0;
		for (Item<T> item : chunk) {
			events += this.encoder.events(item.value());
		}
		return events;
	}

	/**
	 * Writes and truncates items of one kind.
	 *
	 * @param <T> the kind of item
	 */
	interface Encoder<T> {

		/**
		 * The item as it is to be written (for example with defaults applied); may throw
		 * if it cannot be.
		 * @param item the item given to {@link BatchWriter#write}
		 * @return the item to write
		 */
		default T prepare(T item) {
			return item;
		}

		/**
		 * Writes the item's JSON.
		 * @param item the item
		 * @param out where to
		 * @throws RuntimeException if it cannot be written
		 */
		void write(T item, OutputStream out);

		/**
		 * The item with its largest fields truncated until its JSON fits, and that JSON.
		 * @param item the item
		 * @param json its JSON, too large
		 * @return the item that fits and its JSON, or {@code null} if it cannot be made
		 * to fit
		 */
		EventShrinker.Shrunk<T> shrink(T item, byte[] json);

		/**
		 * How many events the item stands for, as counted in the outcomes.
		 * @param item the item
		 * @return the number of events
		 */
		int events(T item);

	}

	/**
	 * The protocol's side of a request: posting it and its rules for answers. Called on
	 * sender threads (and {@link #dropped} on the worker too).
	 *
	 * @param <T> the kind of item
	 */
	interface Accounting<T> {

		/**
		 * Posts a complete body.
		 * @param body the body
		 * @param deadlineNanos the deadline, or {@link Transport#NO_DEADLINE}
		 * @return the answer
		 */
		HttpResult post(RequestBody body, long deadlineNanos);

		/**
		 * Accounts the answer to a request as written, if the items alone are enough
		 * (never a 413 or a passed deadline).
		 * @param items the request's items
		 * @param result the answer
		 * @return {@code true} if accounted; {@code false} to have {@link #answered}
		 * called with their JSON
		 */
		boolean accounted(List<T> items, HttpResult result);

		/**
		 * Accounts any answer other than a 413 or a passed deadline: counts, logs,
		 * resends with {@link BatchWriter#resend}.
		 * @param request the request's body, free to be written again
		 * @param chunk the items and their JSON
		 * @param result the answer
		 * @param deadlineNanos the deadline, or {@link Transport#NO_DEADLINE}
		 * @param attempt the number of resends of per-item errors so far
		 */
		void answered(RequestBody request, List<Item<T>> chunk, HttpResult result, long deadlineNanos, int attempt);

		/**
		 * A single item the server refused as too large (413); its events are counted as
		 * oversize already.
		 * @param item the item and its JSON
		 * @param result the answer
		 */
		void refused(Item<T> item, HttpResult result);

		/**
		 * An item was dropped before it was sent; its events are counted already. For the
		 * log.
		 * @param item the item
		 * @param why the reason, a clause such as
		 * {@code "it cannot be written as JSON (...)"}
		 */
		void dropped(T item, String why);

	}

	/**
	 * An item and its JSON.
	 *
	 * @param <T> the kind of item
	 * @param value the item
	 * @param json its JSON
	 */
	record Item<T>(T value, byte[] json) {
	}

}
