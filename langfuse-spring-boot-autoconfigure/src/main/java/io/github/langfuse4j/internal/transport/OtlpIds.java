package io.github.langfuse4j.internal.transport;

import java.util.Locale;

import io.github.langfuse4j.internal.ids.IdHash;
import io.github.langfuse4j.internal.ids.OtlpTraceIds;

/**
 * Maps Langfuse ids to OTLP ids: 32 lowercase hex digits for a trace, 16 for a span,
 * never all zero.
 *
 * <ul>
 * <li>Trace ids: 32 hex digits pass through (lowercased); a UUID (any case) loses its
 * dashes and is lowercased; any other string becomes the first 16 bytes of SHA-256(id,
 * UTF-8) in hex.</li>
 * <li>Span (observation) ids: 16 hex digits pass through (lowercased); any other string,
 * UUIDs included, becomes the first 8 bytes of SHA-256(id, UTF-8) in hex.</li>
 * <li>A synthetic root span of a trace: the first 8 bytes of SHA-256("root:" + mapped
 * trace id + ":" + the exporter's nonce + ":" + the exporter's root sequence number + ":"
 * + the envelope id of the first {@code trace-create} merged into that root). The nonce
 * is random, made once per exporter, so two processes (or two exporters) that continue
 * one trace never send the same root span id; the sequence number keeps every root of one
 * exporter apart, also a further root for a {@code trace-create} that arrives after the
 * first root was sent.</li>
 * </ul>
 * An id that would be all zeros (the all-zero hex id itself, or a hash that starts with
 * zero bytes) is hashed instead, then has its last digit set to {@code 1} if it is still
 * all zeros. The same mapping is applied to the trace and observation ids of scores, so
 * that a score lands on the exported trace.
 */
final class OtlpIds {

	private OtlpIds() {
	}

	/**
	 * The OTLP trace id for a Langfuse trace id.
	 * @param id the Langfuse trace id
	 * @return 32 lowercase hex digits, not all zero
	 */
	static String traceId(String id) {
		return OtlpTraceIds.of(id);
	}

	/**
	 * The OTLP span id for a Langfuse observation id.
	 * @param id the Langfuse observation id
	 * @return 16 lowercase hex digits, not all zero
	 */
	static String spanId(String id) {
		if (id.length() == 16 && isHex(id, 0, 16)) {
			return nonZeroOrHash(id.toLowerCase(Locale.ROOT), id, 8);
		}
		return hash(id, 8);
	}

	/**
	 * The span id of a synthetic root span that carries a trace's own data.
	 * @param otlpTraceId the mapped trace id
	 * @param nonce the exporter's random nonce
	 * @param sequence the number of the root within the exporter
	 * @param eventId the envelope id of the first {@code trace-create} merged into the
	 * root
	 * @return 16 lowercase hex digits, not all zero
	 */
	static String rootSpanId(String otlpTraceId, String nonce, long sequence, String eventId) {
		return hash("root:" + otlpTraceId + ":" + nonce + ":" + sequence + ":" + eventId, 8);
	}

	private static String nonZeroOrHash(String hex, String id, int bytes) {
		return IdHash.isAllZero(hex) ? hash(id, bytes) : hex;
	}

	private static String hash(String seed, int bytes) {
		return IdHash.sha256Hex(seed, bytes);
	}

	private static boolean isHex(String id, int from, int to) {
		for (int i = from; i < to; i++) {
			if (!OtlpTraceIds.isHexChar(id.charAt(i))) {
				return false;
			}
		}
		return true;
	}

}
