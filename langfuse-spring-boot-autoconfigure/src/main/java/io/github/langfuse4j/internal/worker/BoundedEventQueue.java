package io.github.langfuse4j.internal.worker;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded, lock-free queue for many producers and one consumer. {@link #offer} is a
 * compare-and-set on the producer index and an ordered store of the element; when the
 * queue is full it only reads the two indices, so the drop path writes no shared memory.
 * The consumer (the worker, or the thread that shuts the exporter down, never both at
 * once) drains in batches and publishes its index once per batch.
 *
 * @param <E> the element type
 */
final class BoundedEventQueue<E> {

	/**
	 * Index slots 128 bytes apart, so the producer and the consumer index never share a
	 * cache line.
	 */
	private static final int PRODUCER = 16;

	private static final int CONSUMER = 32;

	/**
	 * The largest capacity: its ring has 2^30 slots, the largest power of two an array
	 * can have. Any larger capacity would round up to 2^31, which overflows an
	 * {@code int}.
	 */
	static final int MAX_CAPACITY = 1 << 30;

	private final AtomicLongArray indices = new AtomicLongArray(48);

	private final AtomicReferenceArray<E> slots;

	private final int mask;

	private final int capacity;

	BoundedEventQueue(int capacity) {
		if (capacity < 1 || capacity > MAX_CAPACITY) {
			throw new IllegalArgumentException(
					"capacity must be between 1 and " + MAX_CAPACITY + " (was " + capacity + ")");
		}
		this.capacity = capacity;
		int length = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
		this.slots = new AtomicReferenceArray<>(Math.max(length, 2));
		this.mask = this.slots.length() - 1;
	}

	/**
	 * Adds an element unless the queue is full.
	 * @param element the element, not {@code null}
	 * @return {@code false} if the queue was full
	 */
	boolean offer(E element) {
		while (true) {
			long producer = this.indices.get(PRODUCER);
			if (producer - this.indices.get(CONSUMER) >= this.capacity) {
				return false;
			}
			if (this.indices.compareAndSet(PRODUCER, producer, producer + 1)) {
				this.slots.lazySet((int) producer & this.mask, element);
				return true;
			}
		}
	}

	/**
	 * Moves up to {@code max} elements, oldest first, into {@code sink}. Stops early at
	 * an element whose producer has claimed its slot but not yet stored it. Only one
	 * thread may drain at a time.
	 * @param sink where the elements go
	 * @param max the most elements to move
	 * @return how many elements were moved
	 */
	int drain(List<? super E> sink, int max) {
		long consumer = this.indices.get(CONSUMER);
		int moved = 0;
		while (moved < max) {
			int index = (int) consumer & this.mask;
			E element = this.slots.get(index);
			if (element == null) {
				break;
			}
			this.slots.lazySet(index, null);
			sink.add(element);
			consumer++;
			moved++;
		}
		if (moved > 0) {
			this.indices.lazySet(CONSUMER, consumer);
		}
		return moved;
	}

	/**
	 * How many elements have ever been added; the index the next offer claims.
	 * @return the producer index
	 */
	long produced() {
		return this.indices.get(PRODUCER);
	}

	/**
	 * How many elements have ever been drained.
	 * @return the consumer index
	 */
	long consumed() {
		return this.indices.get(CONSUMER);
	}

	/**
	 * The number of elements waiting; exact when no producer and no consumer is active.
	 * @return the number of waiting elements
	 */
	int size() {
		long consumer = this.indices.get(CONSUMER);
		long size = this.indices.get(PRODUCER) - consumer;
		return (int) Math.max(0, Math.min(size, this.capacity));
	}

	int capacity() {
		return this.capacity;
	}

}
