package io.github.langfuse4j.internal.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JsonGenerator;

/**
 * Writes long ASCII string values faster than the generator does, with the same bytes
 * (the figures are in the README's distant-server section). Inputs and outputs (prose,
 * and JSON text of messages, which the OTLP contract carries inside string attributes)
 * make up most of an OTLP request, and escaping them one character at a time was the
 * largest part of the worker's time under load. Here the string's bytes are taken at once
 * ({@link String#getBytes}, a copy for ASCII), scanned eight at a time for the few bytes
 * that need a look, escaped in runs, and handed to the generator as raw UTF-8
 * ({@link JsonGenerator#writeRawUTF8String}, which adds the quotes and the separators).
 *
 * <p>
 * The escapes are the generator's (as the exporter's mapper is configured): {@code "} and
 * {@code \} with a backslash, {@code \b \t \n \f \r} in short form, other control
 * characters as {@code \}{@code u00XX} with upper-case hex digits, nothing else. Short
 * strings and strings with any non-ASCII character go to
 * {@link JsonGenerator#writeString(String)} unchanged, so that the generator's handling
 * of the rest of Unicode, lone surrogates included, stays exactly what it was.
 * {@code JsonStringsTest} compares the bytes with the generator's.
 */
final class JsonStrings {

	/** Shorter strings go to the generator: the scan would not pay for itself. */
	static final int MIN_LENGTH = 64;

	private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	/**
	 * For each ASCII byte: 0 if it is written as it is; else the letter after the
	 * backslash ({@code u} for {@code \}{@code u00XX}), or {@code ?} for a question mark,
	 * which {@link String#getBytes} also writes for a lone surrogate.
	 */
	private static final byte[] LOOK = new byte[128];

	static {
		for (int c = 0; c < 0x20; c++) {
			LOOK[c] = 'u';
		}
		LOOK['"'] = '"';
		LOOK['\\'] = '\\';
		LOOK['\b'] = 'b';
		LOOK['\t'] = 't';
		LOOK['\n'] = 'n';
		LOOK['\f'] = 'f';
		LOOK['\r'] = 'r';
		LOOK['?'] = '?';
	}

	private JsonStrings() {
	}

	/**
	 * Writes a string value, as {@link JsonGenerator#writeString(String)} would.
	 * @param json the generator
	 * @param value the string
	 */
	static void write(JsonGenerator json, String value) {
		int length = value.length();
		if (length < MIN_LENGTH) {
			json.writeString(value);
			return;
		}
		byte[] ascii = value.getBytes(StandardCharsets.UTF_8);
		if (ascii.length != length) {
			// a character took more than one byte: not ASCII
			json.writeString(value);
			return;
		}
		// one byte per character: every byte is ASCII, or a '?' for a lone surrogate
		int extra = 0;
		for (int i = next(ascii, 0); i < length; i = next(ascii, i + 1)) {
			byte look = LOOK[ascii[i]];
			if (look == '?') {
				if (value.charAt(i) != '?') {
					json.writeString(value);
					return;
				}
			}
			else {
				extra += (look == 'u') ? 5 : 1;
			}
		}
		if (extra == 0) {
			json.writeRawUTF8String(ascii, 0, length);
			return;
		}
		byte[] escaped = new byte[length + extra];
		int to = 0;
		int from = 0;
		for (int i = next(ascii, 0); i < length; i = next(ascii, i + 1)) {
			byte c = ascii[i];
			byte look = LOOK[c];
			if (look == '?') {
				continue;
			}
			System.arraycopy(ascii, from, escaped, to, i - from);
			to += i - from;
			from = i + 1;
			escaped[to++] = '\\';
			escaped[to++] = look;
			if (look == 'u') {
				escaped[to++] = '0';
				escaped[to++] = '0';
				escaped[to++] = HEX[c >> 4];
				escaped[to++] = HEX[c & 0xF];
			}
		}
		System.arraycopy(ascii, from, escaped, to, length - from);
		json.writeRawUTF8String(escaped, 0, escaped.length);
	}

	/**
	 * The index of the first byte at or after {@code from} that needs a look, or the
	 * length: eight bytes at a time while none of them may, then byte by byte.
	 */
	private static int next(byte[] ascii, int from) {
		int i = from;
		while (i + Long.BYTES <= ascii.length) {
			if (mayNeedLook((long) WORDS.get(ascii, i))) {
				for (int end = i + Long.BYTES; i < end; i++) {
					if (LOOK[ascii[i]] != 0) {
						return i;
					}
				}
			}
			else {
				i += Long.BYTES;
			}
		}
		while (i < ascii.length && LOOK[ascii[i]] == 0) {
			i++;
		}
		return i;
	}

	/**
	 * Whether any of eight ASCII bytes is a control character, a quote, a backslash or a
	 * question mark. Never misses one; may answer {@code true} for a byte next to one
	 * (the caller then looks at each byte).
	 */
	private static boolean mayNeedLook(long word) {
		long below = (word - ONES * 0x20) & ~word;
		return ((below | equal(word, '"') | equal(word, '\\') | equal(word, '?')) & HIGH_BITS) != 0;
	}

	/**
	 * The high bit of every byte of {@code word} that equals {@code c} (and maybe more).
	 */
	private static long equal(long word, char c) {
		long x = word ^ (ONES * c);
		return (x - ONES) & ~x;
	}

}
