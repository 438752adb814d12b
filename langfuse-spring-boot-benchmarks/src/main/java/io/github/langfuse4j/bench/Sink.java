package io.github.langfuse4j.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.InMemoryReporterMetrics;
import zipkin2.reporter.SpanBytesEncoder;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;
import io.github.langfuse4j.ingest.model.IngestionEvent;

/**
 * One of the four queues under comparison, all with the same settings: capacity
 * {@value #CAPACITY}, batches of {@value #BATCH}, flush interval 1 s. "Accepted" sinks
 * drain into a no-op (the exporter's HTTP layer answers at once without a socket;
 * OpenTelemetry's exporter and Zipkin's sender return at once; the array queue's consumer
 * drains and discards). "Stalled" sinks never finish a send, so after {@link #fill()} the
 * queue stays full.
 */
public abstract class Sink implements AutoCloseable {

	public static final int CAPACITY = 2048;

	public static final int BATCH = 100;

	public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

	/** The queues under comparison. */
	public enum Kind {

		LANGFUSE, OTEL_BSP, ZIPKIN_ASYNC, ARRAY_BLOCKING_QUEUE

	}

	/** Hands one pre-built item to the queue. */
	public abstract void enqueue();

	/** Enqueues until the queue is full (stalled sinks only). */
	public abstract void fill();

	/** Accepted and dropped counts, as far as the implementation tells. */
	public abstract String report();

	@Override
	public abstract void close();

	public static Sink create(Kind kind, boolean stalled) {
		return switch (kind) {
			case LANGFUSE -> new LangfuseSink(stalled);
			case OTEL_BSP -> new OtelSink(stalled);
			case ZIPKIN_ASYNC -> new ZipkinSink(stalled);
			case ARRAY_BLOCKING_QUEUE -> new QueueSink(stalled);
		};
	}

	/**
	 * The settings every exporter benchmark uses; {@code host} is the loopback server or
	 * a dummy.
	 */
	public static IngestConfig.Builder config(String host) {
		return IngestConfig.builder()
			.host(host)
			.publicKey("pk-lf-bench")
			.secretKey("sk-lf-bench")
			.queueCapacity(CAPACITY)
			.maxBatch(BATCH)
			.flushInterval(FLUSH_INTERVAL);
	}

	/**
	 * An exporter (ingestion protocol) to a server that never answers, at the settings of
	 * {@link #config}: its worker waits in its first requests, so it never competes with
	 * a benchmark thread for the cores, and once the queue is full every event takes the
	 * drop path.
	 */
	static LangfuseIngest stalledIngest(Loopback server) {
		return LangfuseIngest.create(config(server.url()).protocol(IngestConfig.Protocol.INGESTION)
			.readTimeout(Duration.ofHours(1))
			.maxRetries(0)
			.shutdownTimeout(Duration.ofSeconds(1))
			.build());
	}

	/**
	 * OpenTelemetry's tracer provider with a {@link BatchSpanProcessor} at the same queue
	 * settings whose exporter never completes ({@link BenchSpanExporter#stalled()}).
	 */
	static SdkTracerProvider stalledOtel() {
		return SdkTracerProvider.builder()
			.addSpanProcessor(BatchSpanProcessor.builder(BenchSpanExporter.stalled())
				.setMaxQueueSize(CAPACITY)
				.setMaxExportBatchSize(BATCH)
				.setScheduleDelay(FLUSH_INTERVAL)
				.build())
			.build();
	}

