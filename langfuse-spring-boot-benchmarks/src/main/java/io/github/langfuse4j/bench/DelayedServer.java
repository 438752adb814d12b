package io.github.langfuse4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback JDK HTTP server that stands for a Langfuse in another region: it reads every
 * POST, counts the events or spans in it, waits a fixed delay and only then answers (207
 * {@code {"successes":[],"errors":[]}} for the ingestion endpoint, 200 {@code {}} for
 * OTLP JSON, 200 with an empty body for OTLP protobuf, which is an empty
 * {@code ExportTraceServiceResponse}). A pool of {@value #THREADS} threads serves
 * requests concurrently, so the delay is per request, not a queue: a client with several
 * requests in flight gets them all answered after one delay.
 *
 * <p>
 * Counting reads the body once, without a JSON library: an ingestion batch counts the
 * objects directly inside its {@code batch} array, OTLP JSON counts the {@code "spanId"}
 * keys (a quote inside a JSON string value is always escaped, so the key cannot be faked
 * by content; {@code "parentSpanId"} does not match), OTLP protobuf counts the spans of
 * {@code ExportTraceServiceRequest.resource_spans[].scope_spans[].spans}. A gzip body
 * ({@code Content-Encoding: gzip}) is inflated first.
 */
public final class DelayedServer implements AutoCloseable {

	static {
		// The JDK server delays small responses ~40 ms unless Nagle is off; must be set
		// before it starts.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	/**
	 * Requests served at the same time; far above what any exporter under test keeps in
	 * flight.
	 */
	static final int THREADS = 64;

	private static final byte[] MULTI_STATUS = "{\"successes\":[],\"errors\":[]}".getBytes(StandardCharsets.UTF_8);

	private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

	private static final byte[] SPAN_ID_KEY = "\"spanId\"".getBytes(StandardCharsets.UTF_8);

	private final HttpServer server;

	private final ExecutorService executor;

	private final long delayNanos;

	private final LongAdder items = new LongAdder();

	private final LongAdder requests = new LongAdder();

	private final LongAdder wireBytes = new LongAdder();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final AtomicLong maxItemsPerRequest = new AtomicLong();

	/**
	 * Creates the server and starts it.
	 * @param delayMillis how long every POST waits before its answer
	 */
	public DelayedServer(long delayMillis) {
		this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
		this.executor = Executors.newFixedThreadPool(THREADS, (runnable) -> {
			Thread thread = new Thread(runnable, "delayed-server");
			thread.setDaemon(true);
			return thread;
		});
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	public String url() {
		return "http://" + this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort();
	}

	/** Events (ingestion) or spans (OTLP) received so far. */
	public long items() {
		return this.items.sum();
	}

	public long requests() {
		return this.requests.sum();
	}

	/** Bytes of request bodies as they came over the wire (compressed, if they were). */
	public long wireBytes() {
		return this.wireBytes.sum();
	}

	/**
	 * The most requests that waited for their answer at the same time (from the start of
	 * the handler to the start of the answer).
	 */
	public int maxInFlight() {
		return this.maxInFlight.get();
	}

	public long maxItemsPerRequest() {
		return this.maxItemsPerRequest.get();
	}

	/** Zeroes the counters (between two measurements on the same server). */
	public void reset() {
		this.items.reset();
		this.requests.reset();
		this.wireBytes.reset();
		this.maxInFlight.set(this.inFlight.get());
		this.maxItemsPerRequest.set(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		long start = System.nanoTime();
		int now = this.inFlight.incrementAndGet();
		this.maxInFlight.accumulateAndGet(now, Math::max);
		boolean waiting = true;
		try (exchange) {
			byte[] wire;
			try (InputStream in = exchange.getRequestBody()) {
				wire = in.readAllBytes();
			}
			byte[] body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
					? gunzip(wire) : wire;
			String type = exchange.getRequestHeaders().getFirst("Content-Type");
			boolean ingestion = exchange.getRequestURI().getPath().endsWith("/ingestion");
			boolean protobuf = type != null && type.contains("protobuf");
			long count = ingestion ? countBatchItems(body) : protobuf ? countProtobufSpans(body) : countSpanIds(body);
			this.items.add(count);
			this.requests.increment();
			this.wireBytes.add(wire.length);
			this.maxItemsPerRequest.accumulateAndGet(count, Math::max);
			long left = this.delayNanos - (System.nanoTime() - start);
			if (left > 0) {
				// the simulated round trip: this thread is the "network", nothing waits
				// for it but its client
				TimeUnit.NANOSECONDS.sleep(left);
			}
			// no longer waiting: a client that posts its next request as soon as it has
			// this answer must not find this one still counted
			this.inFlight.decrementAndGet();
			waiting = false;
			byte[] answer = ingestion ? MULTI_STATUS : protobuf ? new byte[0] : EMPTY_OBJECT;
			exchange.getResponseHeaders().set("Content-Type", protobuf ? "application/x-protobuf" : "application/json");
			exchange.sendResponseHeaders(ingestion ? 207 : 200, (answer.length != 0) ? answer.length : -1);
			if (answer.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(answer);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			if (waiting) {
				this.inFlight.decrementAndGet();
			}
		}
	}

	private static byte[] gunzip(byte[] wire) throws IOException {
		try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(wire))) {
			return in.readAllBytes();
		}
	}

	/**
	 * Objects that open directly inside the top-level object's array
	 * ({@code {"batch":[{..},{..}]}}).
	 */
	static long countBatchItems(byte[] json) {
		long count = 0;
		int depth = 0;
		boolean inString = false;
		for (int i = 0; i < json.length; i++) {
			byte b = json[i];
			if (inString) {
				if (b == '\\') {
					i++;
				}
				else if (b == '"') {
					inString = false;
				}
				continue;
			}
			switch (b) {
				case '"' -> inString = true;
				case '{', '[' -> {
					if (b == '{' && depth == 2) {
						count++;
					}
					depth++;
				}
				case '}', ']' -> depth--;
				default -> {
				}
			}
		}
		return count;
	}

	static long countSpanIds(byte[] json) {
		long count = 0;
		outer: for (int i = 0; i <= json.length - SPAN_ID_KEY.length; i++) {
			for (int j = 0; j < SPAN_ID_KEY.length; j++) {
				if (json[i + j] != SPAN_ID_KEY[j]) {
					continue outer;
				}
			}
			count++;
		}
		return count;
	}

	/**
	 * Spans of an {@code ExportTraceServiceRequest}: field 1 (ResourceSpans) > field 2
	 * (ScopeSpans) > field 2.
	 */
	static long countProtobufSpans(byte[] body) {
		long count = 0;
		Reader request = new Reader(body, 0, body.length);
		while (request.next()) {
			if (request.field == 1 && request.wireType == 2) {
				Reader resourceSpans = request.sub();
				while (resourceSpans.next()) {
					if (resourceSpans.field == 2 && resourceSpans.wireType == 2) {
						Reader scopeSpans = resourceSpans.sub();
						while (scopeSpans.next()) {
							if (scopeSpans.field == 2 && scopeSpans.wireType == 2) {
								count++;
							}
						}
					}
				}
			}
		}
		return count;
	}

	/** The smallest protobuf reader that walks fields and skips what it does not need. */
	private static final class Reader {

		private final byte[] bytes;

		private int position;

		private final int end;

		int field;

		int wireType;

		private int valueStart;

		private int valueEnd;

		Reader(byte[] bytes, int start, int end) {
			this.bytes = bytes;
			this.position = start;
			this.end = end;
		}

		boolean next() {
			if (this.position >= this.end) {
				return false;
			}
			long key = varint();
			this.field = (int) (key >>> 3);
			this.wireType = (int) (key & 7);
			switch (this.wireType) {
				case 0 -> varint();
				case 1 -> this.position += 8;
				case 5 -> this.position += 4;
				case 2 -> {
					int length = (int) varint();
					this.valueStart = this.position;
					this.valueEnd = this.position + length;
					this.position = this.valueEnd;
				}
				default -> throw new IllegalArgumentException("wire type " + this.wireType);
			}
			return true;
		}

		Reader sub() {
			return new Reader(this.bytes, this.valueStart, this.valueEnd);
		}

		private long varint() {
			long value = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				byte b = this.bytes[this.position++];
				value |= (long) (b & 0x7f) << shift;
				if (b >= 0) {
					return value;
				}
			}
			throw new IllegalArgumentException("varint");
		}

	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
