package io.github.langfuse4j.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.InvalidSettingException;

/**
 * Configuration properties of the Langfuse starter ({@code langfuse.*}).
 */
@ConfigurationProperties("langfuse")
public class LangfuseProperties {

	/**
	 * Whether to export to Langfuse. When false, or when a key is missing, a no-op
	 * exporter is used and the application starts normally.
	 */
	private boolean enabled = true;

	/**
	 * Base URL of the Langfuse server, for example https://us.cloud.langfuse.com or
	 * http://localhost:3000. A trailing slash is ignored.
	 */
	private String host = "https://cloud.langfuse.com";

	/**
	 * Public key of the Langfuse project (pk-lf-...).
	 */
	private @Nullable String publicKey;

	/**
	 * Secret key of the Langfuse project (sk-lf-...). Never logged.
	 */
	private @Nullable String secretKey;

	/**
	 * Wire protocol for traces and observations: 'otlp' (OpenTelemetry, needs Langfuse
	 * server 3.81 or newer; required by Langfuse Cloud and v4) or 'ingestion' (legacy
	 * batch endpoint, for older self-hosted servers). Scores always use the ingestion
	 * endpoint.
	 */
	private IngestConfig.Protocol protocol = IngestConfig.Protocol.OTLP;

	/**
	 * Langfuse environment set on every trace, observation and score: 1 to 40 characters
	 * of a-z, 0-9, '_' or '-', not starting with 'langfuse'. Unset means Langfuse's
	 * 'default'.
	 */
	private @Nullable String environment;

	/**
	 * Release (for example a version or commit) set on every trace and observation.
	 */
	private @Nullable String release;

	/**
	 * Most events in one request, 1 to 10000. A batch is sent as soon as this many events
	 * are waiting.
	 */
	private int maxBatch = 2000;

	/**
	 * Most bytes in one request body, 1B to 4608KB (4.5 MiB, the largest body Langfuse
	 * accepts); larger batches are split.
	 */
	private DataSize maxBatchBytes = DataSize.ofKilobytes(3500);

	/**
	 * Most bytes of one serialized event, 1B to 4608KB. A larger event has its largest
	 * fields among input, output and metadata replaced by a marker saying how big they
	 * were, until it fits; if it still does not fit it is dropped and counted (reason
	 * 'oversize').
	 */
	private DataSize maxEventBytes = DataSize.ofMegabytes(1);

	/**
	 * Longest time an event waits in the queue before it is sent, 10ms to 1h.
	 */
	private Duration flushInterval = Duration.ofSeconds(1);

	/**
	 * Most events waiting to be sent, 1 to 1000000. When the queue is full, new events
	 * are dropped and counted (langfuse.ingest.dropped); the application is never
	 * blocked. Each queued event holds its input, output and metadata.
	 */
	private int queueCapacity = 10000;

	/**
	 * Timeout for opening a connection to Langfuse, 1ms to 1h.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Timeout for the response to one request, 1ms to 1h.
	 */
	private Duration readTimeout = Duration.ofSeconds(10);

	/**
	 * Longest time the application's shutdown spends sending what is still queued, 0s to
	 * 1h; the rest is dropped and counted.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(5);

	/**
	 * How often a request that failed transiently (connection error, timeout, 429, 500,
	 * 502, 503, 504) is retried, with exponential backoff, 0 to 10. 0 disables retries.
	 */
	private int maxRetries = 2;

	/**
	 * Most requests on the wire at once, 1 to 16: the worker writes the next request
	 * while earlier ones wait for their answers, so that a distant server's round trip
	 * does not limit the throughput to one batch per round trip. Each request in flight
	 * holds its own body of up to max-batch-bytes, and one more body lets the worker
	 * write the next request while this many are on the wire.
	 */
	private int maxRequestsInFlight = 4;

	/** Settings of the OTLP endpoint. */
	private final Otlp otlp = new Otlp();

	/** Settings of masking. */
	private final Masking masking = new Masking();

	/**
	 * Share of traces sent, 0.0 to 1.0, decided once per trace from its id alone, the way
	 * OpenTelemetry's TraceIdRatioBased sampler decides, so services that share a trace
	 * id and a rate keep or drop a trace together. Every trace, observation and score of
	 * a sampled-out trace is counted (langfuse.ingest.events, outcome sampled_out) and
	 * not sent; scores of a session or a dataset run are always sent. 1.0 sends every
	 * trace.
	 */
	private double sampleRate = 1.0;