	/** A customizer that replaces the HTTP client with {@link NoopRequestFactory}. */
	public static LangfuseRestClientCustomizer noopHttp() {
		NoopRequestFactory factory = new NoopRequestFactory();
		return (builder) -> builder.requestFactory(factory);
	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * {@link LangfuseIngest} in ingestion mode with a small span event (about 400 bytes
	 * of JSON).
	 */
	static final class LangfuseSink extends Sink {

		private final LangfuseIngest ingest;

		private final Loopback server;

		private final IngestionEvent event = Events.unit().get(1);

		LangfuseSink(boolean stalled) {
			if (stalled) {
				this.server = Loopback.stalled();
				this.ingest = LangfuseIngest.create(config(this.server.url()).protocol(IngestConfig.Protocol.INGESTION)
					.readTimeout(Duration.ofHours(1))
					.maxRetries(0)
					.shutdownTimeout(Duration.ofSeconds(1))
					.build());
			}
			else {
				this.server = null;
				this.ingest = LangfuseIngest
					.create(config("http://127.0.0.1:9").protocol(IngestConfig.Protocol.INGESTION).build(), noopHttp());
			}
		}

		@Override
		public void enqueue() {
			this.ingest.enqueue(this.event);
		}

		@Override
		public void fill() {
			// the first batch goes to the worker, which then waits for the stalled server
			// forever
			for (int round = 0; round < 3; round++) {
				long before = this.ingest.stats().dropped(DropReason.QUEUE_FULL);
				while (this.ingest.stats().dropped(DropReason.QUEUE_FULL) == before) {
					for (int i = 0; i < 64; i++) {
						this.ingest.enqueue(this.event);
					}
				}
				pause(100);
			}
		}

		@Override
		public String report() {
			IngestStats stats = this.ingest.stats();
			return "accepted " + (stats.accepted() - stats.droppedTotal()) + ", dropped (queue full) "
					+ stats.dropped(DropReason.QUEUE_FULL) + ", sent " + stats.sent();
		}

		@Override
		public void close() {
			this.ingest.close();
			if (this.server != null) {
				this.server.close();
			}
		}

	}

	/**
	 * OpenTelemetry's {@link BatchSpanProcessor#onEnd} with a real SDK span with a few
	 * small attributes.
	 */
	static final class OtelSink extends Sink {

		private final BatchSpanProcessor processor;

		private final ReadableSpan span;

		private final LongAdder exported = new LongAdder();

		OtelSink(boolean stalled) {
			SpanExporter exporter = stalled ? BenchSpanExporter.stalled() : BenchSpanExporter.counting(this.exported);
			this.processor = BatchSpanProcessor.builder(exporter)
				.setMaxQueueSize(CAPACITY)
				.setMaxExportBatchSize(BATCH)
				.setScheduleDelay(FLUSH_INTERVAL)
				.setExporterTimeout(stalled ? Duration.ofHours(1) : Duration.ofSeconds(30))
				.build();
			this.span = captureSpan();
		}

		/**
		 * Creates a real SDK span through a provider whose only processor keeps the ended
		 * span.
		 */
		private static ReadableSpan captureSpan() {
			ReadableSpan[] captured = new ReadableSpan[1];
			SpanProcessor capture = new SpanProcessor() {

				@Override
				public void onStart(Context parentContext, ReadWriteSpan span) {
				}

				@Override
				public boolean isStartRequired() {
					return false;
				}

				@Override
				public void onEnd(ReadableSpan span) {
					captured[0] = span;
				}

				@Override
				public boolean isEndRequired() {
					return true;
				}

			};
			try (SdkTracerProvider provider = SdkTracerProvider.builder()
				.setSampler(Sampler.alwaysOn())
				.addSpanProcessor(capture)
				.build()) {
				provider.get("bench")
					.spanBuilder("retrieve-documents")
					.setAttribute(AttributeKey.stringKey("langfuse.observation.input"),
							"{\"query\":\"quarterly report revenue\"}")
					.setAttribute(AttributeKey.stringKey("langfuse.observation.output"), "{\"documents\":3}")
					.startSpan()
					.end();
			}
			return captured[0];
		}

		@Override
		public void enqueue() {
			this.processor.onEnd(this.span);
		}

		@Override
		public void fill() {
			for (int round = 0; round < 3; round++) {
				for (int i = 0; i < 4 * CAPACITY; i++) {
					this.processor.onEnd(this.span);
				}
				pause(100);
			}
		}

		@Override
		public String report() {
			return "exported " + this.exported.sum() + " (accepted = exported after the final flush)";
		}

		@Override
		public void close() {
			this.processor.shutdown().join(5, TimeUnit.SECONDS);
		}

	}

	/**
	 * Zipkin's {@link AsyncReporter#report} with a span carrying a few small tags, JSON
	 * v2.
	 */
	static final class ZipkinSink extends Sink {

		private final AsyncReporter<Span> reporter;

		private final InMemoryReporterMetrics metrics = new InMemoryReporterMetrics();

		private final Span span;

		private final CountDownLatch release = new CountDownLatch(1);

		ZipkinSink(boolean stalled) {
			this.span = Span.newBuilder()
				.traceId("4bf92f3577b34da6a3ce929d0e0e4736")
				.id("00f067aa0ba902b7")
				.name("retrieve-documents")
				.kind(Span.Kind.CLIENT)
				.timestamp(1_735_689_600_123_000L)
				.duration(950_000L)
				.localEndpoint(Endpoint.newBuilder().serviceName("bench").build())
				.putTag("input", "{\"query\":\"quarterly report revenue\"}")
				.putTag("output", "{\"documents\":3}")
				.build();
			BytesMessageSender sender = new BytesMessageSender.Base(Encoding.JSON) {

				@Override
				public int messageMaxBytes() {
					return 5 * 1024 * 1024;
				}

				@Override
				public void send(List<byte[]> encodedSpans) {
					if (stalled) {
						try {
							ZipkinSink.this.release.await(1, TimeUnit.HOURS);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
					}
				}

				@Override
				public void close() {
					ZipkinSink.this.release.countDown();
				}

			};
			// a message holds BATCH spans; the queue is bounded by count (its byte bound
			// set out of the way)
			int spanBytes = SpanBytesEncoder.JSON_V2.sizeInBytes(this.span);
			this.reporter = AsyncReporter.builder(sender)
				.queuedMaxSpans(CAPACITY)
				.queuedMaxBytes(256 * 1024 * 1024)
				.messageMaxBytes(BATCH * (spanBytes + 1) + 2)
				.messageTimeout(FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)
				.closeTimeout(1, TimeUnit.SECONDS)
				.metrics(this.metrics)
				.build(SpanBytesEncoder.JSON_V2);
		}

		@Override
		public void enqueue() {
			this.reporter.report(this.span);
		}

		@Override
		public void fill() {
			for (int round = 0; round < 3; round++) {
				long before = this.metrics.spansDropped();
				while (this.metrics.spansDropped() == before) {
					for (int i = 0; i < 64; i++) {
						this.reporter.report(this.span);
					}
				}
				pause(100);
			}
		}

		@Override
		public String report() {
			return "reported " + this.metrics.spans() + ", dropped " + this.metrics.spansDropped() + ", sent "
					+ this.metrics.messages() + " messages";
		}

		@Override
		public void close() {
			this.release.countDown();
			this.reporter.close();
		}

	}

	/**
	 * The floor: {@link ArrayBlockingQueue#offer} with a consumer that, like a polling
	 * worker, wakes every 10 ms and drains batches of {@value #BATCH} (it never waits on
	 * the queue, so offers never signal a parked thread).
	 */
	static final class QueueSink extends Sink {

		private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);

		private final Object item = Events.unit().get(1);

		private final Thread consumer;

		private final LongAdder drained = new LongAdder();

		private volatile boolean running = true;

		QueueSink(boolean stalled) {
			if (stalled) {
				this.consumer = null;
				return;
			}
			this.consumer = new Thread(() -> {
				List<Object> batch = new ArrayList<>(BATCH);
				while (this.running) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
					while (this.queue.drainTo(batch, BATCH) > 0) {
						this.drained.add(batch.size());
						batch.clear();
					}
				}
			}, "abq-consumer");
			this.consumer.setDaemon(true);
			this.consumer.start();
		}

		@Override
		public void enqueue() {
			this.queue.offer(this.item);
		}

		@Override
		public void fill() {
			while (this.queue.offer(this.item)) {
				// fill up
			}
		}

		@Override
		public String report() {
			return "drained " + this.drained.sum() + ", queued " + this.queue.size();
		}

		@Override
		public void close() {
			this.running = false;
		}

	}

}
