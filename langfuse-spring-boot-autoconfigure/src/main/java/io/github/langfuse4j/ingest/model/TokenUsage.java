package io.github.langfuse4j.ingest.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Usage details of a model call counted in tokens, {@code input}, {@code output} and
 * {@code total} in this order: an unmodifiable map of three counts, valid by
 * construction, that the model keeps without copying or checking it again. Its entries
 * are only made when it is read (by the exporter, on its own thread), so recording usage
 * costs the application one small object.
 */
final class TokenUsage extends AbstractMap<String, Integer> {

	private final int input;

	private final int output;

	private final int total;

	TokenUsage(int input, int output) {
		if (input < 0 || output < 0) {
			throw new IllegalArgumentException(
					"token counts must not be negative: input " + input + ", output " + output);
		}
		this.input = input;
		this.output = output;
		this.total = Math.addExact(input, output);
	}

	@Override
	public Set<Entry<String, Integer>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<Entry<String, Integer>> iterator() {
				return List
					.of(Map.entry("input", TokenUsage.this.input), Map.entry("output", TokenUsage.this.output),
							Map.entry("total", TokenUsage.this.total))
					.iterator();
			}

			@Override
			public int size() {
				return 3;
			}

		};
	}

	@Override
	public int size() {
		return 3;
	}

}
