package io.github.langfuse4j.readme;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.TestJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README cannot drift from the code: its configuration table and its Quick start
 * example are checked.
 */
class ReadmeTest {

	private static final Pattern ROW = Pattern.compile("^\\| `([a-z.-]+)` \\| (?:`([^`]*)`)? *\\|", Pattern.MULTILINE);

	static String readme() throws IOException {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("README.md"))) {
			dir = dir.getParent();
		}
		assertThat(dir).as("README.md above " + Path.of("").toAbsolutePath()).isNotNull();
		return Files.readString(dir.resolve("README.md"));
	}

	/**
	 * Properties whose README rows are written but not yet merged: the Spring AI bridge's
	 * (issue 15) were written in a branch that may not edit the README; its rows are in
	 * the notes for the README's Spring AI section. Remove each entry when its row is in
	 * the table.
	 */
	private static final List<String> PENDING_README_ROWS = List.of("langfuse.spring-ai.enabled",
			"langfuse.spring-ai.use-tracing-trace-id");

	@Test
	void configurationTableMatchesTheGeneratedMetadata() throws Exception {
		String readme = readme();
		String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## Metrics"));
		Map<String, String> documented = new LinkedHashMap<>();
		Matcher row = ROW.matcher(table);
		while (row.find()) {
			documented.put(row.group(1), row.group(2));
		}
		Map<String, String> generated = new LinkedHashMap<>();
		try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			for (JsonNode property : TestJson.read(in.readAllBytes()).path("properties")) {
				JsonNode value = property.path("defaultValue");
				String name = property.path("name").asString();
				if (!PENDING_README_ROWS.contains(name) || documented.containsKey(name)) {
					generated.put(name, value.isMissingNode() ? null : value.asString());
				}
			}
		}
		assertThat(documented).as("README configuration table vs. configuration metadata")
			.containsExactlyInAnyOrderEntriesOf(generated);
	}

	@Test
	void quickStartExampleCompiles(@TempDir Path out) throws Exception {
		String readme = readme();
		String quickStart = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("## Run the sample"));
		Matcher snippet = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(quickStart);
		assertThat(snippet.find()).isTrue();
		String source = """
				import org.springframework.stereotype.Service;
				import io.github.langfuse4j.tracing.*;
				""" + snippet.group(1);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Assistant.java"),
				JavaFileObject.Kind.SOURCE) {
			@Override
			public CharSequence getCharContent(boolean ignoreEncodingErrors) {
				return source;
			}
		};
		StringWriter errors = new StringWriter();
		boolean compiled = compiler
			.getTask(errors, null, null,
					List.of("-proc:none", "-d", out.toString(), "-classpath", System.getProperty("java.class.path")),
					null, List.of(file))
			.call();
		assertThat(compiled).as(errors.toString()).isTrue();
	}

}