	/**
	 * Whether inputs and outputs of traces and observations are recorded and sent. When
	 * false they are neither stored nor sent, nor shown to a LangfuseMasker; names,
	 * timing, model, usage, levels, status messages and metadata still are. A trace can
	 * override it with LangfuseTraceBuilder.captureContent(boolean).
	 */
	private boolean captureContent = true;

	/**
	 * Extra headers sent with every request, to the OTLP and the ingestion endpoint, for
	 * gateways and proxies in front of Langfuse, for example
	 * langfuse.headers[X-Gateway-Token]=... (brackets keep the name's case; headers are
	 * case-insensitive anyway). Authorization, Content-Type, Content-Encoding, Host,
	 * Content-Length and x-langfuse-* are set by the exporter and cannot be set here.
	 * Every value is masked in the actuator and never logged.
	 */
	private final Map<String, String> headers = new LinkedHashMap<>();

	/**
	 * OpenTelemetry resource attribute 'service.name' of the OTLP spans, which tells
	 * services apart in Langfuse. Unset means spring.application.name, or
	 * 'langfuse-spring-boot-starter' if that is not set either.
	 */
	private @Nullable String serviceName;

	/**
	 * The value of {@code langfuse.enabled}.
	 * @return the bound value
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Sets {@code langfuse.enabled}.
	 * @param enabled the value
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * The value of {@code langfuse.host}.
	 * @return the bound value
	 */
	public String getHost() {
		return this.host;
	}

	/**
	 * Sets {@code langfuse.host}.
	 * @param host the value
	 */
	public void setHost(String host) {
		this.host = host;
	}

	/**
	 * The value of {@code langfuse.public-key}.
	 * @return the bound value
	 */
	public @Nullable String getPublicKey() {
		return this.publicKey;
	}

	/**
	 * Sets {@code langfuse.public-key}.
	 * @param publicKey the value
	 */
	public void setPublicKey(@Nullable String publicKey) {
		this.publicKey = publicKey;
	}

	/**
	 * The value of {@code langfuse.secret-key}.
	 * @return the bound value
	 */
	public @Nullable String getSecretKey() {
		return this.secretKey;
	}

	/**
	 * Sets {@code langfuse.secret-key}.
	 * @param secretKey the value
	 */
	public void setSecretKey(@Nullable String secretKey) {
		this.secretKey = secretKey;
	}

	/**
	 * The value of {@code langfuse.protocol}.
	 * @return the bound value
	 */
	public IngestConfig.Protocol getProtocol() {
		return this.protocol;
	}

	/**
	 * Sets {@code langfuse.protocol}.
	 * @param protocol the value
	 */
	public void setProtocol(IngestConfig.Protocol protocol) {
		this.protocol = protocol;
	}

	/**
	 * The value of {@code langfuse.environment}.
	 * @return the bound value
	 */
	public @Nullable String getEnvironment() {
		return this.environment;
	}

	/**
	 * Sets {@code langfuse.environment}.
	 * @param environment the value
	 */
	public void setEnvironment(@Nullable String environment) {
		this.environment = environment;
	}

	/**
	 * The value of {@code langfuse.release}.
	 * @return the bound value
	 */
	public @Nullable String getRelease() {
		return this.release;
	}

	/**
	 * Sets {@code langfuse.release}.
	 * @param release the value
	 */
	public void setRelease(@Nullable String release) {
		this.release = release;
	}

	/**
	 * The value of {@code langfuse.max-batch}.
	 * @return the bound value
	 */
	public int getMaxBatch() {
		return this.maxBatch;
	}

	/**
	 * Sets {@code langfuse.max-batch}.
	 * @param maxBatch the value
	 */
	public void setMaxBatch(int maxBatch) {
		this.maxBatch = maxBatch;
	}

	/**
	 * The value of {@code langfuse.max-batch-bytes}.
	 * @return the bound value
	 */
	public DataSize getMaxBatchBytes() {
		return this.maxBatchBytes;
	}

	/**
	 * Sets {@code langfuse.max-batch-bytes}.
	 * @param maxBatchBytes the value
	 */
	public void setMaxBatchBytes(DataSize maxBatchBytes) {
		this.maxBatchBytes = maxBatchBytes;
	}

