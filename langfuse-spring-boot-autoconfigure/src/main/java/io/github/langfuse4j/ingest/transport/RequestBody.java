package io.github.langfuse4j.ingest.transport;

import java.io.ByteArrayOutputStream;

/**
 * A transport's reusable request body buffer. {@link LangfuseHttp} hands its array and length to the HTTP client
 * without copying; the transport refills it only after the request has completed.
 */
final class RequestBody extends ByteArrayOutputStream {

	RequestBody(int initialSize) {
		super(initialSize);
	}

	/** The internal array; its first {@link #size()} bytes are the body. */
	byte[] array() {
		return this.buf;
	}

}
