package io.github.langfuse4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JDK HTTP server on loopback that answers like Langfuse when everything succeeded,
 * with a fixed small body: 207 {@code {"successes":[],"errors":[]}} for
 * {@code /api/public/ingestion}, 200 {@code {}} otherwise. A stalled server reads the
 * request and never answers (until closed).
 */
public final class Loopback implements AutoCloseable {

	static {
		// The JDK server delays small responses ~40 ms unless Nagle is off; must be set
		// before it starts.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	private static final byte[] MULTI_STATUS = "{\"successes\":[],\"errors\":[]}".getBytes(StandardCharsets.UTF_8);

	private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

	private final HttpServer server;

	private final ExecutorService executor;

	private final boolean stalled;

	private final CountDownLatch release = new CountDownLatch(1);

	private Loopback(boolean stalled) {
		this.stalled = stalled;
		this.executor = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "loopback-server");
			thread.setDaemon(true);
			return thread;
		});
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

	/** A server that answers at once. */
	public static Loopback answering() {
		return new Loopback(false);
	}

	/** A server that never answers. */
	public static Loopback stalled() {
		return new Loopback(true);
	}

	public String url() {
		return "http://" + this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			in.transferTo(OutputStream.nullOutputStream());
			if (this.stalled) {
				try {
					this.release.await(1, TimeUnit.HOURS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return;
			}
			boolean ingestion = exchange.getRequestURI().getPath().endsWith("/ingestion");
			byte[] body = ingestion ? MULTI_STATUS : EMPTY_OBJECT;
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(ingestion ? 207 : 200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		this.release.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
