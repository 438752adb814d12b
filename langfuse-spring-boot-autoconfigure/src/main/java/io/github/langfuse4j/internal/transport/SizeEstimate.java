package io.github.langfuse4j.internal.transport;

import java.util.Collection;
import java.util.Map;

import io.github.langfuse4j.ingest.model.LenientValue;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.TraceBody;

/**
 * A cheap estimate of how many bytes a buffered body holds, used to bound the span
 * buffer. It walks the free-form values (strings and rendered JSON count their length,
 * containers their elements) instead of serializing them. The OTLP transport renders
 * every structured value to JSON text before an event enters the buffer
 * ({@link SpanValues}), so there the estimate is the text's length plus a small fixed
 * overhead per value.
 */
final class SizeEstimate {

	private static final int FIXED = 256;

	private static final int MAX_DEPTH = 16;

	private SizeEstimate() {
	}

	/**
	 * Estimates an observation body.
	 * @param body the body
	 * @return the estimate in bytes
	 */
	static long of(ObservationBody body) {
		return FIXED + value(body.input(), 0) + value(body.output(), 0) + value(body.metadata(), 0)
				+ value(body.modelParameters(), 0) + value(body.statusMessage(), 0) + value(body.name(), 0);
	}

	/**
	 * Estimates a trace body.
	 * @param body the body
	 * @return the estimate in bytes
	 */
	static long of(TraceBody body) {
		return FIXED + value(body.input(), 0) + value(body.output(), 0) + value(body.metadata(), 0)
				+ value(body.tags(), 0) + value(body.name(), 0);
	}

	private static long value(Object value, int depth) {
		if (value == null) {
			return 0;
		}
		if (value instanceof CharSequence text) {
			return 8 + text.length();
		}
		if (value instanceof RenderedJson rendered) {
			return 24 + rendered.json().length();
		}
		if (value instanceof LenientValue lenient) {
			return 16 + value(lenient.value(), depth);
		}
		if (depth >= MAX_DEPTH) {
			return 64;
		}
		if (value instanceof Map<?, ?> map) {
			long size = 16;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				size += value(entry.getKey(), depth + 1) + value(entry.getValue(), depth + 1);
			}
			return size;
		}
		if (value instanceof Collection<?> collection) {
			long size = 16;
			for (Object element : collection) {
				size += value(element, depth + 1);
			}
			return size;
		}
		return 16;
	}

}
