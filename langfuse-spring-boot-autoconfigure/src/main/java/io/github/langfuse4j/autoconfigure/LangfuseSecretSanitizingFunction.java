package io.github.langfuse4j.autoconfigure;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks {@code langfuse.secret-key} and every value of {@code langfuse.headers.*} in the
 * actuator's {@code env} and {@code configprops} endpoints, also when they are set to
 * show values ({@code management.endpoint.env.show-values=always}). Every spelling is
 * matched: {@code langfuse.secret-key}, {@code langfuse.secretKey} (the bound bean
 * property) and the environment variable {@code LANGFUSE_SECRET_KEY};
 * {@code langfuse.headers.X-Token}, {@code langfuse.headers[X-Token]} and
 * {@code LANGFUSE_HEADERS_...}. All header values are masked, not only those whose name
 * looks secret: gateways carry credentials in headers of any name, and the names stay
 * visible.
 */
final class LangfuseSecretSanitizingFunction implements SanitizingFunction {

	private static final String KEY = "langfusesecretkey";

	private static final String HEADERS = "langfuse.headers";

	private static final String HEADERS_VARIABLE = "langfuse_headers";

	@Override
	public SanitizableData apply(SanitizableData data) {
		return (isSecretKey(data.getKey()) || isHeader(data.getKey())) ? data.withSanitizedValue() : data;
	}

	private static boolean isSecretKey(String key) {
		if (key == null) {
			return false;
		}
		StringBuilder letters = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (Character.isLetterOrDigit(c)) {
				letters.append(c);
			}
		}
		return letters.toString().toLowerCase(Locale.ROOT).equals(KEY);
	}

	/** {@code langfuse.headers} itself or a key below it, in any spelling. */
	private static boolean isHeader(String key) {
		if (key == null) {
			return false;
		}
		String lower = key.toLowerCase(Locale.ROOT);
		return below(lower, HEADERS, ".[") || below(lower, HEADERS_VARIABLE, "_");
	}

	private static boolean below(String key, String prefix, String separators) {
		return key.startsWith(prefix)
				&& (key.length() == prefix.length() || separators.indexOf(key.charAt(prefix.length())) >= 0);
	}

}
