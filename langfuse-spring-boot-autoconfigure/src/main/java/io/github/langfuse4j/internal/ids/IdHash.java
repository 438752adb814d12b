package io.github.langfuse4j.internal.ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Derives OTLP-shaped ids from strings: the first bytes of SHA-256 in lowercase hex,
 * never all zeros. The one home of that rule, for the tracing API's
 * {@code Langfuse.traceIdFrom} and for the OTLP id mapping, so that an id derived by the
 * application and an id mapped by the exporter agree.
 */
public final class IdHash {

	private static final HexFormat LOWER_HEX = HexFormat.of();

	private IdHash() {
	}

	/**
	 * The first {@code bytes} bytes of SHA-256 of {@code seed} (UTF-8) as lowercase hex;
	 * if they are all zeros, the last digit becomes {@code 1} (an all-zero id is invalid
	 * in OTLP).
	 * @param seed any string
	 * @param bytes how many bytes to keep: 16 for a trace id, 8 for a span id
	 * @return {@code 2 * bytes} lowercase hex digits, not all zeros
	 */
	public static String sha256Hex(String seed, int bytes) {
		Objects.requireNonNull(seed, "seed must not be null");
		if (bytes < 1 || bytes > 32) {
			throw new IllegalArgumentException("bytes must be between 1 and 32, not " + bytes);
		}
		byte[] digest = sha256().digest(seed.getBytes(StandardCharsets.UTF_8));
		String hex = LOWER_HEX.formatHex(digest, 0, bytes);
		return isAllZero(hex) ? hex.substring(0, hex.length() - 1) + "1" : hex;
	}

	/**
	 * Whether every character is {@code '0'}.
	 * @param hex the digits
	 * @return {@code true} for an all-zero (or empty) id
	 */
	public static boolean isAllZero(String hex) {
		for (int i = 0; i < hex.length(); i++) {
			if (hex.charAt(i) != '0') {
				return false;
			}
		}
		return true;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
