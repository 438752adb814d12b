package io.github.langfuse4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.GenerationCreate;
import io.github.langfuse4j.ingest.model.ObservationBody;

/**
 * Not a JMH benchmark (JMH's {@code -prof gc} counts the allocations of every thread, the
 * worker's serialization included): prints Markdown rows for
 * <ul>
 * <li>bytes allocated by the producer thread per accepted enqueue, for each of the four
 * queues (paced at 100k calls/s, no-op sinks;
 * {@code ThreadMXBean.getThreadAllocatedBytes} of the calling thread only), and</li>
 * <li>heap retained per queued event: {@value #QUEUED} distinct generation events with 1
 * KB of input and 1 KB of output held by an exporter whose server never answers, heap
 * used after {@code System.gc()} before and after.</li>
 * </ul>
 * Run: {@code java -cp benchmarks.jar io.github.langfuse4j.bench.Footprint}.
 */
public final class Footprint {

	private static final int QUEUED = 1900;

	private static final int CALLS = 300_000;

	private Footprint() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println("| Measurement | Queue | Value | Notes |");
		System.out.println("|---|---|---|---|");
		for (Sink.Kind kind : Sink.Kind.values()) {
			allocationPerEnqueue(kind);
		}
		retainedPerEvent();
		System.exit(0);
	}

	private static void allocationPerEnqueue(Sink.Kind kind) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long self = Thread.currentThread().getId();
		try (Sink sink = Sink.create(kind, false)) {
			paced(sink, CALLS); // warm up
			long before = threads.getThreadAllocatedBytes(self);
			paced(sink, CALLS);
			long allocated = threads.getThreadAllocatedBytes(self) - before;
			System.out.printf("| producer allocation per accepted enqueue | %s | %.2f B/call | %s |%n", kind,
					(double) allocated / CALLS, sink.report().replace('|', '/'));
		}
	}

	private static void paced(Sink sink, int calls) {
		long next = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			while (System.nanoTime() - next < 0) {
				Thread.onSpinWait();
			}
			next += Pacer.PERIOD_NANOS;
			sink.enqueue();
		}
	}

	private static void retainedPerEvent() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		try (Loopback server = Loopback.stalled();
				LangfuseIngest ingest = LangfuseIngest.create(Sink.config(server.url())
					.protocol(IngestConfig.Protocol.INGESTION)
					.readTimeout(Duration.ofHours(1))
					.maxRetries(0)
					.shutdownTimeout(Duration.ofSeconds(1))
					.build())) {
			// one warm-up event so that the classes and the worker's first request exist
			// before measuring
			ingest.enqueue(newGeneration());
			Thread.sleep(200);
			long before = usedAfterGc(memory);
			List<Object> none = new ArrayList<>();
			for (int i = 0; i < QUEUED; i++) {
				ingest.enqueue(newGeneration());
			}
			long after = usedAfterGc(memory);
			long dropped = ingest.stats().droppedTotal();
			System.out.printf(
					"| heap retained per queued event (1 KB input + 1 KB output generation) | LANGFUSE "
							+ "| %d B/event | %d events queued, %d dropped; %s |%n",
					(after - before) / QUEUED, QUEUED, dropped,
					none.isEmpty() ? "Java strings of Latin-1 text, 1 byte per char" : "");
			System.out.printf("| implied heap for a full default queue (%d events) | LANGFUSE | %.1f MB | |%n",
					IngestConfig.DEFAULT_QUEUE_CAPACITY,
					(after - before) / (double) QUEUED * IngestConfig.DEFAULT_QUEUE_CAPACITY / 1e6);
		}
	}

	/**
	 * A generation whose input and output are new strings, as an application would build
	 * them.
	 */
	private static GenerationCreate newGeneration() {
		GenerationCreate template = Events.generation(Events.traceId(), Events.observationId(), null);
		ObservationBody body = template.body()
			.toBuilder()
			.input(List.of(Map.of("role", "user", "content", new String(Events.KILOBYTE_INPUT.toCharArray()))))
			.output(new String(Events.KILOBYTE_OUTPUT.toCharArray()))
			.build();
		return new GenerationCreate(template.id(), template.timestamp(), body);
	}

	private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
