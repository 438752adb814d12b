package io.github.langfuse4j.internal.ids;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The one SHA-256 id rule: known digests, lowercase, cut to the asked length, never all
 * zeros.
 */
class IdHashTest {

	@Test
	void keepsTheFirstBytesOfSha256InLowercaseHex() {
		// SHA-256("abc") =
		// ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2)
		assertThat(IdHash.sha256Hex("abc", 16)).isEqualTo("ba7816bf8f01cfea414140de5dae2223");
		assertThat(IdHash.sha256Hex("abc", 8)).isEqualTo("ba7816bf8f01cfea");
	}

	@Test
	void hashesUtf8() {
		// SHA-256 of the UTF-8 bytes of "é" (c3 a9) starts with 0x4a 0x99 (the Latin-1
		// byte e9 would hash otherwise)
		assertThat(IdHash.sha256Hex("\u00e9", 2)).isEqualTo("4a99");
	}

	@Test
	void anAllZeroPrefixEndsInOne() {
		// find a seed whose digest starts with a zero byte, then keep only that byte
		String seed = null;
		for (int i = 0; seed == null; i++) {
			if (IdHash.sha256Hex("seed-" + i, 2).startsWith("00")) {
				seed = "seed-" + i;
			}
		}
		assertThat(IdHash.sha256Hex(seed, 1)).isEqualTo("01");
		assertThat(IdHash.isAllZero("0000")).isTrue();
		assertThat(IdHash.isAllZero("0010")).isFalse();
	}

	@Test
	void refusesLengthsSha256DoesNotHave() {
		assertThatIllegalArgumentException().isThrownBy(() -> IdHash.sha256Hex("x", 0));
		assertThatIllegalArgumentException().isThrownBy(() -> IdHash.sha256Hex("x", 33));
	}

}
