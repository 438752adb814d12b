package io.github.langfuse4j.springai;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.Message;

/**
 * The message maps already built during one ChatClient call, found by message identity. A
 * tool loop sends the whole conversation again in every model round, and the ChatClient
 * span's input and output are messages of its first and last rounds: with this, each
 * message of a call becomes a map once, and the events share the (immutable) map. Holds
 * the first {@value #CAPACITY} messages of a call; later ones are built each time.
 *
 * <p>
 * The rounds of a call run one after another, but on whatever threads Spring AI uses, so
 * this must stay correct when two threads meet here; it does so without a lock. An entry
 * is an immutable record written with a plain store, so a reader sees either nothing or a
 * whole entry (final fields); a slot written twice by racing threads loses one entry, and
 * a reader that misses one builds the map again. Either way the map it gets is one built
 * from that very message, so a race costs time, never correctness.
 */
final class MessageMaps {

	/** How many messages of one call are kept. */
	static final int CAPACITY = 16;

	private final @Nullable Entry[] entries = new Entry[CAPACITY];

	/** How many slots were written; read and written without synchronization. */
	private int size;

	/** The map built before for {@code message}, else {@code null}. */
	@Nullable Map<String, Object> get(Message message) {
		int end = Math.min(this.size, CAPACITY);
		for (int i = 0; i < end; i++) {
			Entry entry = this.entries[i];
			if (entry != null && entry.message() == message) {
				return entry.map();
			}
		}
		return null;
	}

	/** Keeps the map built for {@code message}, while there is room. */
	void put(Message message, Map<String, Object> map) {
		int at = this.size;
		if (at < CAPACITY) {
			this.entries[at] = new Entry(message, map);
			this.size = at + 1;
		}
	}

	private record Entry(Message message, Map<String, Object> map) {
	}

}
