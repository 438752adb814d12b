package io.github.langfuse4j.internal.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * An unmodifiable, insertion-ordered map of a few string keys, kept in one array of keys
 * and values: the maps that the tracing API and the Spring AI bridge build themselves
 * (metadata, chat messages, usage details, model parameters), and the copies the
 * generation field rules make. It never changes once built, so the wire model keeps it as
 * it is instead of copying it, and a rule checks it without copying it; a rule that has
 * checked it marks it, and keeps a map it marked as it is. Values may be {@code null}, as
 * in a {@code LinkedHashMap}; keys may not. Lookups scan the array: it is meant for maps
 * of a few entries, which it holds in two objects instead of a hash table and an entry
 * each.
 *
 * @param <V> the value type
 */
public final class CompactMap<V> extends AbstractMap<String, V> {

	private static final Object[] EMPTY = {};

	/** Keys at even indexes, each followed by its value. */
	private final Object[] table;

	private final int size;

	/**
	 * The rule that checked this map, or {@code null}; see {@link GenerationFieldRules}.
	 */
	private final String rule;

	private CompactMap(Object[] table, int size, String rule) {
		this.table = table;
		this.size = size;
		this.rule = rule;
	}

	/**
	 * A builder of a map of about {@code expectedSize} entries.
	 * @param expectedSize the expected number of entries; the builder grows past it
	 * @param <V> the value type
	 * @return a new builder
	 */
	public static <V> Builder<V> builder(int expectedSize) {
		return new Builder<>(expectedSize);
	}

	/**
	 * A map of two entries.
	 * @param k1 the first key
	 * @param v1 its value, may be {@code null}
	 * @param k2 the second key
	 * @param v2 its value, may be {@code null}
	 * @param <V> the value type
	 * @return the map
	 * @throws NullPointerException if a key is {@code null}
	 * @throws IllegalArgumentException if the keys are equal
	 */
	public static <V> CompactMap<V> of(String k1, V v1, String k2, V v2) {
		return distinct(new Object[] { k1, v1, k2, v2 });
	}

	/**
	 * A map of three entries.
	 * @param k1 the first key
	 * @param v1 its value, may be {@code null}
	 * @param k2 the second key
	 * @param v2 its value, may be {@code null}
	 * @param k3 the third key
	 * @param v3 its value, may be {@code null}
	 * @param <V> the value type
	 * @return the map
	 * @throws NullPointerException if a key is {@code null}
	 * @throws IllegalArgumentException if two keys are equal
	 */
	public static <V> CompactMap<V> of(String k1, V v1, String k2, V v2, String k3, V v3) {
		return distinct(new Object[] { k1, v1, k2, v2, k3, v3 });
	}

	/**
	 * A map of four entries.
	 * @param k1 the first key
	 * @param v1 its value, may be {@code null}
	 * @param k2 the second key
	 * @param v2 its value, may be {@code null}
	 * @param k3 the third key
	 * @param v3 its value, may be {@code null}
	 * @param k4 the fourth key
	 * @param v4 its value, may be {@code null}
	 * @param <V> the value type
	 * @return the map
	 * @throws NullPointerException if a key is {@code null}
	 * @throws IllegalArgumentException if two keys are equal
	 */
	public static <V> CompactMap<V> of(String k1, V v1, String k2, V v2, String k3, V v3, String k4, V v4) {
		return distinct(new Object[] { k1, v1, k2, v2, k3, v3, k4, v4 });
	}

	private static <V> CompactMap<V> distinct(Object[] table) {
		for (int i = 0; i < table.length; i += 2) {
			Objects.requireNonNull(table[i], "key must not be null");
			for (int j = 0; j < i; j += 2) {
				if (table[i].equals(table[j])) {
					throw new IllegalArgumentException("duplicate key: " + table[i]);
				}
			}
		}
		return new CompactMap<>(table, table.length / 2, null);
	}

	/**
	 * A map of the entries of {@code map} in its iteration order, or {@code map} itself
	 * when it is a compact map.
	 * @param map the map
	 * @param <V> the value type
	 * @return the compact map
	 * @throws NullPointerException if a key is {@code null}
	 */
	@SuppressWarnings("unchecked")
	public static <V> CompactMap<V> copyOf(Map<String, ? extends V> map) {
		if (map instanceof CompactMap<?> compact) {
			return (CompactMap<V>) compact;
		}
		return copy(map, null);
	}

	/** A copy marked as checked by {@code rule}; the keys of a map are unique. */
	static <V> CompactMap<V> copy(Map<String, ? extends V> map, String rule) {
		Object[] table = new Object[map.size() * 2];
		int at = 0;
		for (Entry<String, ? extends V> entry : map.entrySet()) {
			if (at == table.length) {
				table = Arrays.copyOf(table, Math.max(8, at * 2));
			}
			table[at++] = Objects.requireNonNull(entry.getKey(), "key must not be null");
			table[at++] = entry.getValue();
		}
		return new CompactMap<>(table, at / 2, rule);
	}

	/** A map of the first {@code size} keys and values of {@code table}, not copied. */
	static <V> CompactMap<V> of(Object[] table, int size, String rule) {
		return new CompactMap<>(table, size, rule);
	}

	@SuppressWarnings("unchecked")
	static <V> CompactMap<V> cast(CompactMap<?> map) {
		return (CompactMap<V>) map;
	}

	/** Whether {@code map} is a compact map checked by {@code rule}. */
	static boolean checkedBy(Map<?, ?> map, String rule) {
		return map instanceof CompactMap<?> compact && rule.equals(compact.rule);
	}

