package io.github.langfuse4j.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.web.client.RestClient;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseHttpClientCustomizer;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;
import io.github.langfuse4j.ingest.RequestObserver;
import io.github.langfuse4j.internal.logging.LogText;
import io.github.langfuse4j.internal.logging.ThrottledLogger;

/**
 * The exporter's private HTTP client: a {@link RestClient} on its own JDK
 * {@link HttpClient}, with Basic auth, the SDK headers, the configured custom headers
 * ({@code langfuse.headers.*}), timeouts, retries with exponential backoff and jitter,
 * and a pause of all sending after a 429. Thread-safe: the {@link Senders} post through
 * it at once; a 429 answered to any of them pauses all of them.
 */
final class LangfuseHttp {

	/** Value of the {@code x-langfuse-sdk-name} header. */
	static final String SDK_NAME = "langfuse-spring-boot-starter";

	private static final Log logger = LogFactory.getLog(LangfuseHttp.class);

	private static final int MAX_RESPONSE_BYTES = 1 << 20;

	private static final Duration MAX_PAUSE = Duration.ofMinutes(5);

	/**
	 * The id at the end of the JDK client's {@code toString()}, for example
	 * {@code ...HttpClientImpl@1b2c3d(7)}.
	 */
	private static final Pattern CLIENT_ID = Pattern.compile("\\((\\d+)\\)$");

	private final RestClient restClient;

	private final ByteArrayRequestFactory requestFactory;

	private final HttpClient httpClient;

	/**
	 * Runs the JDK client's response handling; shut down with the client so that no
	 * thread outlives it.
	 */
	private final ExecutorService executor;

	private final Duration readTimeout;

	private final int maxRetries;

	private final RequestObserver observer;

	/** The server's host and port, for connection failures. */
	private final String address;

	private final RetryTimings timings;

	private final ThrottledLogger pauseLog = new ThrottledLogger(logger, Duration.ofSeconds(30));

	/**
	 * When the last 429 pause ends; meaningful once {@link #paused} is set (it is never
	 * cleared).
	 */
	private volatile long pausedUntilNanos;

	private volatile boolean paused;

	LangfuseHttp(IngestConfig config, LangfuseRestClientCustomizer customizer, RequestObserver observer) {
		this(config, customizer, LangfuseHttpClientCustomizer.NONE, observer, RetryTimings.DEFAULT);
	}

	/**
	 * Creates the client with other retry timings than the {@link RetryTimings#DEFAULT};
	 * for tests that would otherwise wait out real backoff and 429 pauses.
	 */
	LangfuseHttp(IngestConfig config, LangfuseRestClientCustomizer customizer, RequestObserver observer,
			RetryTimings timings) {
		this(config, customizer, LangfuseHttpClientCustomizer.NONE, observer, timings);
	}

