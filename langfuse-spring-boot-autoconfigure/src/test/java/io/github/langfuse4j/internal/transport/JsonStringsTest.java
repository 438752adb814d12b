package io.github.langfuse4j.internal.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.internal.json.LangfuseJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonStrings} writes exactly the bytes the exporter's generator writes.
 */
class JsonStringsTest {

	private final JsonMapper mapper = LangfuseJson.mapper();

	@Test
	void everyAsciiCharacterIsWrittenAsTheGeneratorWritesIt() {
		StringBuilder all = new StringBuilder();
		for (char c = 0; c < 128; c++) {
			all.append(c).append("text around it ");
		}
		assertSameAsGenerator(all.toString());
	}

	@Test
	void proseAndJsonTextAreWrittenAsTheGeneratorWritesThem() {
		String prose = "Revenue grew by twelve percent year over year, driven by the new tier (page 4). ".repeat(20);
		assertSameAsGenerator(prose);
		assertSameAsGenerator("[{\"role\":\"user\",\"content\":\"" + prose + "\\n\\\"quoted\\\"\"}]");
		assertSameAsGenerator("What is the weather in Paris? And in Rome? ".repeat(5));
		assertSameAsGenerator("C:\\Users\\me\\file.txt\ttab\r\nline".repeat(5));
	}

	@Test
	void randomStringsAreWrittenAsTheGeneratorWritesThem() {
		Random random = new Random(42);
		String alphabet = "ab \"\\?/\n\t\u0000\u001f\u007f{}:,";
		for (int i = 0; i < 5_000; i++) {
			int length = random.nextInt(200);
			StringBuilder text = new StringBuilder(length);
			for (int j = 0; j < length; j++) {
				text.append(random.nextBoolean() ? (char) random.nextInt(128)
						: alphabet.charAt(random.nextInt(alphabet.length())));
			}
			assertSameAsGenerator(text.toString());
		}
	}

	@Test
	void nonAsciiTextIsLeftToTheGenerator() {
		String text = "Prix: 12 € – naïve café, 東京, emoji \uD83D\uDE00 and \"quotes\" ".repeat(4);
		assertSameAsGenerator(text);
	}

	@Test
	void aLoneSurrogateIsLeftToTheGenerator() {
		// String.getBytes writes a lone surrogate as '?', one byte for one character
		String broken = "a question? ".repeat(8) + "\uD800" + " end?";
		assertThat(broken.getBytes(StandardCharsets.UTF_8)).hasSize(broken.length());
		assertSameAsGenerator(broken);
	}

	private void assertSameAsGenerator(String text) {
		assertThat(write(text, JsonStrings::write)).isEqualTo(write(text, JsonGenerator::writeString));
	}

	/** The string written twice in an array, so that the separators are there too. */
	private String write(String text, BiConsumer<JsonGenerator, String> writer) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = this.mapper.createGenerator(out)) {
			json.writeStartArray();
			writer.accept(json, text);
			writer.accept(json, text);
			json.writeEndArray();
		}
		return out.toString(StandardCharsets.UTF_8);
	}

}
