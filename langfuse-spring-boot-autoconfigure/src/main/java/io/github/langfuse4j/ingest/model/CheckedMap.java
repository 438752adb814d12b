package io.github.langfuse4j.ingest.model;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.langfuse4j.internal.model.CompactMap;

/**
 * An unmodifiable, insertion-ordered copy made by the model. The model copies every map
 * it is given, except maps of this type, which it made itself, and {@link CompactMap}s,
 * which the tracing API and the generation field rules make and which never change: so a
 * map checked when a tracing setter received it is not copied again when the body is
 * built.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class CheckedMap<K, V> extends AbstractMap<K, V> {

	private final Map<K, V> entries;

	private CheckedMap(Map<K, V> entries) {
		this.entries = Collections.unmodifiableMap(entries);
	}

	@SuppressWarnings("unchecked")
	static <K, V> Map<K, V> copyOf(Map<? extends K, ? extends V> map) {
		if (map instanceof CheckedMap<?, ?> || map instanceof CompactMap<?>) {
			// made by the model, or by the tracing API and the rules: they never change
			return (Map<K, V>) map;
		}
		return new CheckedMap<>(new LinkedHashMap<>(map));
	}

	/** Wraps a map nobody else holds, without copying it. */
	static <K, V> Map<K, V> own(LinkedHashMap<K, V> map) {
		return new CheckedMap<>(map);
	}

	@Override
	public Set<Entry<K, V>> entrySet() {
		return this.entries.entrySet();
	}

	@Override
	public V get(Object key) {
		return this.entries.get(key);
	}

	@Override
	public boolean containsKey(Object key) {
		return this.entries.containsKey(key);
	}

	@Override
	public int size() {
		return this.entries.size();
	}

}
