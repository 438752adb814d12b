package io.github.langfuse4j.internal.model;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.TraceBody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The compact map behaves as an unmodifiable {@code LinkedHashMap}, and a built map never
 * changes, whatever its builder does next: what lets the wire model keep it uncopied.
 */
class CompactMapTest {

	@Test
	void aLargeMapKeepsOrderAndReplacesKeysPutAgainAsALinkedHashMapDoes() {
		// past INDEXED_ABOVE entries keys are found through an index: the result must not
		// change
		CompactMap.Builder<Object> builder = CompactMap.builder(4);
		Map<String, Object> expected = new java.util.LinkedHashMap<>();
		java.util.Random random = new java.util.Random(7);
		for (int i = 0; i < 20_000; i++) {
			String key = "k" + random.nextInt(5_000);
			builder.put(key, i);
			expected.put(key, i);
			if (i == 10) {
				// a built map does not change when the builder goes on
				Map<String, Object> early = builder.build();
				assertThat(early).hasSize(builder.size());
			}
		}
		Map<String, Object> built = builder.build();
		assertThat(built).containsExactlyEntriesOf(expected);
		assertThat(built.get("k42")).isEqualTo(expected.get("k42"));
	}

	@Test
	void keepsInsertionOrderAndAKeyPutAgainKeepsItsPlace() {
		Map<String, Object> map = CompactMap.builder(1)
			.put("role", "user")
			.put("content", "hi")
			.put("role", "assistant")
			.put("name", null)
			.build();
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("role", "assistant");
		expected.put("content", "hi");
		expected.put("name", null);
		assertThat(map).containsExactly(Map.entry("role", "assistant"), Map.entry("content", "hi"),
				new AbstractMap.SimpleEntry<>("name", null));
		assertThat(map).isEqualTo(expected).hasSameHashCodeAs(expected).hasToString(expected.toString());
		assertThat(map.get("content")).isEqualTo("hi");
		assertThat(map.get("missing")).isNull();
		assertThat(map.get(null)).isNull();
		assertThat(map.containsKey("name")).isTrue();
		assertThat(map.containsValue(null)).isTrue();
		assertThat(map.containsValue("user")).isFalse();
	}

	@Test
	void isUnmodifiable() {
		Map<String, Object> map = CompactMap.builder(2).put("a", 1).build();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> map.put("b", 2));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> map.remove("a"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(map::clear);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> map.entrySet().iterator().next().setValue(3));
		assertThat(map).containsExactly(Map.entry("a", 1));
	}

	@Test
	void aBuiltMapDoesNotChangeWhenItsBuilderGoesOn() {
		CompactMap.Builder<Object> builder = CompactMap.builder(4);
		CompactMap<Object> first = builder.put("a", 1).build();
		builder.put("a", 2).put("b", 3);
		CompactMap<Object> second = builder.build();
		builder.put("b", 4);
		assertThat(first).containsExactly(Map.entry("a", 1));
		assertThat(second).containsExactly(Map.entry("a", 2), Map.entry("b", 3));
		assertThat(builder.build()).containsExactly(Map.entry("a", 2), Map.entry("b", 4));
	}

	@Test
	void keysMustNotBeNull() {
		assertThatNullPointerException().isThrownBy(() -> CompactMap.builder(1).put(null, 1))
			.withMessageContaining("key");
		Map<String, Object> withNullKey = new LinkedHashMap<>();
		withNullKey.put(null, 1);
		assertThatNullPointerException().isThrownBy(() -> CompactMap.copyOf(withNullKey)).withMessageContaining("key");
	}

	@Test
	void ofTakesDistinctKeysInOrder() {
		assertThat(CompactMap.of("a", 1, "b", null)).containsExactly(Map.entry("a", 1),
				new AbstractMap.SimpleEntry<>("b", null));
		assertThat(CompactMap.of("c", 3, "b", 2, "a", 1)).containsExactly(Map.entry("c", 3), Map.entry("b", 2),
				Map.entry("a", 1));
		assertThat(CompactMap.of("a", 1, "b", 2, "c", 3, "d", 4)).containsOnlyKeys("a", "b", "c", "d");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> CompactMap.of("a", 1, "a", 2))
			.withMessageContaining("duplicate key: a");
		assertThatNullPointerException().isThrownBy(() -> CompactMap.of("a", 1, null, 2, "c", 3))
			.withMessageContaining("key");
	}

	@Test
	void copyOfCopiesAnyOtherMapAndKeepsACompactOne() {
		Map<String, Integer> original = new LinkedHashMap<>();
		original.put("b", 2);
		original.put("a", 1);
		CompactMap<Integer> copy = CompactMap.copyOf(original);
		original.put("c", 3);
		assertThat(copy).containsExactly(Map.entry("b", 2), Map.entry("a", 1));
		assertThat(CompactMap.copyOf(copy)).isSameAs(copy);
	}

	@Test
	void theWireModelKeepsACompactMapWithoutCopyingIt() {
		Map<String, Object> metadata = CompactMap.builder(1).put("k", "v").build();
		Map<String, Object> input = CompactMap.builder(1).put("role", "user").build();
		ObservationBody body = ObservationBody.builder("o").metadata(metadata).input(input).output(input).build();
		assertThat(body.metadata()).isSameAs(metadata);
		assertThat(body.input()).isSameAs(input);
		assertThat(body.output()).isSameAs(input);
		TraceBody trace = TraceBody.builder("t").metadata(metadata).input(input).build();
		assertThat(trace.metadata()).isSameAs(metadata);
		assertThat(trace.input()).isSameAs(input);
	}

}
