package io.github.langfuse4j.internal.logging;

import java.io.IOException;
import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text from the application or the server is escaped and cut before it reaches a log
 * line.
 */
class LogTextTest {

	@Test
	void plainTextIsKeptAsItIs() {
		String text = "chat completion";
		assertThat(LogText.safe(text, 200)).isSameAs(text);
		assertThat(LogText.safe(null, 200)).isEqualTo("null");
	}

	@Test
	void controlCharactersAndLineSeparatorsAreEscaped() {
		assertThat(LogText.safe("a\r\nb\tc\u0000d\u001be\u007ff\u2028g\u2029h", 200))
			.isEqualTo("a\\r\\nb\\tc\\u0000d\\u001be\\u007ff\\u2028g\\u2029h");
	}

	@Test
	void longTextIsCutWithItsOriginalLength() {
		assertThat(LogText.safe("x".repeat(5_000_000), 10)).isEqualTo("xxxxxxxxxx...(5000000 chars)");
		assertThat(LogText.safe("a\nbcdef", 3)).isEqualTo("a\\nb...(7 chars)");
	}

	@Test
	void aCutNeverSplitsASurrogatePair() {
		String text = "ab\uD83D\uDE00cd";
		assertThat(LogText.safe(text, 3)).isEqualTo("ab...(6 chars)");
	}

	@Test
	void anExceptionIsNamedWithTheFirstMessageOfItsCauses() {
		IOException wrapper = new IOException(null, new ConnectException("Connection refused"));
		assertThat(LogText.of(wrapper)).isEqualTo("IOException: Connection refused");
		assertThat(LogText.of(new ConnectException())).isEqualTo("ConnectException");
		assertThat(LogText.of(new IllegalStateException("bad\nname"))).isEqualTo("IllegalStateException: bad\\nname");
	}

}
