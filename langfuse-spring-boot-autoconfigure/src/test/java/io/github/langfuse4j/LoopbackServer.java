package io.github.langfuse4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback that records every request and answers with a per-path
 * {@link Responder}. By default it answers like Langfuse: a 207 with every event of an
 * ingestion batch in {@code successes}, and 200 {@code {}} for OTLP.
 */
public final class LoopbackServer implements AutoCloseable {

	static {
		// The JDK server delays small responses ~40 ms unless Nagle is off; must be set
		// before it starts.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	public static final String INGESTION = "/api/public/ingestion";

	public static final String OTLP = "/api/public/otel/v1/traces";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool((r) -> {
		Thread thread = new Thread(r, "loopback-server");
		thread.setDaemon(true);
		return thread;
	});

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Responder> responders = new ConcurrentHashMap<>();

	private final CountDownLatch release = new CountDownLatch(1);

	public LoopbackServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/** The base URL, for example {@code http://127.0.0.1:40123}. */
	public String url() {
		return "http://" + this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort();
	}

	/** Sets how requests to {@code path} are answered. */
	public LoopbackServer respond(String path, Responder responder) {
		this.responders.put(path, responder);
		return this;
	}

	/** Every request so far, in arrival order. */
	public List<Recorded> requests() {
		return new ArrayList<>(this.requests);
	}

	/** Requests to one path. */
	public List<Recorded> requests(String path) {
		return this.requests.stream().filter((r) -> r.path().equals(path)).toList();
	}

	/**
	 * A responder that never answers until the server is closed (or
	 * {@link #releaseStalled()}).
	 */
	public Responder stall() {
		return (request) -> {
			try {
				this.release.await(5, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return Response.json(500, "{}");
		};
	}

	public void releaseStalled() {
		this.release.countDown();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readAllBytes();
			Recorded recorded = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders(), body);
			this.requests.add(recorded);
			Responder responder = this.responders.getOrDefault(recorded.path(), LoopbackServer::langfuseDefault);
			Response response = responder.respond(recorded);
			if (response.delay() != null) {
				try {
					// The server's own latency, which is what slow-server tests exercise
					// (read timeouts, the shutdown deadline): the test thread never
					// sleeps, it awaits outcomes with deadlines.
					Thread.sleep(response.delay().toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			if (response.reset()) {
				// closing the exchange before the response headers closes the connection:
				// the client gets no answer
				return;
			}
			response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
			byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(response.status(), (bytes.length == 0) ? -1 : bytes.length);
			if (response.cutAfter() >= 0) {
				// headers and the first bytes, then the connection closes: the body is
				// incomplete
				OutputStream out = exchange.getResponseBody();
				out.write(bytes, 0, Math.min(response.cutAfter(), bytes.length));
				out.flush();
				return;
			}
			if (bytes.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		}
	}

	/** Answers like Langfuse: 207 with all events successful, or 200 {} for OTLP. */
	public static Response langfuseDefault(Recorded request) {
		if (request.path().equals(INGESTION)) {
			return Response.json(207, allSucceeded(request));
		}
		return Response.json(200, "{}");
	}

	/** The 207 body Langfuse sends when every event of the recorded batch succeeded. */
	public static String allSucceeded(Recorded request) {
		StringBuilder successes = new StringBuilder();
		for (String id : request.eventIds()) {
			successes.append((successes.length() > 0) ? "," : "")
				.append("{\"id\":\"")
				.append(id)
				.append("\",\"status\":201}");
		}
		return "{\"successes\":[" + successes + "],\"errors\":[]}";
	}

	@Override
	public void close() {
		this.release.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** Decides the answer to a request. */
	@FunctionalInterface
	public interface Responder {

		Response respond(Recorded request);

	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param body the body
	 * @param headers the response headers
	 * @param delay how long the server waits before it answers, or {@code null}
	 * @param reset whether the server closes the connection instead of answering
	 * @param cutAfter if not negative, the server closes the connection after this many
	 * body bytes
	 */
	public record Response(int status, String body, Map<String, String> headers, Duration delay, boolean reset,
			int cutAfter) {

		public static Response json(int status, String body) {
			return new Response(status, body, Map.of("Content-Type", "application/json"), null, false, -1);
		}

		public static Response text(int status, String body) {
			return new Response(status, body, Map.of("Content-Type", "text/plain"), null, false, -1);
		}

		/** No answer at all: the connection is closed as soon as the request is read. */
		public static Response connectionReset() {
			return new Response(0, "", Map.of(), null, true, -1);
		}

		public Response withHeader(String name, String value) {
			Map<String, String> all = new java.util.HashMap<>(this.headers);
			all.put(name, value);
			return new Response(this.status, this.body, all, this.delay, this.reset, this.cutAfter);
		}

		public Response delayedBy(Duration delay) {
			return new Response(this.status, this.body, this.headers, delay, this.reset, this.cutAfter);
		}

		/**
		 * Sends the headers and {@code bytes} bytes of the body, then closes the
		 * connection.
		 */
		public Response cutAfter(int bytes) {
			return new Response(this.status, this.body, this.headers, this.delay, this.reset, bytes);
		}

	}

	/** A received request. */
	public record Recorded(String method, String path, Headers headers, byte[] body) {

		public String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		public String header(String name) {
			return this.headers.getFirst(name);
		}

		/** Envelope ids of an ingestion batch, in order. */
		public List<String> eventIds() {
			return TestJson.eventIds(this.body);
		}

	}

	/** Creates a responder from a function of the request. */
	public static Responder responder(Function<Recorded, Response> function) {
		return function::apply;
	}

}
