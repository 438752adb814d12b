package io.github.langfuse4j.internal.worker;

import java.util.List;

/**
 * The exporter's queue: a few {@link BoundedEventQueue} stripes, one per CPU core (at
 * most 8), so that producers on different cores do not write the same cache lines. A
 * thread offers to its home stripe (chosen by thread id) and, when that is full, to the
 * others; an event is dropped only when every stripe is full, so the capacity is shared.
 * Events of one thread stay in order unless its home stripe was full. The single consumer
 * drains the stripes in turn.
 *
 * @param <E> the element type
 */
final class StripedEventQueue<E> {

	private static final int MAX_STRIPES = 8;

	private final BoundedEventQueue<E>[] stripes;

	private final int mask;

	private final int capacity;

	private int nextStripe;

	StripedEventQueue(int capacity) {
		this(capacity, Runtime.getRuntime().availableProcessors());
	}

	@SuppressWarnings("unchecked")
	StripedEventQueue(int capacity, int cores) {
		if (capacity < 1 || capacity > BoundedEventQueue.MAX_CAPACITY) {
			throw new IllegalArgumentException(
					"capacity must be between 1 and " + BoundedEventQueue.MAX_CAPACITY + " (was " + capacity + ")");
		}
		int count = Integer.highestOneBit(Math.max(1, Math.min(Math.min(cores, MAX_STRIPES), capacity)));
		this.stripes = new BoundedEventQueue[count];
		int total = 0;
		for (int i = 0; i < count; i++) {
			int share = capacity / count + ((i < capacity % count) ? 1 : 0);
			this.stripes[i] = new BoundedEventQueue<>(share);
			total += share;
		}
		this.mask = count - 1;
		this.capacity = total;
	}

	/**
	 * Adds an element to the calling thread's stripe, or to another one if that is full.
	 * @param element the element, not {@code null}
	 * @return {@code false} if every stripe was full
	 */
	@SuppressWarnings("deprecation") // Thread.getId(): threadId() needs Java 19
	boolean offer(E element) {
		int home = (int) Thread.currentThread().getId() & this.mask;
		if (this.stripes[home].offer(element)) {
			return true;
		}
		for (int i = 1; i < this.stripes.length; i++) {
			if (this.stripes[(home + i) & this.mask].offer(element)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Moves up to {@code max} elements into {@code sink}, taking from the stripes in
	 * turn. Only one thread may drain at a time.
	 * @param sink where the elements go
	 * @param max the most elements to move
	 * @return how many elements were moved
	 */
	int drain(List<? super E> sink, int max) {
		int moved = 0;
		for (int i = 0; i < this.stripes.length && moved < max; i++) {
			moved += this.stripes[this.nextStripe].drain(sink, max - moved);
			this.nextStripe = (this.nextStripe + 1) & this.mask;
		}
		return moved;
	}

	/**
	 * Where every stripe's producers are now; {@link #reached} tells when all of it was
	 * drained.
	 * @return the producer index of each stripe
	 */
	long[] mark() {
		long[] mark = new long[this.stripes.length];
		for (int i = 0; i < mark.length; i++) {
			mark[i] = this.stripes[i].produced();
		}
		return mark;
	}

	/**
	 * Whether everything offered before {@code mark} was taken has been drained.
	 * @param mark a result of {@link #mark()}
	 * @return {@code true} once every stripe was drained up to its mark
	 */
	boolean reached(long[] mark) {
		for (int i = 0; i < mark.length; i++) {
			if (this.stripes[i].consumed() < mark[i]) {
				return false;
			}
		}
		return true;
	}

	/** How many elements were ever added. */
	long produced() {
		long produced = 0;
		for (BoundedEventQueue<E> stripe : this.stripes) {
			produced += stripe.produced();
		}
		return produced;
	}

	/**
	 * The number of elements waiting; exact when no producer and no consumer is active.
	 */
	int size() {
		int size = 0;
		for (BoundedEventQueue<E> stripe : this.stripes) {
			size += stripe.size();
		}
		return size;
	}

	int capacity() {
		return this.capacity;
	}

	int stripes() {
		return this.stripes.length;
	}

}
