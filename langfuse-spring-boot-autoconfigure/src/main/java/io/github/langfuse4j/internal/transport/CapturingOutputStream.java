package io.github.langfuse4j.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;

/**
 * The body stream of a {@link ByteArrayRequestFactory} request. A body written in one
 * {@code write(array, off,
 * len)} call, as {@link LangfuseHttp} writes it, is not copied: the request publishes
 * that array range as it is. Anything else is collected in memory.
 */
final class CapturingOutputStream extends OutputStream {

	private byte[] array;

	private int offset;

	private int length;

	private ByteArrayOutputStream spilled;

	@Override
	public void write(byte[] bytes, int off, int len) {
		if (this.array == null && this.spilled == null) {
			this.array = bytes;
			this.offset = off;
			this.length = len;
			return;
		}
		spill().write(bytes, off, len);
	}

	@Override
	public void write(int b) {
		spill().write(b);
	}

	private ByteArrayOutputStream spill() {
		if (this.spilled == null) {
			this.spilled = new ByteArrayOutputStream(Math.max(256, this.length * 2));
			if (this.array != null) {
				this.spilled.write(this.array, this.offset, this.length);
				this.array = null;
			}
		}
		return this.spilled;
	}

	/** Publishes what was written. */
	HttpRequest.BodyPublisher publisher() {
		if (this.spilled != null) {
			return HttpRequest.BodyPublishers.ofByteArray(this.spilled.toByteArray());
		}
		if (this.array != null && this.length > 0) {
			return HttpRequest.BodyPublishers.ofByteArray(this.array, this.offset, this.length);
		}
		return HttpRequest.BodyPublishers.noBody();
	}

}