	/**
	 * The value of {@code langfuse.max-event-bytes}.
	 * @return the bound value
	 */
	public DataSize getMaxEventBytes() {
		return this.maxEventBytes;
	}

	/**
	 * Sets {@code langfuse.max-event-bytes}.
	 * @param maxEventBytes the value
	 */
	public void setMaxEventBytes(DataSize maxEventBytes) {
		this.maxEventBytes = maxEventBytes;
	}

	/**
	 * The value of {@code langfuse.flush-interval}.
	 * @return the bound value
	 */
	public Duration getFlushInterval() {
		return this.flushInterval;
	}

	/**
	 * Sets {@code langfuse.flush-interval}.
	 * @param flushInterval the value
	 */
	public void setFlushInterval(Duration flushInterval) {
		this.flushInterval = flushInterval;
	}

	/**
	 * The value of {@code langfuse.queue-capacity}.
	 * @return the bound value
	 */
	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	/**
	 * Sets {@code langfuse.queue-capacity}.
	 * @param queueCapacity the value
	 */
	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	/**
	 * The value of {@code langfuse.connect-timeout}.
	 * @return the bound value
	 */
	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Sets {@code langfuse.connect-timeout}.
	 * @param connectTimeout the value
	 */
	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	/**
	 * The value of {@code langfuse.read-timeout}.
	 * @return the bound value
	 */
	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	/**
	 * Sets {@code langfuse.read-timeout}.
	 * @param readTimeout the value
	 */
	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	/**
	 * The value of {@code langfuse.shutdown-timeout}.
	 * @return the bound value
	 */
	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * Sets {@code langfuse.shutdown-timeout}.
	 * @param shutdownTimeout the value
	 */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * The value of {@code langfuse.max-retries}.
	 * @return the bound value
	 */
	public int getMaxRetries() {
		return this.maxRetries;
	}

	/**
	 * Sets {@code langfuse.max-retries}.
	 * @param maxRetries the value
	 */
	public void setMaxRetries(int maxRetries) {
		this.maxRetries = maxRetries;
	}

	/**
	 * The value of {@code langfuse.service-name}.
	 * @return the bound value
	 */
	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	/**
	 * Sets {@code langfuse.service-name}.
	 * @param serviceName the value
	 */
	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	/**
	 * Converts these properties to the exporter's configuration; blank keys count as
	 * missing.
	 * @return the configuration
	 * @throws InvalidSettingException if a value is out of range
	 */
	public IngestConfig toIngestConfig() {
		try {
			return buildIngestConfig();
		}
		catch (InvalidSettingException ex) {
			// report a byte size as it was configured (10GB), not as the int it was
			// capped to
			if (ex.getSetting().equals("max-batch-bytes")) {
				throw new InvalidSettingException(ex.getSetting(), this.maxBatchBytes, ex.getReason());
			}
			if (ex.getSetting().equals("max-event-bytes")) {
				throw new InvalidSettingException(ex.getSetting(), this.maxEventBytes, ex.getReason());
			}
			throw ex;
		}
	}

	/**
	 * The value of {@code langfuse.max-requests-in-flight}.
	 * @return the bound value
	 */
	public int getMaxRequestsInFlight() {
		return this.maxRequestsInFlight;
	}

	/**
	 * Sets {@code langfuse.max-requests-in-flight}.
	 * @param maxRequestsInFlight the value
	 */
	public void setMaxRequestsInFlight(int maxRequestsInFlight) {
		this.maxRequestsInFlight = maxRequestsInFlight;
	}

	/**
	 * The value of {@code langfuse.sample-rate}.
	 * @return the bound value
	 */
	public double getSampleRate() {
		return this.sampleRate;
	}

	/**
	 * Sets {@code langfuse.sample-rate}.
	 * @param sampleRate the value
	 */
	public void setSampleRate(double sampleRate) {
		this.sampleRate = sampleRate;
	}

	/**
	 * The value of {@code langfuse.capture-content}.
	 * @return the bound value
	 */
	public boolean isCaptureContent() {
		return this.captureContent;
	}

	/**
	 * Sets {@code langfuse.capture-content}.
	 * @param captureContent the value
	 */
	public void setCaptureContent(boolean captureContent) {
		this.captureContent = captureContent;
	}

	/**
	 * The settings of masking ({@code langfuse.masking.*}).
	 * @return the masking settings
	 */
	public Masking getMasking() {
		return this.masking;
	}

