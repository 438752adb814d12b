package io.github.langfuse4j.ingest;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link CommonSecretsMasker} catches, and what it leaves alone. */
class CommonSecretsMaskerTest {

	private final CommonSecretsMasker masker = new CommonSecretsMasker();

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "write to alice@example.com now|write to <email> now", "a.b+tag@mail.example.co.uk|<email>",
					"card 4111 1111 1111 1111 ok|card <card> ok", "4111-1111-1111-1111|<card>",
					"4111111111111111|<card>", "amex 378282246310005|amex <card>", "mc 5500 0000 0000 0004.|mc <card>.",
					"key sk-lf-1234567890abcdef1234|key <api-key>", "sk-proj-AbCdEfGhIjKlMnOpQrSt_uv|<api-key>",
					"pk-lf-0123456789abcdef|<api-key>", "two: bob@x.io and carol@y.org|two: <email> and <email>",
					// a false positive: a timestamp that passes the Luhn check by chance
					"ts 1732700000000|ts <card>" })
	void masksWhatItCatches(String text, String expected) {
		assertThat(this.masker.mask(LangfuseMasker.Field.INPUT, text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "4111 1111 1111 1112", "order 1234567890123", "call +1 415 555 0100", "ts 1732700000001",
			"12345678901234567890123", "sk-short", "risk-assessment-policy-document", "user at example dot com",
			"@handle", "version 1.2.3", "sum 0" })
	void leavesOtherTextAlone(String text) {
		assertThat(this.masker.mask(LangfuseMasker.Field.OUTPUT, text)).isEqualTo(text);
	}

	@Test
	void masksStringsNestedInListsAndMapsButNotKeysOrNumbers() {
		Object value = Map.of("messages",
				List.of(Map.of("role", "user", "content", "my card is 4111 1111 1111 1111"), 4111111111111111L),
				"alice@example.com", true);
		assertThat(this.masker.mask(LangfuseMasker.Field.METADATA, value)).isEqualTo(
				Map.of("messages", List.of(Map.of("role", "user", "content", "my card is <card>"), 4111111111111111L),
						"alice@example.com", true));
	}

}
