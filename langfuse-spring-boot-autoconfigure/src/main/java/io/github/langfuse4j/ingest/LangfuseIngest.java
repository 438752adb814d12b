package io.github.langfuse4j.ingest;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.internal.worker.BatchingLangfuseIngest;

/**
 * Sends Langfuse ingestion events in the background. {@link #enqueue} never blocks and
 * never fails because of Langfuse: when the bounded queue is full, the event is dropped
 * and counted. A worker thread sends batches by count, size and interval; what is queued
 * at shutdown is sent within the shutdown timeout.
 *
 * <p>
 * With the Spring Boot starter, inject the {@code LangfuseIngest} bean. Without Spring
 * Boot, create one with {@link #create(IngestConfig)} and {@link #close()} it when done.
 */
public interface LangfuseIngest extends AutoCloseable {

	/**
	 * Queues an event for sending. Never blocks; when the queue is full, or after
	 * {@link #close()}, the event is dropped and counted.
	 * @param event the event
	 * @throws NullPointerException if {@code event} is {@code null}
	 */
	void enqueue(IngestionEvent event);

	/**
	 * Runs tracing work off the calling thread: on the exporter's own thread
	 * ({@code langfuse-deferred}), after every task deferred before it. For integrations
	 * that are called on the application's threads and must not spend their time there
	 * (the Spring AI bridge); a task should build events and {@link #enqueue} them, and
	 * must not block. {@link #flush} and {@link #close()} run every task deferred before
	 * them first, so that its events are sent with the rest. Never blocks and never wakes
	 * a thread: when as many tasks wait as the queue holds events
	 * ({@code langfuse.queue-capacity}), the task is dropped and counted as a dropped
	 * event ({@link DropReason#QUEUE_FULL}); after {@link #close()} it runs at once on
	 * the calling thread. A task that throws is logged (throttled) and skipped. The
	 * default runs the task at once on the calling thread.
	 * @param task the task
	 * @return {@code true} if the task ran or will run, {@code false} if it was dropped
	 * @throws NullPointerException if {@code task} is {@code null}
	 */
	default boolean defer(Runnable task) {
		task.run();
		return true;
	}

	/**
	 * Whether the events of a trace are sent under the configured sample rate
	 * ({@code langfuse.sample-rate}). The decision depends on the trace id alone and is
	 * the one OpenTelemetry's {@code TraceIdRatioBased} sampler makes for the same id and
	 * ratio, so services that share a trace keep or drop it together. {@link #enqueue}
	 * applies it by itself: an event of a sampled-out trace is counted as
	 * {@link IngestStats#sampledOut()} and not queued. Ask first to skip building events
	 * (or expensive inputs) that would not be sent.
	 * @param traceId a Langfuse trace id, or {@code null} for an event outside any trace
	 * @return {@code true} if events of that trace are sent; always {@code true} for a
	 * {@code null} id and at sample rate 1
	 */
	default boolean isSampled(@Nullable String traceId) {
		return true;
	}

	/**
	 * Counts events the caller did not build, and so did not {@link #enqueue}, because
	 * {@link #isSampled} said their trace is not sent; the tracing API calls it for every
	 * trace, observation and score of a sampled-out trace, so that
	 * {@link IngestStats#sampledOut()} counts them however they were skipped.
	 * @param events how many events were skipped
	 */
	default void countSampledOut(int events) {
	}

	/**
	 * Runs the tasks {@linkplain #defer deferred} before this call, sends everything
	 * enqueued before this call (their events included) and waits until the server
	 * answered, at most the configured shutdown timeout. Returns at once when the
	 * exporter is closed.
	 */
	void flush();

	/**
	 * Runs the tasks {@linkplain #defer deferred} before this call, sends everything
	 * enqueued before this call (their events included) and waits until the server
	 * answered, at most {@code timeout}. Returns at once when the exporter is closed.
	 * @param timeout how long to wait at most
	 * @return {@code true} if everything was handed to the server (or nothing was queued)
	 * in time
	 */
	boolean flush(Duration timeout);

	/**
	 * A snapshot of the counters: accepted, sent, rejected, dropped by reason, failed and
	 * queued events.
	 * @return the current counts
	 */
	IngestStats stats();

	/**
	 * Stops the worker and sends what is still queued on the calling thread, within the
	 * configured shutdown timeout; what cannot be sent in time is dropped and counted.
	 * Idempotent; never throws.
	 */
	@Override
	void close();

	/**
	 * An exporter that sends nothing: {@link #enqueue} only checks its argument.
	 * @return the no-op exporter
	 */
	static LangfuseIngest noop() {
		return NoopLangfuseIngest.INSTANCE;
	}

	/**
	 * Creates and starts an exporter with its own HTTP client and worker thread.
	 * @param config the settings; must have both keys
	 * @return the running exporter
	 */
	static LangfuseIngest create(IngestConfig config) {
		return create(config, LangfuseRestClientCustomizer.NONE);
	}

	/**
	 * Creates and starts an exporter with its own HTTP client and worker thread.
	 * @param config the settings; must have both keys
	 * @param customizer adjusts the HTTP client (proxy, headers, interceptors)
	 * @return the running exporter
	 * @throws IllegalArgumentException if a key is missing
	 */
	static LangfuseIngest create(IngestConfig config, LangfuseRestClientCustomizer customizer) {
		return create(config, customizer, RequestObserver.NONE);
	}

	/**
	 * Creates and starts an exporter with its own HTTP client and worker thread.
	 * @param config the settings; must have both keys
	 * @param customizer adjusts the HTTP client (proxy, headers, interceptors)
	 * @param observer told about every request (for metrics)
	 * @return the running exporter
	 * @throws IllegalArgumentException if a key is missing
	 */
	static LangfuseIngest create(IngestConfig config, LangfuseRestClientCustomizer customizer,
			RequestObserver observer) {
		return create(config, customizer, LangfuseHttpClientCustomizer.NONE, observer);
	}

	/**
	 * Creates and starts an exporter with its own HTTP client and worker thread.
	 * @param config the settings; must have both keys
	 * @param restClientCustomizer adjusts the {@code RestClient} (headers, interceptors)
	 * @param httpClientCustomizer adjusts the JDK {@code HttpClient} underneath (proxy,
	 * SSL context, executor)
	 * @param observer told about every request (for metrics)
	 * @return the running exporter
	 * @throws IllegalArgumentException if a key is missing
	 */
	static LangfuseIngest create(IngestConfig config, LangfuseRestClientCustomizer restClientCustomizer,
			LangfuseHttpClientCustomizer httpClientCustomizer, RequestObserver observer) {
		return new BatchingLangfuseIngest(config, restClientCustomizer, httpClientCustomizer, observer);
	}

}
