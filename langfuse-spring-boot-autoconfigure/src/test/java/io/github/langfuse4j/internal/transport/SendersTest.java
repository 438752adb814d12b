package io.github.langfuse4j.internal.transport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.DropReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of {@link Senders}: at most {@code max-requests-in-flight} requests are
 * posted at once, and the worker can write one request ahead of them.
 */
class SendersTest {

	private static final long SECONDS_10 = TimeUnit.SECONDS.toNanos(10);

	private final CountedOutcomes outcomes = new CountedOutcomes();

	private final Senders senders = new Senders(2, 64, 1024, this.outcomes);

	/** Lets the posts that wait on it return. */
	private final CountDownLatch answer = new CountDownLatch(1);

	private final AtomicInteger posting = new AtomicInteger();

	private final AtomicInteger mostPosting = new AtomicInteger();

	private final CountDownLatch started = new CountDownLatch(2);

	@AfterEach
	void close() {
		this.answer.countDown();
		this.senders.shutdownNow(0);
	}

	@Test
	void theWorkerWritesTheNextRequestWhileEverySenderIsPosting() throws InterruptedException {
		RequestBody next = nextBodyWhileBothSendersPost();
		// but it is not posted before one of them has its answer
		this.senders.submit(next, 1, this::post);
		assertThat(this.senders.acquire(System.nanoTime())).isNull();
		assertThat(this.posting).hasValue(2);
		this.answer.countDown();
		assertThat(this.senders.awaitIdle(System.nanoTime() + SECONDS_10)).isTrue();
		assertThat(this.mostPosting).hasValue(2);
		assertThat(this.senders.inFlightEvents()).isZero();
	}

	@Test
	void aRequestWaitingForASenderIsCountedAsShutdownWhenStopped() throws InterruptedException {
		RequestBody next = nextBodyWhileBothSendersPost();
		this.senders.submit(next, 7, this::post);
		this.senders.shutdownNow(0);
		assertThat(this.outcomes.dropped(DropReason.SHUTDOWN)).isEqualTo(7);
	}

	/**
	 * Puts both senders on the wire with requests that hang, then takes the body that is
	 * still free for the next request.
	 */
	private RequestBody nextBodyWhileBothSendersPost() throws InterruptedException {
		submitHangingRequest();
		submitHangingRequest();
		assertThat(this.started.await(10, TimeUnit.SECONDS)).isTrue();
		RequestBody next = this.senders.acquire(System.nanoTime());
		assertThat(next).isNotNull();
		return next;
	}

	private void submitHangingRequest() {
		RequestBody body = this.senders.acquire(System.nanoTime() + SECONDS_10);
		assertThat(body).isNotNull();
		this.senders.submit(body, 1, this::post);
	}

	private void post() {
		this.mostPosting.accumulateAndGet(this.posting.incrementAndGet(), Math::max);
		this.started.countDown();
		try {
			this.answer.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.posting.decrementAndGet();
		}
	}

}
