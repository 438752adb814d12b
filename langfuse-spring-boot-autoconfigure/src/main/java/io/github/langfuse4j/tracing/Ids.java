package io.github.langfuse4j.tracing;

import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import io.github.langfuse4j.internal.ids.IdHash;

/**
 * Ids in OTLP form: 32 lowercase hex characters for traces (and event and score ids), 16
 * for observations, never all zeros. Random ids come from {@link ThreadLocalRandom}: they
 * must be unique, not secret.
 */
final class Ids {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final HexFormat LOWER_HEX = HexFormat.of();

	private Ids() {
	}

	static String traceId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high;
		long low;
		do {
			high = random.nextLong();
			low = random.nextLong();
		}
		while (high == 0 && low == 0);
		char[] chars = new char[32];
		hex(high, chars, 0);
		hex(low, chars, 16);
		return new String(chars);
	}

	static String observationId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long value;
		do {
			value = random.nextLong();
		}
		while (value == 0);
		// HexFormat builds the string on its own byte array: one array, where char[] +
		// new String(chars) makes two
		return LOWER_HEX.toHexDigits(value);
	}

	/** Ids of events and scores; the same form as trace ids. */
	static String eventId() {
		return traceId();
	}

	static String traceIdFrom(String seed) {
		return IdHash.sha256Hex(seed, 16);
	}

	static String requireTraceId(String id) {
		Objects.requireNonNull(id, "id must not be null");
		if (!isHex(id, 32)) {
			throw new IllegalArgumentException("id must be a trace id of 32 lowercase hex characters, not all zeros, "
					+ "but was '" + id + "'; use Langfuse.traceIdFrom(String) to derive one from any string");
		}
		return id;
	}

	static boolean isHex(String id, int length) {
		if (id.length() != length) {
			return false;
		}
		boolean nonZero = false;
		for (int i = 0; i < length; i++) {
			char c = id.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
			nonZero |= c != '0';
		}
		return nonZero;
	}

	private static void hex(long value, char[] chars, int offset) {
		for (int i = 15; i >= 0; i--) {
			chars[offset + i] = HEX[(int) (value & 0xf)];
			value >>>= 4;
		}
	}

}
