package io.github.langfuse4j.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.AbstractClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A no-op sink for the exporter: a {@link ClientHttpRequestFactory} (installed through
 * the public {@code LangfuseRestClientCustomizer}) whose requests discard their body and
 * answer at once like Langfuse does when every event succeeded: 207 with no errors, or
 * 200 {@code {}}. Everything before the socket (serialization, batching, accounting) runs
 * as in production; this is the equivalent of OpenTelemetry's no-op exporter and Zipkin's
 * no-op sender.
 */
public final class NoopRequestFactory implements ClientHttpRequestFactory {

	private static final byte[] MULTI_STATUS = "{\"successes\":[],\"errors\":[]}".getBytes(StandardCharsets.UTF_8);

	private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new Request(uri, httpMethod);
	}

	private static final class Request extends AbstractClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		Request(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
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
			return OutputStream.nullOutputStream();
		}

		@Override
		protected ClientHttpResponse executeInternal(HttpHeaders headers) {
			boolean ingestion = this.uri.getPath().endsWith("/ingestion");
			return new Response(ingestion ? HttpStatus.MULTI_STATUS : HttpStatus.OK,
					ingestion ? MULTI_STATUS : EMPTY_OBJECT);
		}

	}

	private static final class Response implements ClientHttpResponse {

		private final HttpStatus status;

		private final byte[] body;

		private final HttpHeaders headers = new HttpHeaders();

		Response(HttpStatus status, byte[] body) {
			this.status = status;
			this.body = body;
			this.headers.setContentType(MediaType.APPLICATION_JSON);
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return this.status;
		}

		@Override
		public String getStatusText() {
			return this.status.getReasonPhrase();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.body);
		}

		@Override
		public void close() {
		}

	}

}
