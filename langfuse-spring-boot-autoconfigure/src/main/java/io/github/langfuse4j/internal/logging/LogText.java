package io.github.langfuse4j.internal.logging;

/**
 * Makes a string that came from the application or from the server safe for a log line:
 * control characters (carriage return, line feed, tab and the others, and the Unicode
 * line and paragraph separators) are escaped so that no text can start a forged log line,
 * and the text is cut to a length with its original length noted. Internal: used by the
 * exporter's packages for every name, id, type, server message and exception message that
 * reaches a log line.
 */
public final class LogText {

	/** Most characters of a name, an id or a type in a log line. */
	public static final int NAME = 200;

	/**
	 * Most characters of a server's error message or an exception's message in a log
	 * line.
	 */
	public static final int MESSAGE = 300;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private LogText() {
	}

	/**
	 * The text escaped and cut to at most {@code max} characters (before escaping), for a
	 * log line.
	 * @param text the text, may be {@code null}
	 * @param max the most characters of the text to keep
	 * @return the safe text: {@code "null"} for {@code null}; a cut text ends with
	 * {@code "...(N chars)"}
	 */
	public static String safe(String text, int max) {
		if (text == null) {
			return "null";
		}
		int end = Math.min(text.length(), Math.max(0, max));
		if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
			end--; // never split a surrogate pair
		}
		StringBuilder out = null;
		for (int i = 0; i < end; i++) {
			char c = text.charAt(i);
			if (needsEscape(c)) {
				if (out == null) {
					out = new StringBuilder(end + 16).append(text, 0, i);
				}
				escape(c, out);
			}
			else if (out != null) {
				out.append(c);
			}
		}
		if (end == text.length()) {
			return (out != null) ? out.toString() : text;
		}
		if (out == null) {
			out = new StringBuilder(end + 24).append(text, 0, end);
		}
		return out.append("...(").append(text.length()).append(" chars)").toString();
	}

	/**
	 * An exception for a log line: its simple type name and its message (or its first
	 * cause's message when it has none), escaped and cut.
	 * @param ex the exception
	 * @return for example {@code "IllegalArgumentException: name must not be blank"}
	 */
	public static String of(Throwable ex) {
		String message = message(ex);
		return ex.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/**
	 * The message of the exception or of its first cause that has one, escaped and cut;
	 * {@code null} if none has.
	 */
	public static String message(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t.getMessage() != null) {
				return safe(t.getMessage(), MESSAGE);
			}
		}
		return null;
	}

	private static boolean needsEscape(char c) {
		return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
	}

	private static void escape(char c, StringBuilder out) {
		switch (c) {
			case '\r' -> out.append("\\r");
			case '\n' -> out.append("\\n");
			case '\t' -> out.append("\\t");
			default -> out.append("\\u")
				.append(HEX[(c >> 12) & 0xf])
				.append(HEX[(c >> 8) & 0xf])
				.append(HEX[(c >> 4) & 0xf])
				.append(HEX[c & 0xf]);
		}
	}

}