	/** This map marked as checked by {@code rule}: the same entries, not copied. */
	CompactMap<V> checked(String rule) {
		return rule.equals(this.rule) ? this : new CompactMap<>(this.table, this.size, rule);
	}

	String keyAt(int index) {
		return (String) this.table[index * 2];
	}

	Object valueAt(int index) {
		return this.table[index * 2 + 1];
	}

	@Override
	public int size() {
		return this.size;
	}

	/**
	 * Whether a value matches {@code test}; without the entry objects that iterating the
	 * entry set makes.
	 * @param test the test
	 * @return whether a value matches
	 */
	public boolean anyValue(Predicate<Object> test) {
		for (int i = 1; i < this.size * 2; i += 2) {
			if (test.test(this.table[i])) {
				return true;
			}
		}
		return false;
	}

	@Override
	public boolean containsValue(Object value) {
		for (int i = 1; i < this.size * 2; i += 2) {
			if (Objects.equals(value, this.table[i])) {
				return true;
			}
		}
		return false;
	}

	@Override
	public boolean containsKey(Object key) {
		return indexOf(key) >= 0;
	}

	@Override
	@SuppressWarnings("unchecked")
	public V get(Object key) {
		int index = indexOf(key);
		return (index >= 0) ? (V) this.table[index + 1] : null;
	}

	private int indexOf(Object key) {
		if (key != null) {
			for (int i = 0; i < this.size * 2; i += 2) {
				if (key.equals(this.table[i])) {
					return i;
				}
			}
		}
		return -1;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void forEach(BiConsumer<? super String, ? super V> action) {
		for (int i = 0; i < this.size * 2; i += 2) {
			action.accept((String) this.table[i], (V) this.table[i + 1]);
		}
	}

	@Override
	public Set<Entry<String, V>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public int size() {
				return CompactMap.this.size;
			}

			@Override
			public Iterator<Entry<String, V>> iterator() {
				return new Iterator<>() {

					private int next;

					@Override
					public boolean hasNext() {
						return this.next < CompactMap.this.size * 2;
					}

					@Override
					@SuppressWarnings("unchecked")
					public Entry<String, V> next() {
						if (!hasNext()) {
							throw new NoSuchElementException();
						}
						Object[] table = CompactMap.this.table;
						Entry<String, V> entry = new SimpleImmutableEntry<>((String) table[this.next],
								(V) table[this.next + 1]);
						this.next += 2;
						return entry;
					}

				};
			}

		};
	}

	/**
	 * Collects the entries of a compact map in order; a key put again keeps its place and
	 * takes the new value, as in a {@code LinkedHashMap}. {@link #build()} hands the
	 * builder's array to the map without copying it; a later {@link #put} copies it
	 * first, so a built map never changes. Not thread-safe.
	 *
	 * @param <V> the value type
	 */
	public static final class Builder<V> {

		/**
		 * Beyond this many entries a put finds a key put before through a hash index, so
		 * that a large map (an application's metadata map of thousands of keys) is copied
		 * in linear time, not quadratic.
		 */
		static final int INDEXED_ABOVE = 16;

		private Object[] table;

		private int size;

		/**
		 * Where each key is in {@link #table}, once there are more than
		 * {@link #INDEXED_ABOVE}.
		 */
		private HashMap<String, Integer> index;

		/** Whether a built map holds {@link #table}. */
		private boolean shared;

		private Builder(int expectedSize) {
			this.table = (expectedSize > 0) ? new Object[expectedSize * 2] : EMPTY;
		}

		/**
		 * Puts an entry, or replaces the value of a key put before.
		 * @param key the key
		 * @param value the value, may be {@code null}
		 * @return this builder
		 * @throws NullPointerException if {@code key} is {@code null}
		 */
		public Builder<V> put(String key, V value) {
			Objects.requireNonNull(key, "key must not be null");
			int existing = find(key);
			if (existing >= 0) {
				unshare(this.table.length);
				this.table[existing + 1] = value;
				return this;
			}
			if (this.size * 2 == this.table.length) {
				unshare(Math.max(8, this.table.length * 2));
			}
			else {
				unshare(this.table.length);
			}
			this.table[this.size * 2] = key;
			this.table[this.size * 2 + 1] = value;
			if (this.index != null) {
				this.index.put(key, this.size * 2);
			}
			this.size++;
			return this;
		}

		/** The index in {@link #table} of {@code key}, or -1. */
		private int find(String key) {
			if (this.index == null && this.size > INDEXED_ABOVE) {
				this.index = new HashMap<>(this.size * 2);
				for (int i = 0; i < this.size * 2; i += 2) {
					this.index.put((String) this.table[i], i);
				}
			}
			if (this.index != null) {
				Integer at = this.index.get(key);
				return (at != null) ? at : -1;
			}
			for (int i = 0; i < this.size * 2; i += 2) {
				if (key.equals(this.table[i])) {
					return i;
				}
			}
			return -1;
		}

		/**
		 * Puts every entry of {@code map}, in its iteration order.
		 * @param map the entries
		 * @return this builder
		 * @throws NullPointerException if a key is {@code null}
		 */
		public Builder<V> putAll(Map<String, ? extends V> map) {
			map.forEach(this::put);
			return this;
		}

		private void unshare(int length) {
			if (this.shared || length != this.table.length) {
				this.table = Arrays.copyOf(this.table, length);
				this.shared = false;
			}
		}

		/**
		 * The number of entries put.
		 * @return the size
		 */
		public int size() {
			return this.size;
		}

		/**
		 * The map of the entries put so far.
		 * @return the map
		 */
		public CompactMap<V> build() {
			this.shared = true;
			return new CompactMap<>(this.table, this.size, null);
		}

	}

}