	/**
	 * The settings of the OTLP endpoint ({@code langfuse.otlp.*}).
	 * @return the OTLP settings
	 */
	public Otlp getOtlp() {
		return this.otlp;
	}

	/**
	 * The custom request headers ({@code langfuse.headers.*}), bound in place.
	 * @return the mutable map of header names to values
	 */
	public Map<String, String> getHeaders() {
		return this.headers;
	}

	/** Settings of masking ({@code langfuse.masking.*}). */
	public static class Masking {

		/**
		 * Whether the ready-made masker for three common patterns runs, after the
		 * application's LangfuseMasker beans: e-mail addresses, payment card numbers that
		 * pass the Luhn check, and sk-/pk- style API keys. It catches nothing else; see
		 * CommonSecretsMasker.
		 */
		private boolean commonSecrets;

		/**
		 * The value of {@code langfuse.masking.common-secrets}.
		 * @return the bound value
		 */
		public boolean isCommonSecrets() {
			return this.commonSecrets;
		}

		/**
		 * Sets {@code langfuse.masking.common-secrets}.
		 * @param commonSecrets the value
		 */
		public void setCommonSecrets(boolean commonSecrets) {
			this.commonSecrets = commonSecrets;
		}

	}

	/** Settings of the OTLP endpoint ({@code langfuse.otlp.*}). */
	public static class Otlp {

		/**
		 * Full URL the OTLP traces are posted to instead of
		 * {host}/api/public/otel/v1/traces, for example an OpenTelemetry Collector in
		 * front of Langfuse: http://otel-collector:4318/v1/traces. Scores (and all events
		 * with protocol 'ingestion') still go to langfuse.host. The endpoint receives the
		 * Basic auth of the project keys and langfuse.headers.*. Unset means the host's
		 * OTLP endpoint.
		 */
		private @Nullable String endpoint;

		/**
		 * The value of {@code langfuse.otlp.endpoint}.
		 * @return the bound value
		 */
		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		/**
		 * Sets {@code langfuse.otlp.endpoint}.
		 * @param endpoint the value
		 */
		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		/**
		 * Content-Encoding of OTLP requests: 'none' or 'gzip' (deflate level 1, on the
		 * sending thread; Langfuse 3.30 or newer inflates it). max-batch-bytes limits the
		 * body before compression. Ingestion requests (scores, protocol 'ingestion') are
		 * never compressed.
		 */
		private IngestConfig.Compression compression = IngestConfig.Compression.NONE;

		/**
		 * The value of {@code langfuse.otlp.compression}.
		 * @return the bound value
		 */
		public IngestConfig.Compression getCompression() {
			return this.compression;
		}

		/**
		 * Sets {@code langfuse.otlp.compression}.
		 * @param compression the value
		 */
		public void setCompression(IngestConfig.Compression compression) {
			this.compression = compression;
		}

	}

	private IngestConfig buildIngestConfig() {
		long batchBytes = (this.maxBatchBytes != null) ? this.maxBatchBytes.toBytes() : 0;
		long eventBytes = (this.maxEventBytes != null) ? this.maxEventBytes.toBytes() : 0;
		return IngestConfig.builder()
			.enabled(this.enabled)
			.host(this.host)
			.publicKey(blankToNull(this.publicKey))
			.secretKey(blankToNull(this.secretKey))
			.protocol(this.protocol)
			.environment(blankToNull(this.environment))
			.release(blankToNull(this.release))
			.maxBatch(this.maxBatch)
			.maxBatchBytes((int) Math.min(Integer.MAX_VALUE, batchBytes))
			.maxEventBytes((int) Math.min(Integer.MAX_VALUE, eventBytes))
			.flushInterval(this.flushInterval)
			.queueCapacity(this.queueCapacity)
			.connectTimeout(this.connectTimeout)
			.readTimeout(this.readTimeout)
			.shutdownTimeout(this.shutdownTimeout)
			.maxRetries(this.maxRetries)
			.maxRequestsInFlight(this.maxRequestsInFlight)
			.otlpCompression(this.otlp.getCompression())
			.otlpEndpoint(blankToNull(this.otlp.getEndpoint()))
			.headers(this.headers)
			.sampleRate(this.sampleRate)
			.serviceName(blankToNull(this.serviceName))
			.build();
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
