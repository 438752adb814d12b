package io.github.langfuse4j.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A transport's reusable request body buffer: a prefix, items separated by commas, a
 * suffix. The transports write each item straight into it (no array per item) and it
 * remembers where each item lies, so that an item that fails to write is rolled back
 * alone and the items of a request can still be copied out when the server asks for a
 * resend or a split. {@link LangfuseHttp} hands its array and length to the HTTP client
 * without copying; the transport refills it only after the request has completed.
 *
 * <p>
 * The array grows with the largest body written into it. So that one unusually large
 * request (an oversized event is written whole before it is truncated) does not keep its
 * array until shutdown, {@link #start} goes back to an array of the initial size when the
 * array has grown beyond the retained size.
 */
final class RequestBody extends ByteArrayOutputStream {

	private static final byte[] NO_BYTES = new byte[0];

	private int[] starts = new int[128];

	private int[] ends = new int[128];

	private int items;

	private final int initialSize;

	private final int retainedSize;

	/** The gzipped body, created on first use and reused with this body. */
	private RequestBody gzipped;

	/** A body that keeps whatever array it grew to. */
	RequestBody(int initialSize) {
		this(initialSize, Integer.MAX_VALUE);
	}

	/**
	 * Creates an empty body.
	 * @param initialSize the size of the array to start with and to go back to
	 * @param retainedSize the largest array kept from one request to the next
	 */
	RequestBody(int initialSize, int retainedSize) {
		super(initialSize);
		this.initialSize = initialSize;
		this.retainedSize = Math.max(initialSize, retainedSize);
	}

	/**
	 * The retained size for a transport: what requests of events that fit need, with the
	 * slack of an array that grows by doubling: twice {@code max-batch-bytes} plus
	 * {@code max-event-bytes} (a full request and the item that did not fit). A larger
	 * array means an event larger than {@code max-event-bytes} was written whole.
	 * @param maxBatchBytes the most bytes of a request
	 * @param maxEventBytes the most bytes of an event
	 * @return the retained size
	 */
	static int retainedSize(int maxBatchBytes, int maxEventBytes) {
		return (int) Math.min(Integer.MAX_VALUE - 8, 2 * ((long) maxBatchBytes + maxEventBytes));
	}

	/**
	 * Empties the body (giving back an array grown beyond the retained size) and writes
	 * {@code prefix}.
	 */
	void start(byte[] prefix) {
		if (this.buf.length > this.retainedSize) {
			this.buf = new byte[this.initialSize];
		}
		reset();
		this.items = 0;
		writeBytes(prefix);
	}

	/**
	 * Begins the next item: writes the separating comma if it is not the first.
	 * @return the mark to {@link #endItem(int) end} or {@link #rollback(int) roll back}
	 * the item with
	 */
	int beginItem() {
		int mark = this.count;
		if (this.items > 0) {
			write(',');
		}
		return mark;
	}

	/** Where the JSON of the item begun at {@code mark} starts (after its comma). */
	int itemStart(int mark) {
		return (this.items > 0) ? mark + 1 : mark;
	}

	/** Records the item begun at {@code mark} as everything written since. */
	void endItem(int mark) {
		if (this.items == this.starts.length) {
			this.starts = Arrays.copyOf(this.starts, this.items * 2);
			this.ends = Arrays.copyOf(this.ends, this.items * 2);
		}
		this.starts[this.items] = itemStart(mark);
		this.ends[this.items] = this.count;
		this.items++;
	}

	/** Writes a whole item given as JSON. */
	void addItem(byte[] json) {
		int mark = beginItem();
		writeBytes(json);
		endItem(mark);
	}

	/**
	 * Writes item {@code index} of {@code source} without its comma; begin and end it
	 * like an item written in place ({@link #beginItem()}, {@link #endItem(int)}).
	 * @param source another body
	 * @param index which of its items
	 */
	void writeItemOf(RequestBody source, int index) {
		int from = source.starts[index];
		write(source.buf, from, source.ends[index] - from);
	}

	/**
	 * Replaces what {@code target} holds by copies of the items recorded here since
	 * {@link #start}, without prefix or suffix, so that they can be written into another
	 * request without being encoded again. The target keeps its array from one copy to
	 * the next.
	 * @param target the body to copy into
	 */
	void copyItemsTo(RequestBody target) {
		target.start(NO_BYTES);
		for (int i = 0; i < this.items; i++) {
			int mark = target.beginItem();
			target.write(this.buf, this.starts[i], this.ends[i] - this.starts[i]);
			target.endItem(mark);
		}
	}

	/**
	 * Takes the item begun at {@code mark} back out of the body, for the next request.
	 * @return its JSON
	 */
	byte[] takeBack(int mark) {
		byte[] json = copyFrom(itemStart(mark));
		rollback(mark);
		return json;
	}

	/**
	 * Removes everything written since {@code mark}: the item begun there, and its comma.
	 */
	void rollback(int mark) {
		this.count = mark;
	}

	/** Appends {@code suffix}; the body is complete. */
	void finish(byte[] suffix) {
		writeBytes(suffix);
	}

	/** The number of items recorded since {@link #start}. */
	int items() {
		return this.items;
	}

	/** A copy of the JSON of item {@code index}. */
	byte[] item(int index) {
		return Arrays.copyOfRange(this.buf, this.starts[index], this.ends[index]);
	}

	/** A copy of the bytes from {@code from} to the end. */
	byte[] copyFrom(int from) {
		return Arrays.copyOfRange(this.buf, from, this.count);
	}

	/**
	 * The body gzipped (deflate level 1, the fastest: it saves most of what level 6 saves
	 * at a fraction of the CPU) into a second buffer that belongs to this body and is
	 * overwritten by the next call.
	 * @return the gzipped bytes
	 */
	RequestBody gzip() {
		if (this.gzipped == null) {
			this.gzipped = new RequestBody(Math.max(1024, this.count / 4), this.retainedSize);
		}
		this.gzipped.start(NO_BYTES);
		try (GZIPOutputStream out = new GZIPOutputStream(this.gzipped, 8192) {
			{
				this.def.setLevel(Deflater.BEST_SPEED);
			}
		}) {
			out.write(this.buf, 0, this.count);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex); // not thrown by an in-memory stream
		}
		return this.gzipped;
	}

	/** The size of the internal array. */
	int capacity() {
		return this.buf.length;
	}

	/** The internal array; its first {@link #size()} bytes are the body. */
	byte[] array() {
		return this.buf;
	}

}
