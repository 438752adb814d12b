package io.github.langfuse4j.internal.json;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast instant writer produces exactly what {@link Instant#toString()} produces. */
class IsoInstantSerializerTest {

	@Test
	void writesWhatInstantToStringWrites() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 200_000; i++) {
			long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
			int nano = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1000;
				default -> random.nextInt(1_000_000_000);
			};
			Instant instant = Instant.ofEpochSecond(seconds, nano);
			assertThat(json(instant)).as("%s", instant).isEqualTo("\"" + instant + "\"");
		}
	}

	@Test
	void handlesEdgesAndFallsBackOutsideFourDigitYears() {
		for (String text : new String[] { "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
				"2000-02-29T12:00:00.100Z", "2024-12-31T23:59:59.000001Z", "0000-01-01T00:00:00Z",
				"9999-12-31T23:59:59.999Z" }) {
			assertThat(json(Instant.parse(text))).isEqualTo("\"" + text + "\"");
		}
		Instant far = Instant.parse("+12000-01-01T00:00:00Z");
		assertThat(json(far)).isEqualTo("\"" + far + "\"");
		Instant before = Instant.ofEpochSecond(-62_167_219_201L);
		assertThat(json(before)).isEqualTo("\"" + before + "\"");
	}

	private static String json(Instant instant) {
		return LangfuseJson.mapper().writeValueAsString(instant);
	}

}