	LangfuseHttp(IngestConfig config, LangfuseRestClientCustomizer restClientCustomizer,
			LangfuseHttpClientCustomizer httpClientCustomizer, RequestObserver observer, RetryTimings timings) {
		this.timings = Objects.requireNonNull(timings, "timings");
		this.observer = observer;
		this.address = address(config.host());
		if (!config.hasKeys()) {
			throw new IllegalArgumentException("Langfuse public-key and secret-key are required");
		}
		this.executor = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "langfuse-http");
			thread.setDaemon(true);
			return thread;
		});
		HttpClient.Builder httpBuilder = HttpClient.newBuilder()
			.connectTimeout(config.connectTimeout())
			.executor(this.executor);
		httpClientCustomizer.customize(httpBuilder);
		this.httpClient = httpBuilder.build();
		this.requestFactory = new ByteArrayRequestFactory(this.httpClient, config.readTimeout());
		this.readTimeout = config.readTimeout();
		this.maxRetries = config.maxRetries();
		String credentials = config.publicKey() + ":" + config.secretKey();
		RestClient.Builder builder = RestClient.builder().requestFactory(this.requestFactory).baseUrl(config.host());
		// IngestConfig refuses custom headers with the names set below, so neither
		// replaces the other
		config.headers().forEach(builder::defaultHeader);
		builder
			.defaultHeader(HttpHeaders.AUTHORIZATION,
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
			.defaultHeader("x-langfuse-sdk-name", SDK_NAME)
			.defaultHeader("x-langfuse-sdk-version", SdkVersion.VALUE);
		restClientCustomizer.customize(builder);
		this.restClient = builder.build();
	}

	/**
	 * Posts a JSON body, retrying transient failures up to {@code max-retries} times.
	 * Waits out a 429 pause first.
	 * @param path the path below the host, or an absolute http(s) URL
	 * @param body the body; not changed until this returns
	 * @param headers extra request headers
	 * @param deadlineNanos when to give up, or {@link Transport#NO_DEADLINE}
	 * @return the last result
	 */
	HttpResult post(String path, RequestBody body, Map<String, String> headers, long deadlineNanos) {
		return post(path, body.array(), body.size(), headers, deadlineNanos);
	}

	/**
	 * Posts a body given as the first {@code length} bytes of {@code bytes}; see
	 * {@link #post(String, RequestBody, Map, long)}.
	 */
	HttpResult post(String path, byte[] bytes, int length, Map<String, String> headers, long deadlineNanos) {
		int attempt = 0;
		while (true) {
			if (!awaitPause(deadlineNanos)) {
				return HttpResult.DEADLINE;
			}
			long start = System.nanoTime();
			HttpResult result = postOnce(path, bytes, length, headers, deadlineNanos);
			if (result.status() == 429) {
				pause(result.retryAfter());
			}
			if (result != HttpResult.DEADLINE) {
				notify(path, result, System.nanoTime() - start);
			}
			if (!result.isTransient() || attempt >= this.maxRetries || Thread.currentThread().isInterrupted()) {
				return result;
			}
			long waitNanos = (result.status() == 429) ? 0 : backoffNanos(attempt);
			if (deadlineNanos != Transport.NO_DEADLINE && System.nanoTime() + waitNanos >= deadlineNanos) {
				return result;
			}
			if (!sleep(waitNanos)) {
				return result;
			}
			attempt++;
		}
	}

	private HttpResult postOnce(String path, byte[] bytes, int length, Map<String, String> headers,
			long deadlineNanos) {
		boolean cutByDeadline = false;
		if (deadlineNanos != Transport.NO_DEADLINE) {
			long remaining = deadlineNanos - System.nanoTime();
			if (remaining <= 0) {
				return HttpResult.DEADLINE;
			}
			cutByDeadline = remaining < this.readTimeout.toNanos();
			this.requestFactory.setReadTimeout(Duration.ofNanos(Math.min(remaining, this.readTimeout.toNanos())));
		}
		else {
			this.requestFactory.setReadTimeout(this.readTimeout);
		}
		try {
			// an absolute URL (the OTLP endpoint) as it is, not as a URI template
			RestClient.RequestBodySpec spec = isAbsolute(path) ? this.restClient.post().uri(URI.create(path))
					: this.restClient.post().uri(path);
			return spec.contentType(MediaType.APPLICATION_JSON)
				.headers((h) -> headers.forEach(h::set))
				.body((StreamingHttpOutputMessage.Body) (out) -> out.write(bytes, 0, length))
				.exchange((request, response) -> new HttpResult(response.getStatusCode().value(),
						readLimited(response.getBody()), retryAfter(response.getHeaders()), null), true);
		}
		catch (RuntimeException ex) {
			if (Thread.currentThread().isInterrupted() || (cutByDeadline && System.nanoTime() >= deadlineNanos)) {
				return HttpResult.DEADLINE; // the shutdown interrupted the request, or
											// its deadline ended it
			}
			return HttpResult.failure(describe((ex.getCause() != null) ? ex.getCause() : ex, path));
		}
	}

	/**
	 * A failure without a response, for logs and health: the exception's type and message
	 * (or its cause's, the JDK client's {@code ConnectException} has none), and the host
	 * and port when no connection could be made.
	 */
	private String describe(Throwable failure, String path) {
		boolean connecting = failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException
				|| failure instanceof UnknownHostException || failure instanceof UnresolvedAddressException;
		if (!connecting) {
			return LogText.of(failure);
		}
		String message = LogText.message(failure);
		String address = isAbsolute(path) ? address(path) : this.address;
		return failure.getClass().getSimpleName() + ": cannot connect to " + address
				+ ((message != null) ? " (" + message + ")" : "");
	}

	/**
	 * The host and port of a base URL, for a message: {@code localhost:3000},
	 * {@code cloud.langfuse.com:443}.
	 */
	private static String address(String host) {
		try {
			URI uri = URI.create(host);
			int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
			return LogText.safe(uri.getHost(), LogText.NAME) + ":" + port;
		}
		catch (RuntimeException ex) {
			return LogText.safe(host, LogText.NAME);
		}
	}

	private void notify(String path, HttpResult result, long nanos) {
		try {
			this.observer.requestCompleted(endpoint(path), result.status(), result.failure(), nanos);
		}
		catch (RuntimeException ex) {
			logger.debug("Langfuse request observer failed", ex);
		}
	}

	/**
	 * The endpoint's short name for metrics: {@code ingestion} for the ingestion path,
	 * {@code otlp} for the OTLP path or the configured OTLP endpoint.
	 */
	static String endpoint(String path) {
		return path.equals(IngestionTransport.PATH) ? "ingestion" : "otlp";
	}

	/** Whether a request target is a full URL rather than a path below the host. */
	static boolean isAbsolute(String target) {
		return target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8);
	}

	private static byte[] readLimited(InputStream in) {
		try (in) {
			return in.readNBytes(MAX_RESPONSE_BYTES);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null) {
			return null;
		}
		try {
			long seconds = Long.parseLong(value.strip());
			return Duration.ofSeconds(Math.max(0, seconds));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private void pause(Duration retryAfter) {
		Duration pause = (retryAfter != null) ? retryAfter : this.timings.defaultPause();
		if (pause.compareTo(MAX_PAUSE) > 0) {
			pause = MAX_PAUSE;
		}
		this.pausedUntilNanos = System.nanoTime() + pause.toNanos();
		this.paused = true;
		// every sender checks it before each attempt (awaitPause), so a 429 to one of
		// them pauses all of them
		long seconds = pause.toSeconds();
		this.pauseLog.warn(() -> "Langfuse rate limit reached (HTTP 429); pausing all sending for " + seconds
				+ " s as the server asked (events keep queueing; application unaffected)");
	}

	/**
	 * Waits until a 429 pause ends; {@code false} if the deadline comes first or the
	 * thread is interrupted.
	 */
	private boolean awaitPause(long deadlineNanos) {
		if (!this.paused) {
			return true;
		}
		while (true) {
			// a pause set by another sender while this one waited is waited for as well
			long wait = this.pausedUntilNanos - System.nanoTime();
			if (wait <= 0) {
				return true;
			}
			if (deadlineNanos != Transport.NO_DEADLINE && System.nanoTime() + wait >= deadlineNanos) {
				return false;
			}
			if (!sleep(wait)) {
				return false;
			}
		}
	}

	/** The time until a 429 pause ends, zero when sending is not paused. */
	long pauseRemainingNanos() {
		return this.paused ? Math.max(0, this.pausedUntilNanos - System.nanoTime()) : 0;
	}

	/**
	 * Waits before resending events the server answered with a per-event 5xx or 429 in a
	 * 207: the same backoff as a retried request, and any 429 pause.
	 * @param attempt the attempt that failed, from 0
	 * @param deadlineNanos when to give up, or {@link Transport#NO_DEADLINE}
	 * @return {@code false} if the deadline would pass first or the thread was
	 * interrupted
	 */
	boolean backoff(int attempt, long deadlineNanos) {
		long waitNanos = Math.max(backoffNanos(attempt), pauseRemainingNanos());
		if (deadlineNanos != Transport.NO_DEADLINE && System.nanoTime() + waitNanos >= deadlineNanos) {
			return false;
		}
		return sleep(waitNanos);
	}

	/**
	 * The wait before retry {@code attempt} (from 0): the backoff for that attempt, less
	 * up to a half of it.
	 */
	long backoffNanos(int attempt) {
		long baseNanos = this.timings.backoffBase().toNanos();
		long maxNanos = this.timings.backoffMax().toNanos();
		// doubling per attempt, without overflow: stop doubling once the maximum is
		// reached
		long base = baseNanos;
		for (int i = 0; i < attempt && base > 0 && base < maxNanos; i++) {
			base <<= 1;
		}
		base = Math.min(maxNanos, base);
		return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
	}

	private static boolean sleep(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Stops the JDK client and its threads. The response executor is shut down; the
	 * client's selector thread ({@code HttpClient-N-SelectorManager}) is stopped with
	 * {@code HttpClient.shutdownNow()} on Java 21 and later. Java 17 has no way to close
	 * the client: its selector thread runs until the client is garbage collected. It
	 * stops when interrupted, so on Java 17 the thread of this client (found by the
	 * client's id in its name) is interrupted; if it cannot be found, it still ends at
	 * the next garbage collection.
	 */
	void close() {
		try {
			if (!shutdownNow(this.httpClient)) {
				interruptSelector(this.httpClient);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Closing the Langfuse HTTP client failed", ex);
		}
		this.executor.shutdownNow();
	}

	/**
	 * Calls {@code HttpClient.shutdownNow()} and waits up to a second for it;
	 * {@code false} before Java 21.
	 */
	private static boolean shutdownNow(HttpClient client) {
		Method shutdownNow;
		Method awaitTermination;
		try {
			shutdownNow = HttpClient.class.getMethod("shutdownNow");
			awaitTermination = HttpClient.class.getMethod("awaitTermination", Duration.class);
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
		try {
			shutdownNow.invoke(client);
			awaitTermination.invoke(client, Duration.ofSeconds(1));
		}
		catch (ReflectiveOperationException ex) {
			logger.debug("Shutting down the Langfuse HTTP client failed", ex);
		}
		return true;
	}

	/**
	 * Interrupts the selector thread of a Java 17 client: its name is
	 * {@code HttpClient-<id>-SelectorManager}, and the client's {@code toString()} ends
	 * with {@code (<id>)}. Does nothing if either does not look like that.
	 */
	private static void interruptSelector(HttpClient client) {
		Matcher id = CLIENT_ID.matcher(String.valueOf(client));
		if (!id.find()) {
			return;
		}
		String name = "HttpClient-" + id.group(1) + "-SelectorManager";
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] threads = new Thread[root.activeCount() + 16];
		int count = root.enumerate(threads, true);
		for (int i = 0; i < count; i++) {
			if (threads[i].getName().equals(name)) {
				threads[i].interrupt();
			}
		}
	}

}
