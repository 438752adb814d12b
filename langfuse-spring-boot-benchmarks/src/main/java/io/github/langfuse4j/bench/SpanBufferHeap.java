package io.github.langfuse4j.bench;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpServer;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseTrace;

/**
 * Not a JMH benchmark: the heap the OTLP span buffer holds for structured values. Under
 * one trace that stays open, {@value #GENERATIONS} generations are started and ended,
 * each with a map input of 100 entries of 1,000 Latin-1 characters (about 100 KB), paced
 * at about one per millisecond so that the worker takes most of them from the queue. A
 * loopback server answers every request with 200. The heap used after {@code System.gc()}
 * is printed before the trace and after the worker has taken the events in (3 s later,
 * the trace still open), with the exporter's stats. Default settings otherwise (queue
 * 2,048, span buffer about 32 MB).
 * <p>
 * Run:
 * {@code java -Xmx512m -cp benchmarks.jar io.github.langfuse4j.bench.SpanBufferHeap}.
 */
public final class SpanBufferHeap {

	private static final int GENERATIONS = 6_000;

	private SpanBufferHeap() {
	}

	public static void main(String[] args) throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		LangfuseIngest ingest = LangfuseIngest.create(IngestConfig.builder()
			.host("http://127.0.0.1:" + server.getAddress().getPort())
			.publicKey("pk-lf-bench")
			.secretKey("sk-lf-bench")
			.build());
		Langfuse langfuse = Langfuse.create(ingest);
		long before = usedAfterGc();
		LangfuseTrace trace = langfuse.trace("open").start();
		for (int i = 0; i < GENERATIONS; i++) {
			Map<String, Object> input = new LinkedHashMap<>();
			for (int k = 0; k < 100; k++) {
				input.put("k" + k, ("v" + i + "-" + k + "-").repeat(200).substring(0, 1000));
			}
			trace.generation("g" + i).model("m").input(input).start().end();
			if (i % 10 == 0) {
				LockSupport.parkNanos(10_000_000); // pacing of the producer, not a wait
													// for the worker
			}
		}
		LockSupport.parkNanos(3_000_000_000L);
		long after = usedAfterGc();
		System.out.println("stats: " + ingest.stats());
		System.out.printf("heap used after GC, trace still open: %.1f MB more than before it started%n",
				(after - before) / 1e6);
		trace.end();
		ingest.close();
		server.stop(0);
		System.exit(0);
	}

	private static long usedAfterGc() {
		for (int i = 0; i < 4; i++) {
			System.gc();
			LockSupport.parkNanos(200_000_000);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
