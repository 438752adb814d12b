package io.github.langfuse4j.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A small ready-made {@link LangfuseMasker} for three patterns, in every string of a
 * value (nested lists and maps included, map keys excepted); with the starter, turn it on
 * with {@code langfuse.masking.common-secrets=true}.
 *
 * <ul>
 * <li><b>E-mail addresses</b>, {@code name@domain.tld} (letters, digits and
 * {@code . _ % + -} before the {@code @}; a domain with at least one dot and a top-level
 * part of two or more letters), become {@code <email>}.</li>
 * <li><b>Payment card numbers</b>: 13 to 19 digits, written together or in groups
 * separated by single spaces or dashes, not part of a longer run of digits, and passing
 * the Luhn check, become {@code <card>}. A digit run that fails the check is left alone;
 * one in ten arbitrary runs of that length (an order number, a millisecond timestamp)
 * passes it by chance and is masked too.</li>
 * <li><b>API keys</b> of the {@code sk-}/{@code pk-} style: {@code sk-} or {@code pk-}
 * followed by at least 16 letters, digits, {@code _} or {@code -} (Langfuse
 * {@code sk-lf-...}, OpenAI {@code sk-proj-...}, Anthropic {@code sk-ant-...}), become
 * {@code <api-key>}.</li>
 * </ul>
 * It does not catch anything else: not names, postal addresses, phone numbers, national
 * ids, IBANs, passwords, JWTs, bearer tokens, cloud keys of other shapes, card numbers
 * split other ways, or e-mail addresses written with {@code " at "}. Write a masker of
 * your own for those; this one runs after yours.
 */
public final class CommonSecretsMasker implements LangfuseMasker {

	private static final Pattern EMAIL = Pattern
		.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

	/**
	 * 13-19 digits, optionally in groups split by one space or dash; not inside digits.
	 */
	private static final Pattern CARD = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");

	private static final Pattern API_KEY = Pattern.compile("(?<![A-Za-z0-9_-])(?:sk|pk)-[A-Za-z0-9_-]{16,}");

	@Override
	public @Nullable Object mask(Field field, Object value) {
		return LangfuseMasker.mapStrings(value, CommonSecretsMasker::maskText);
	}

	/**
	 * Masks the three patterns in one string.
	 * @param text the string
	 * @return the string with every match replaced
	 */
	static String maskText(String text) {
		String masked = API_KEY.matcher(text).replaceAll("<api-key>");
		masked = EMAIL.matcher(masked).replaceAll("<email>");
		Matcher cards = CARD.matcher(masked);
		StringBuilder out = null;
		int last = 0;
		while (cards.find()) {
			if (luhn(cards.group())) {
				if (out == null) {
					out = new StringBuilder(masked.length());
				}
				out.append(masked, last, cards.start()).append("<card>");
				last = cards.end();
			}
		}
		if (out == null) {
			return masked;
		}
		return out.append(masked, last, masked.length()).toString();
	}

	/** The Luhn check over the digits of a candidate, separators skipped. */
	private static boolean luhn(String candidate) {
		int sum = 0;
		boolean doubled = false;
		for (int i = candidate.length() - 1; i >= 0; i--) {
			char c = candidate.charAt(i);
			if (c < '0' || c > '9') {
				continue;
			}
			int digit = c - '0';
			if (doubled) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
			doubled = !doubled;
		}
		return sum % 10 == 0;
	}

	@Override
	public String toString() {
		return "CommonSecretsMasker[email, card (Luhn), sk-/pk- api key]";
	}

}
