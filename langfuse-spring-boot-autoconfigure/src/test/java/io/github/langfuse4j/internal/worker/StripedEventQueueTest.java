package io.github.langfuse4j.internal.worker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.IngestConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The striped queue: shared capacity, exact accounting under concurrency, drain marks.
 */
class StripedEventQueueTest {

	@Test
	void splitsTheCapacityButDropsOnlyWhenEveryStripeIsFull() {
		StripedEventQueue<Integer> queue = new StripedEventQueue<>(10, 4);
		assertThat(queue.stripes()).isEqualTo(4);
		assertThat(queue.capacity()).isEqualTo(10);
		for (int i = 0; i < 10; i++) {
			assertThat(queue.offer(i)).as("offer %d from one thread", i).isTrue();
		}
		assertThat(queue.offer(10)).isFalse();
		assertThat(queue.size()).isEqualTo(10);
		List<Integer> drained = new ArrayList<>();
		assertThat(queue.drain(drained, 100)).isEqualTo(10);
		assertThat(drained).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		assertThat(queue.offer(11)).isTrue();
	}

	@Test
	void keepsOneThreadsOrderWhileItsStripeHasRoom() {
		StripedEventQueue<Integer> queue = new StripedEventQueue<>(100, 2);
		for (int i = 0; i < 50; i++) {
			queue.offer(i);
		}
		List<Integer> drained = new ArrayList<>();
		queue.drain(drained, 100);
		assertThat(drained).isSorted().hasSize(50);
	}

	@Test
	void markTellsWhenEverythingOfferedBeforeItWasDrained() {
		StripedEventQueue<Integer> queue = new StripedEventQueue<>(16, 2);
		for (int i = 0; i < 12; i++) {
			queue.offer(i);
		}
		long[] mark = queue.mark();
		assertThat(queue.reached(mark)).isFalse();
		List<Integer> drained = new ArrayList<>();
		queue.drain(drained, 5);
		assertThat(queue.reached(mark)).isFalse();
		queue.drain(drained, 100);
		assertThat(queue.reached(mark)).isTrue();
		queue.offer(99);
		assertThat(queue.reached(mark)).isTrue();
	}

	@Test
	void concurrentProducersLoseNothingTheyWereToldWasAccepted() throws Exception {
		StripedEventQueue<Integer> queue = new StripedEventQueue<>(64, 4);
		int producers = 4;
		int perProducer = 50_000;
		AtomicInteger accepted = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(producers);
		for (int p = 0; p < producers; p++) {
			int base = p * perProducer;
			new Thread(() -> {
				for (int i = 0; i < perProducer; i++) {
					if (queue.offer(base + i)) {
						accepted.incrementAndGet();
					}
				}
				done.countDown();
			}).start();
		}
		Set<Integer> seen = new HashSet<>();
		List<Integer> batch = new ArrayList<>();
		while (done.getCount() > 0 || queue.size() > 0) {
			batch.clear();
			queue.drain(batch, 32);
			for (Integer value : batch) {
				assertThat(seen.add(value)).as("drained once: %d", value).isTrue();
			}
		}
		batch.clear();
		queue.drain(batch, Integer.MAX_VALUE);
		seen.addAll(batch);
		assertThat(seen).hasSize(accepted.get());
		assertThat(queue.produced()).isEqualTo(accepted.get());
	}

	@Test
	void theLargestQueueIsReallyThatLargeAndLosesNothing() {
		StripedEventQueue<Integer> queue = new StripedEventQueue<>(IngestConfig.MAX_QUEUE_CAPACITY, 8);
		assertThat(queue.capacity()).isEqualTo(IngestConfig.MAX_QUEUE_CAPACITY);
		for (int i = 0; i < 100; i++) {
			assertThat(queue.offer(i)).isTrue();
		}
		assertThat(queue.size()).isEqualTo(100);
	}

	@Test
	void aRingLargerThanAnArrayCanHoldIsRefused() {
		// before: 2^30 + 1 rounded up to 2^31 slots, which overflowed to a ring of 2
		// slots
		assertThatIllegalArgumentException().isThrownBy(() -> new BoundedEventQueue<Integer>((1 << 30) + 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new BoundedEventQueue<Integer>(Integer.MAX_VALUE));
		assertThatIllegalArgumentException().isThrownBy(() -> new StripedEventQueue<Integer>(Integer.MAX_VALUE, 1));
	}

}
