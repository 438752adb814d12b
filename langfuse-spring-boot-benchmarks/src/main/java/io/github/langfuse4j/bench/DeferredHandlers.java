package io.github.langfuse4j.bench;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationContext;

import io.github.langfuse4j.tracing.LangfuseContext;
import io.github.langfuse4j.tracing.LangfuseHandle;

/**
 * A trial of a design the starter does not have, which {@link SpringAiHandlerTime}
 * measures as {@code DEFERRED}: the bridge's handlers run on a thread of their own. On
 * the calling thread each callback only keeps what could not be read later (the time, the
 * application's current Langfuse context and, for a chat or ChatClient observation, a
 * copy of the prompt's message list, which the prompt does not copy) and offers the
 * callback to a lock-free queue that the thread polls every millisecond, so that the
 * calling thread never wakes it.
 *
 * <p>
 * What it shows: what the bridge would add to a call if it did no more than this on the
 * calling thread. What it leaves out, which a real design would need: the handlers still
 * take their times, the current context and the messages on their own thread (what the
 * caller kept is not passed on), nothing bounds the queue or drains it when the
 * application stops, and the thread's work takes time on the other core, idle here.
 */
final class DeferredHandlers implements AutoCloseable {

	private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();

	private final Thread thread = new Thread(this::run, "deferred-bridge");

	private volatile boolean closed;

	DeferredHandlers() {
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** The handlers, each deferred to this thread. */
	List<ObservationHandler<Observation.Context>> wrap(List<ObservationHandler<Observation.Context>> handlers) {
		return handlers.stream().<ObservationHandler<Observation.Context>>map(Deferring::new).toList();
	}

	private void run() {
		while (!this.closed) {
			Runnable callback = this.queue.poll();
			if (callback == null) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
			else {
				callback.run();
			}
		}
	}

	/** The callbacks not yet made; the queue's size, counted. */
	int pending() {
		return this.queue.size();
	}

	@Override
	public void close() {
		this.closed = true;
	}

	/** What the calling thread keeps of an observation when it starts. */
	private record Kept(LangfuseHandle current, Object[] messages) {
	}

	/** A start or a stop, made on this thread; the time is the caller's. */
	private record Callback(ObservationHandler<Observation.Context> handler, Observation.Context context, boolean start,
			long nanos) implements Runnable {

		@Override
		public void run() {
			if (this.start) {
				this.handler.onStart(this.context);
			}
			else {
				this.handler.onStop(this.context);
			}
		}

	}

	private final class Deferring implements ObservationHandler<Observation.Context> {

		private final ObservationHandler<Observation.Context> handler;

		Deferring(ObservationHandler<Observation.Context> handler) {
			this.handler = handler;
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return this.handler.supportsContext(context);
		}

		@Override
		public void onStart(Observation.Context context) {
			Object[] messages = null;
			if (context instanceof ChatModelObservationContext chat) {
				messages = chat.getRequest().getInstructions().toArray();
			}
			else if (context instanceof ChatClientObservationContext chatClient) {
				messages = chatClient.getRequest().prompt().getInstructions().toArray();
			}
			long nanos = System.nanoTime();
			context.put(Kept.class, new Kept(LangfuseContext.current().handle().orElse(null), messages));
			DeferredHandlers.this.queue.offer(new Callback(this.handler, context, true, nanos));
		}

		@Override
		public void onStop(Observation.Context context) {
			DeferredHandlers.this.queue.offer(new Callback(this.handler, context, false, System.nanoTime()));
		}

	}

}
