package io.github.langfuse4j.autoconfigure;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks {@code langfuse.secret-key} in the actuator's {@code env} and {@code configprops}
 * endpoints, also when they are set to show values
 * ({@code management.endpoint.env.show-values=always}). Every spelling of the key is
 * matched: {@code langfuse.secret-key}, {@code langfuse.secretKey} (the bound bean
 * property) and the environment variable {@code LANGFUSE_SECRET_KEY}.
 */
final class LangfuseSecretSanitizingFunction implements SanitizingFunction {

	private static final String KEY = "langfusesecretkey";

	@Override
	public SanitizableData apply(SanitizableData data) {
		return isSecretKey(data.getKey()) ? data.withSanitizedValue() : data;
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

}
