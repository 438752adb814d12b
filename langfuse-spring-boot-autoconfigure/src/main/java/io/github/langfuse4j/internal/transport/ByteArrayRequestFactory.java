package io.github.langfuse4j.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A {@link ClientHttpRequestFactory} on the JDK {@link HttpClient} that hands the client
 * the exporter's body array as it is. Spring's {@code JdkClientHttpRequestFactory}
 * streams every body through an output-stream publisher on another thread and completes
 * responses on yet another, which costs the exporter much of its throughput (the
 * benchmark module measures it). The exporter's bodies are already in memory: a body
 * written in one call is published without a copy ({@link CapturingOutputStream}), and
 * the response is read on the calling thread.
 *
 * <p>
 * The read timeout applies per request and may be changed between requests by the thread
 * that creates them (a request with a deadline shortens it to the time left). A request
 * whose thread is interrupted is cancelled and fails with an {@link IOException}.
 */
final class ByteArrayRequestFactory implements ClientHttpRequestFactory {

	/** Headers the JDK client sets itself and refuses from callers. */
	private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

	private final HttpClient client;

	/**
	 * Per thread: several senders post at once, each with the time left before its own
	 * deadline.
	 */
	private final ThreadLocal<Duration> readTimeout;

	ByteArrayRequestFactory(HttpClient client, Duration readTimeout) {
		this.client = client;
		this.readTimeout = ThreadLocal.withInitial(() -> readTimeout);
	}

	/** Sets the read timeout of the requests this thread creates next. */
	void setReadTimeout(Duration readTimeout) {
		this.readTimeout.set(readTimeout);
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
		return new Request(uri, method, this.readTimeout.get());
	}

	private final class Request extends AbstractClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		private final Duration timeout;

		private final CapturingOutputStream body = new CapturingOutputStream();

		Request(URI uri, HttpMethod method, Duration timeout) {
			this.uri = uri;
			this.method = method;
			this.timeout = timeout;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		protected OutputStream getBodyInternal(HttpHeaders headers) {
			return this.body;
		}

		@Override
		protected ClientHttpResponse executeInternal(HttpHeaders headers) throws IOException {
			HttpRequest.Builder builder = HttpRequest.newBuilder(this.uri)
				.timeout(this.timeout)
				.method(this.method.name(), this.body.publisher());
			headers.forEach((name, values) -> {
				if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
					values.forEach((value) -> builder.header(name, value));
				}
			});
			// The blocking send completes the response on this thread. The public
			// sendAsync completes it on an executor, which on a 2-core machine (common
			// pool parallelism 1) means a new thread per request: measured at about 2 ms
			// a request here. Since Java 16 send cancels the exchange when interrupted.
			try {
				return new Response(ByteArrayRequestFactory.this.client.send(builder.build(),
						HttpResponse.BodyHandlers.ofInputStream()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Request was interrupted", ex);
			}
		}

	}

	private static final class Response implements ClientHttpResponse {

		private final HttpResponse<InputStream> response;

		private final HttpHeaders headers = new HttpHeaders();

		Response(HttpResponse<InputStream> response) {
			this.response = response;
			response.headers()
				.map()
				.forEach((name, values) -> values.forEach((value) -> this.headers.add(name, value)));
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatusCode.valueOf(this.response.statusCode());
		}

		@Override
		public String getStatusText() {
			return "";
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return this.response.body();
		}

		@Override
		public void close() {
			try {
				this.response.body().close();
			}
			catch (IOException ex) {
				// nothing left to release
			}
		}

	}

}
