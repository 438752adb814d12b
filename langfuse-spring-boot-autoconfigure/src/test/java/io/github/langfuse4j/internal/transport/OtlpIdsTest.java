package io.github.langfuse4j.internal.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The id mapping of the OTLP transport. */
class OtlpIdsTest {

	private static String sha256Hex(String seed, int bytes) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest, 0, bytes);
	}

	@Test
	void hexIdsPassThroughLowercased() {
		assertThat(OtlpIds.traceId("4bf92f3577b34da6a3ce929d0e0e4736")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(OtlpIds.traceId("4BF92F3577B34DA6A3CE929D0E0E4736")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(OtlpIds.spanId("00f067aa0ba902b7")).isEqualTo("00f067aa0ba902b7");
		assertThat(OtlpIds.spanId("00F067AA0BA902B7")).isEqualTo("00f067aa0ba902b7");
	}

	@Test
	void uuidTraceIdsLoseTheirDashes() {
		assertThat(OtlpIds.traceId("4BF92F35-77B3-4DA6-A3CE-929D0E0E4736"))
			.isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
	}

	@Test
	void otherIdsAreHashed() throws Exception {
		assertThat(OtlpIds.traceId("order-4711")).isEqualTo(sha256Hex("order-4711", 16));
		assertThat(OtlpIds.spanId("step/1")).isEqualTo(sha256Hex("step/1", 8));
		assertThat(OtlpIds.spanId("4bf92f35-77b3-4da6-a3ce-929d0e0e4736"))
			.isEqualTo(sha256Hex("4bf92f35-77b3-4da6-a3ce-929d0e0e4736", 8));
		assertThat(OtlpIds.rootSpanId("4bf92f3577b34da6a3ce929d0e0e4736", "n0nce", 3, "event-1"))
			.isEqualTo(sha256Hex("root:4bf92f3577b34da6a3ce929d0e0e4736:n0nce:3:event-1", 8));
		assertThat(OtlpIds.traceId("order-4711")).isEqualTo(OtlpIds.traceId("order-4711"));
		// not hex, or the wrong length: hashed
		assertThat(OtlpIds.traceId("4bf92f3577b34da6a3ce929d0e0e473g")).matches("[0-9a-f]{32}")
			.isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e473g");
		assertThat(OtlpIds.spanId("00f067aa0ba902b")).isEqualTo(sha256Hex("00f067aa0ba902b", 8));
	}

	@Test
	void allZeroIdsAreNeverProduced() throws Exception {
		assertThat(OtlpIds.traceId("00000000000000000000000000000000"))
			.isEqualTo(sha256Hex("00000000000000000000000000000000", 16));
		assertThat(OtlpIds.traceId("00000000-0000-0000-0000-000000000000")).matches("[0-9a-f]{32}")
			.isNotEqualTo("00000000000000000000000000000000");
		assertThat(OtlpIds.spanId("0000000000000000")).isEqualTo(sha256Hex("0000000000000000", 8));
	}

}
