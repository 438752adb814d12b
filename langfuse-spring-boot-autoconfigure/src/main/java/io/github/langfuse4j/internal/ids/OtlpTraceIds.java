package io.github.langfuse4j.internal.ids;

import java.util.Locale;

/**
 * The one rule that maps a Langfuse trace id to an OTLP trace id, shared by the OTLP
 * transport (the id it sends) and the sampler (the id it decides on), so that a trace is
 * sampled by the id OpenTelemetry would see.
 *
 * <ul>
 * <li>32 hex digits pass through (lowercased);</li>
 * <li>a UUID (any case) loses its dashes and is lowercased;</li>
 * <li>any other string, and an id that would be all zeros, becomes the first 16 bytes of
 * SHA-256(id, UTF-8) in hex ({@link IdHash}).</li>
 * </ul>
 */
public final class OtlpTraceIds {

	private OtlpTraceIds() {
	}

	/**
	 * The OTLP trace id for a Langfuse trace id.
	 * @param id the Langfuse trace id
	 * @return 32 lowercase hex digits, not all zero
	 */
	public static String of(String id) {
		if (isHex32(id)) {
			return nonZeroOrHash(id.toLowerCase(Locale.ROOT), id);
		}
		if (isUuid(id)) {
			String hex = (id.substring(0, 8) + id.substring(9, 13) + id.substring(14, 18) + id.substring(19, 23)
					+ id.substring(24))
				.toLowerCase(Locale.ROOT);
			return nonZeroOrHash(hex, id);
		}
		return IdHash.sha256Hex(id, 16);
	}

	/**
	 * The lower 64 bits of the OTLP trace id for a Langfuse trace id, the part
	 * OpenTelemetry's ratio sampler decides on. Reads the digits in place for the two
	 * common shapes (32 hex digits, UUID), so that it allocates nothing for them; any
	 * other id is hashed first.
	 * @param id the Langfuse trace id
	 * @return the last 16 hex digits of {@link #of(String)} as a signed long
	 */
	public static long lowerBits(String id) {
		if (isHex32(id) && !allZero(id, 0, 32)) {
			return parseHex(id, 16, 32, 0);
		}
		if (isUuid(id) && !(allZero(id, 0, 8) && allZero(id, 9, 13) && allZero(id, 14, 18) && allZero(id, 19, 23)
				&& allZero(id, 24, 36))) {
			return parseHex(id, 24, 36, parseHex(id, 19, 23, 0));
		}
		return parseHex(of(id), 16, 32, 0);
	}

	private static String nonZeroOrHash(String hex, String id) {
		return IdHash.isAllZero(hex) ? IdHash.sha256Hex(id, 16) : hex;
	}

	private static long parseHex(String digits, int from, int to, long start) {
		long value = start;
		for (int i = from; i < to; i++) {
			value = (value << 4) | Character.digit(digits.charAt(i), 16);
		}
		return value;
	}

	private static boolean allZero(String id, int from, int to) {
		for (int i = from; i < to; i++) {
			if (id.charAt(i) != '0') {
				return false;
			}
		}
		return true;
	}

	private static boolean isHex32(String id) {
		if (id.length() != 32) {
			return false;
		}
		for (int i = 0; i < 32; i++) {
			if (!isHexChar(id.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isUuid(String id) {
		if (id.length() != 36) {
			return false;
		}
		for (int i = 0; i < 36; i++) {
			char c = id.charAt(i);
			boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
			if (dash ? c != '-' : !isHexChar(c)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a character is a hex digit.
	 * @param c the character
	 * @return {@code true} for 0-9, a-f and A-F
	 */
	public static boolean isHexChar(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

}
