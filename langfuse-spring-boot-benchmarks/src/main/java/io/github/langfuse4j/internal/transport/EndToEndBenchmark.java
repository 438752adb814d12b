package io.github.langfuse4j.internal.transport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import io.github.langfuse4j.bench.Events;
import io.github.langfuse4j.bench.Loopback;
import io.github.langfuse4j.bench.Notes;
import io.github.langfuse4j.bench.Sink;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;

/**
 * One worker end to end to a loopback JDK HTTP server (207/200 with a fixed small body),
 * in events per second, with batches of 100 events of the usual mix (see
 * {@link Events#unit()}): the exporter (enqueue {@value #EVENTS} events, then
 * {@code flush()}), against the raw ceiling measured in the same run: the JDK
 * {@link HttpClient} posting pre-serialized bodies, and serializing then posting: for
 * ingestion the plainest way (one mapper call per batch), for OTLP with the exporter's
 * encoder. Also the two {@code RestClient} bridges with pre-serialized bodies: the
 * exporter's own request factory and Spring's stock JDK one.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class EndToEndBenchmark {

	static final int EVENTS = 1000;

	static final int BATCH = Sink.BATCH;

	/** The exporter, in either protocol, against its own loopback server. */
	@State(Scope.Thread)
	public static class Exporter {

		@Param({ "INGESTION", "OTLP" })
		public IngestConfig.Protocol protocol;

		Loopback server;

		LangfuseIngest ingest;

		List<IngestionEvent> events;

		@Setup(Level.Trial)
		public void start() {
			this.server = Loopback.answering();
			this.ingest = LangfuseIngest.create(Sink.config(this.server.url()).protocol(this.protocol).build());
		}

		/**
		 * Fresh ids every time: the OTLP transport refuses to export an observation id
		 * twice.
		 */
		@Setup(Level.Invocation)
		public void newEvents() {
			this.events = Events.units(EVENTS);
		}

		@TearDown(Level.Trial)
		public void stop() {
			IngestStats stats = this.ingest.stats();
			Notes.extra("end to end " + this.protocol + ": accepted " + stats.accepted() + ", sent " + stats.sent()
					+ ", dropped " + stats.droppedTotal() + ", failed " + stats.failed() + ", rejected "
					+ stats.rejected());
			this.ingest.close();
			this.server.close();
		}

	}

	/**
	 * The JDK client alone, with the exporter's headers, and the bodies of the same
	 * events.
	 */
	@State(Scope.Thread)
	public static class Raw {

		Loopback server;

		HttpClient client;

		URI ingestionUri;

		URI otlpUri;

		BenchSupport support;

		List<List<IngestionEvent>> batches;

		byte[][] ingestionBodies;

		byte[][] otlpBodies;

		String authorization;

		org.springframework.web.client.RestClient restClient;

		/**
		 * The exporter's own HTTP client: a RestClient on its byte-array request factory.
		 */
		LangfuseHttp http;

		final RequestBody body = new RequestBody(64 * 1024);

		@Setup(Level.Trial)
		public void start() {
			this.server = Loopback.answering();
			this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			this.ingestionUri = URI.create(this.server.url() + IngestionTransport.PATH);
			this.otlpUri = URI.create(this.server.url() + OtlpTransport.PATH);
			this.authorization = "Basic "
					+ Base64.getEncoder().encodeToString("pk-lf-bench:sk-lf-bench".getBytes(StandardCharsets.UTF_8));
			this.support = new BenchSupport(Sink.config(this.server.url()).build());
			// a RestClient on Spring's stock JdkClientHttpRequestFactory (the exporter's
			// before it had its own)
			org.springframework.http.client.JdkClientHttpRequestFactory factory = new org.springframework.http.client.JdkClientHttpRequestFactory(
					HttpClient.newBuilder()
						.connectTimeout(Duration.ofSeconds(5))
						.executor(java.util.concurrent.Executors.newCachedThreadPool((r) -> {
							Thread thread = new Thread(r, "restclient-http");
							thread.setDaemon(true);
							return thread;
						}))
						.build());
			factory.setReadTimeout(Duration.ofSeconds(10));
			this.restClient = org.springframework.web.client.RestClient.builder()
				.requestFactory(factory)
				.baseUrl(this.server.url())
				.defaultHeader("Authorization", this.authorization)
				.defaultHeader("x-langfuse-sdk-name", LangfuseHttp.SDK_NAME)
				.defaultHeader("x-langfuse-sdk-version", SdkVersion.VALUE)
				.build();
			IngestConfig config = Sink.config(this.server.url()).protocol(IngestConfig.Protocol.INGESTION).build();
			this.http = new LangfuseHttp(config, (builder) -> {
			}, RequestObserverNone.INSTANCE);
			List<IngestionEvent> events = Events.units(EVENTS);
			int n = EVENTS / BATCH;
			this.batches = new java.util.ArrayList<>(n);
			this.ingestionBodies = new byte[n][];
			this.otlpBodies = new byte[n][];
			for (int i = 0; i < n; i++) {
				List<IngestionEvent> batch = events.subList(i * BATCH, (i + 1) * BATCH);
				this.batches.add(batch);
				this.ingestionBodies[i] = this.support.ingestionBody(batch).toByteArray();
				this.otlpBodies[i] = this.support.otlpBody(BenchSupport.assemble(batch)).toByteArray();
			}
		}

		int post(URI uri, byte[] body) throws IOException, InterruptedException {
			return post(uri, body, body.length);
		}

		int post(URI uri, byte[] body, int length) throws IOException, InterruptedException {
			HttpRequest request = HttpRequest.newBuilder(uri)
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", "application/json")
				.header("Authorization", this.authorization)
				.header("x-langfuse-sdk-name", LangfuseHttp.SDK_NAME)
				.header("x-langfuse-sdk-version", SdkVersion.VALUE)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body, 0, length))
				.build();
			HttpResponse<byte[]> response = this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
			return response.statusCode() + response.body().length;
		}

		/** The same post through a RestClient on Spring's stock JDK request factory. */
		int postViaRestClient(String path, byte[] body) {
			return this.restClient.post()
				.uri(path)
				.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
				.body(body)
				.exchange((request, response) -> response.getStatusCode().value()
						+ response.getBody().readNBytes(1 << 20).length, true);
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.http.close();
			this.server.close();
		}

	}

	/**
	 * Pre-serialized bodies through the exporter's own HTTP client (RestClient on its
	 * request factory).
	 */
	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public int exporterHttpPostIngestion(Raw state) {
		int sum = 0;
		RequestBody body = state.body;
		for (byte[] bytes : state.ingestionBodies) {
			body.reset();
			body.writeBytes(bytes);
			sum += state.http.post(IngestionTransport.PATH, body, java.util.Map.of(), Transport.NO_DEADLINE).status();
		}
		return sum;
	}

	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public void exporter(Exporter state) {
		for (IngestionEvent event : state.events) {
			state.ingest.enqueue(event);
		}
		state.ingest.flush();
	}

	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public int rawPostIngestion(Raw state) throws Exception {
		int sum = 0;
		for (byte[] body : state.ingestionBodies) {
			sum += state.post(state.ingestionUri, body);
		}
		return sum;
	}

	/**
	 * Pre-serialized bodies through a RestClient on Spring's stock JDK request factory:
	 * the cost of that bridge.
	 */
	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public int restClientPostIngestion(Raw state) {
		int sum = 0;
		for (byte[] body : state.ingestionBodies) {
			sum += state.postViaRestClient(IngestionTransport.PATH, body);
		}
		return sum;
	}

	/**
	 * The ceiling the exporter is held to: the plainest serialize + post, each batch
	 * written by one call of the mapper (no per-event isolation, no size limits), then
	 * posted by the JDK client.
	 */
	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public int rawSerializeAndPostIngestion(Raw state) throws Exception {
		int sum = 0;
		for (List<IngestionEvent> batch : state.batches) {
			sum += state.post(state.ingestionUri, state.support.plainIngestionBody(batch));
		}
		return sum;
	}

	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public int rawPostOtlp(Raw state) throws Exception {
		int sum = 0;
		for (byte[] body : state.otlpBodies) {
			sum += state.post(state.otlpUri, body);
		}
		return sum;
	}

	/**
	 * The OTLP ceiling: the events assembled into spans and encoded straight into a body,
	 * then posted.
	 */
	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public int rawSerializeAndPostOtlp(Raw state) throws Exception {
		int sum = 0;
		for (List<IngestionEvent> batch : state.batches) {
			RequestBody body = state.support.otlpBody(BenchSupport.assemble(batch));
			sum += state.post(state.otlpUri, body.array(), body.size());
		}
		return sum;
	}

}
