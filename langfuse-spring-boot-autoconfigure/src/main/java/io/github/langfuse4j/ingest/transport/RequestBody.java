package io.github.langfuse4j.ingest.transport;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A transport's reusable request body buffer: a prefix, items separated by commas, a suffix. The transports write
 * each item straight into it (no array per item) and it remembers where each item lies, so that an item that
 * fails to write is rolled back alone and the items of a request can still be copied out when the server asks
 * for a resend or a split. {@link LangfuseHttp} hands its array and length to the HTTP client without copying;
 * the transport refills it only after the request has completed.
 */
final class RequestBody extends ByteArrayOutputStream {

	private int[] starts = new int[128];

	private int[] ends = new int[128];

	private int items;

	RequestBody(int initialSize) {
		super(initialSize);
	}

	/** Empties the body and writes {@code prefix}. */
	void start(byte[] prefix) {
		reset();
		this.items = 0;
		writeBytes(prefix);
	}

	/**
	 * Begins the next item: writes the separating comma if it is not the first.
	 * @return the mark to {@link #endItem(int) end} or {@link #rollback(int) roll back} the item with
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
	 * Takes the item begun at {@code mark} back out of the body, for the next request.
	 * @return its JSON
	 */
	byte[] takeBack(int mark) {
		byte[] json = copyFrom(itemStart(mark));
		rollback(mark);
		return json;
	}

	/** Removes everything written since {@code mark}: the item begun there, and its comma. */
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

	/** The internal array; its first {@link #size()} bytes are the body. */
	byte[] array() {
		return this.buf;
	}

}
