package io.github.langfuse4j.ingest;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the Langfuse exporter ({@link LangfuseIngest}). Immutable; create one with
 * {@link #builder()}, which starts from the documented defaults, or change one with
 * {@link #toBuilder()}. A final class rather than a record, so that a new setting adds a
 * builder method and an accessor without changing a public constructor.
 */
public final class IngestConfig {

	/** Default {@link #host()}: Langfuse Cloud (EU). */
	public static final String DEFAULT_HOST = "https://cloud.langfuse.com";

	/** Default {@link #maxBatch()}. */
	public static final int DEFAULT_MAX_BATCH = 2_000;

	/**
	 * Default {@link #maxBatchBytes()}: 3500 KB (3.5 MB), under the server's 4.5 MiB body
	 * limit.
	 */
	public static final int DEFAULT_MAX_BATCH_BYTES = 3_584_000;

	/** Default {@link #maxEventBytes()}: 1 MB, as the official SDKs. */
	public static final int DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

	/** Default {@link #flushInterval()}. */
	public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

	/**
	 * Default {@link #queueCapacity()}. A queued event holds its input, output and
	 * metadata; the README's Memory paragraph gives the measured heap per event.
	 */
	public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

	/** Default {@link #connectTimeout()}. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default {@link #readTimeout()}. */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

	/** Default {@link #shutdownTimeout()}. */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	/** Default {@link #maxRetries()}. */
	public static final int DEFAULT_MAX_RETRIES = 2;

	/** Default {@link #serviceName()}: the starter's name. */
	public static final String DEFAULT_SERVICE_NAME = "langfuse-spring-boot-starter";

	/**
	 * Largest {@link #maxBatch()}: 10,000 events. The batch list is allocated at this
	 * size, and a batch is cut by {@link #maxBatchBytes()} long before: 10,000 events of
	 * the smallest kind already fill a few megabytes.
	 */
	public static final int MAX_MAX_BATCH = 10_000;

	/**
	 * Largest {@link #queueCapacity()}: 1,000,000 events. The queue's slot arrays are
	 * allocated up front and a full queue holds every event's input and output (the
	 * README's Memory paragraph has the figures); beyond that an exporter cannot catch up
	 * anyway. (A ring above 2^30 slots cannot be allocated at all.)
	 */
	public static final int MAX_QUEUE_CAPACITY = 1_000_000;

	/**
	 * Largest {@link #maxBatchBytes()} and {@link #maxEventBytes()}: 4.5 MiB (4,718,592
	 * bytes), the largest request body a Langfuse server accepts; a larger one is
	 * answered with 413 before it is read.
	 */
	public static final int MAX_BODY_BYTES = 4_718_592;

	/**
	 * Shortest {@link #flushInterval()}: 10 ms, the worker's own polling tick. A shorter
	 * interval only makes the worker wake more often (1 ns made it spin a core) without
	 * sending sooner.
	 */
	public static final Duration MIN_FLUSH_INTERVAL = Duration.ofMillis(10);

	/**
	 * Shortest {@link #connectTimeout()} and {@link #readTimeout()}: 1 ms, the resolution
	 * of the HTTP client's timers.
	 */
	public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);

	/**
	 * Longest {@link #flushInterval()}, {@link #connectTimeout()}, {@link #readTimeout()}
	 * and {@link #shutdownTimeout()}: one hour. Longer values serve no purpose (events
	 * would wait for hours, a shutdown would hang for hours) and durations of centuries
	 * overflow the nanosecond clock arithmetic.
	 */
	public static final Duration MAX_DURATION = Duration.ofHours(1);

	/**
	 * Largest {@link #maxRetries()}: 10. The backoff doubles from 250 ms up to 30 s per
	 * wait, so 10 retries already keep one request's events on the worker for about three
	 * minutes, while newer events wait behind them.
	 */
	public static final int MAX_MAX_RETRIES = 10;

	/** Default {@link #maxRequestsInFlight()}. */
	public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 4;

	/**
	 * Largest {@link #maxRequestsInFlight()}: 16 (each holds a request body of up to
	 * {@code max-batch-bytes}).
	 */
	public static final int MAX_MAX_REQUESTS_IN_FLIGHT = 16;

	/** Default {@link #otlpCompression()}. */
	public static final Compression DEFAULT_OTLP_COMPRESSION = Compression.NONE;

	/**
	 * Header names the exporter sets itself, lowercase; a {@link #headers()} entry may
	 * not replace them (the names starting with {@code x-langfuse-} are reserved as
	 * well). The JDK HTTP client refuses to set {@code connection},
	 * {@code content-length}, {@code expect}, {@code host} and {@code upgrade} at all.
	 */
	private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "content-type", "content-encoding",
			"content-length", "connection", "expect", "host", "upgrade");

	/** Shown instead of a rejected header value, which may be a credential. */
	private static final String MASKED = "******";

	/** The {@code Content-Encoding} of OTLP request bodies. */
	public enum Compression {

		/** Bodies are sent as they are. */
		NONE,

		/**
		 * Bodies are gzipped (deflate level 1) by the thread that sends them; Langfuse
		 * inflates them on the OTLP endpoint since server version 3.30.
		 */
		GZIP

	}

	/** How traces and observations reach Langfuse. */
	public enum Protocol {

		/**
		 * OTLP/HTTP JSON to {@code /api/public/otel/v1/traces}; scores as
		 * {@code score-create} batches to {@code /api/public/ingestion}. Needs Langfuse
		 * server 3.81 or newer; required by Langfuse Cloud and v4.
		 */
		OTLP,

		/**
		 * Every event to the legacy batch endpoint {@code /api/public/ingestion}, for
		 * older self-hosted servers.
		 */
		INGESTION

	}

	private final boolean enabled;

	private final String host;

	private final @Nullable String publicKey;

	private final @Nullable String secretKey;

	private final Protocol protocol;

	private final @Nullable String environment;

	private final @Nullable String release;

	private final int maxBatch;

	private final int maxBatchBytes;

	private final int maxEventBytes;

	private final Duration flushInterval;

	private final int queueCapacity;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final Duration shutdownTimeout;

	private final int maxRetries;

	private final String serviceName;

	private final int maxRequestsInFlight;

	private final Compression otlpCompression;

	private final @Nullable String otlpEndpoint;

	private final Map<String, String> headers;

	private final double sampleRate;

	private final List<LangfuseMasker> maskers;

	/**
	 * Checks every value of the builder; the first that is out of range throws.
	 * @throws InvalidSettingException naming the setting and the allowed range
	 */
	private IngestConfig(Builder builder) {
		Objects.requireNonNull(builder.protocol, "protocol");
		this.host = normalizeHost(builder.host);
		requireBetween("max-batch", builder.maxBatch, 1, MAX_MAX_BATCH, "");
		requireBetween("max-batch-bytes", builder.maxBatchBytes, 1, MAX_BODY_BYTES, "B");
		requireBetween("max-event-bytes", builder.maxEventBytes, 1, MAX_BODY_BYTES, "B");
		requireBetween("queue-capacity", builder.queueCapacity, 1, MAX_QUEUE_CAPACITY, "");
		requireBetween("flush-interval", builder.flushInterval, MIN_FLUSH_INTERVAL);
		requireBetween("connect-timeout", builder.connectTimeout, MIN_TIMEOUT);
		requireBetween("read-timeout", builder.readTimeout, MIN_TIMEOUT);
		requireBetween("shutdown-timeout", builder.shutdownTimeout, Duration.ZERO);
		requireBetween("max-retries", builder.maxRetries, 0, MAX_MAX_RETRIES, "");
		requireBetween("max-requests-in-flight", builder.maxRequestsInFlight, 1, MAX_MAX_REQUESTS_IN_FLIGHT, "");
		Objects.requireNonNull(builder.otlpCompression, "otlp.compression");
		checkEnvironment(builder.environment);
		this.otlpEndpoint = (builder.otlpEndpoint != null) ? checkUrl("otlp.endpoint", builder.otlpEndpoint.strip(),
				"a full http or https URL of an OTLP/HTTP traces endpoint, such as "
						+ "http://otel-collector:4318/v1/traces")
				: null;
		this.headers = checkHeaders(builder.headers);
		if (!(builder.sampleRate >= 0 && builder.sampleRate <= 1)) {
			throw new InvalidSettingException("sample-rate", builder.sampleRate,
					"must be between 0.0 (send no trace) and 1.0 (send every trace)");
		}
		this.sampleRate = builder.sampleRate;
		this.maskers = List.copyOf(builder.maskers);
		this.enabled = builder.enabled;
		this.publicKey = builder.publicKey;
		this.secretKey = builder.secretKey;
		this.protocol = builder.protocol;
		this.environment = builder.environment;
		this.release = builder.release;
		this.maxBatch = builder.maxBatch;
		this.maxBatchBytes = builder.maxBatchBytes;
		this.maxEventBytes = builder.maxEventBytes;
		this.flushInterval = builder.flushInterval;
		this.queueCapacity = builder.queueCapacity;
		this.connectTimeout = builder.connectTimeout;
		this.readTimeout = builder.readTimeout;
		this.shutdownTimeout = builder.shutdownTimeout;
		this.maxRetries = builder.maxRetries;
		this.serviceName = (builder.serviceName == null || builder.serviceName.isBlank()) ? DEFAULT_SERVICE_NAME
				: builder.serviceName.strip();
		this.maxRequestsInFlight = builder.maxRequestsInFlight;
		this.otlpCompression = builder.otlpCompression;
	}

	/**
	 * Whether events are exported at all.
	 * @return {@code false} if the exporter must send nothing
	 */
	public boolean enabled() {
		return this.enabled;
	}

	/**
	 * Base URL of the Langfuse server, without a trailing slash and without user info
	 * (the keys authenticate).
	 * @return the base URL, for example {@value #DEFAULT_HOST}
	 */
	public String host() {
		return this.host;
	}

	/**
	 * Project public key ({@code pk-lf-...}).
	 * @return the public key, or {@code null} if not set
	 */
	public @Nullable String publicKey() {
		return this.publicKey;
	}

	/**
	 * Project secret key ({@code sk-lf-...}); never logged, and left out of
	 * {@link #toString()}.
	 * @return the secret key, or {@code null} if not set
	 */
	public @Nullable String secretKey() {
		return this.secretKey;
	}

	/**
	 * How traces and observations are sent.
	 * @return the protocol
	 */
	public Protocol protocol() {
		return this.protocol;
	}

	/**
	 * Langfuse environment set on every trace, observation and score.
	 * @return the environment, or {@code null} for Langfuse's {@code default}
	 */
	public @Nullable String environment() {
		return this.environment;
	}

	/**
	 * Release set on every trace and observation.
	 * @return the release, or {@code null}
	 */
	public @Nullable String release() {
		return this.release;
	}

	/**
	 * Most events in one request.
	 * @return the batch size limit
	 */
	public int maxBatch() {
		return this.maxBatch;
	}

	/**
	 * Most bytes in one request body.
	 * @return the body size limit in bytes
	 */
	public int maxBatchBytes() {
		return this.maxBatchBytes;
	}

	/**
	 * Most bytes of one serialized event; larger events get their largest fields
	 * truncated (an event never exceeds {@link #maxBatchBytes()} either).
	 * @return the event size limit in bytes
	 */
	public int maxEventBytes() {
		return this.maxEventBytes;
	}

	/**
	 * Longest time an event waits in the queue before it is sent.
	 * @return the flush interval
	 */
	public Duration flushInterval() {
		return this.flushInterval;
	}

	/**
	 * Most events waiting to be sent; more are dropped and counted.
	 * @return the queue capacity
	 */
	public int queueCapacity() {
		return this.queueCapacity;
	}

	/**
	 * TCP connect timeout.
	 * @return the connect timeout
	 */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Time to wait for the response of one request.
	 * @return the read timeout
	 */
	public Duration readTimeout() {
		return this.readTimeout;
	}

	/**
	 * Longest time a shutdown spends sending what is still queued.
	 * @return the shutdown timeout
	 */
	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * How often a request that failed transiently is retried.
	 * @return the retry limit
	 */
	public int maxRetries() {
		return this.maxRetries;
	}

	/**
	 * The OpenTelemetry resource attribute {@code service.name} of OTLP requests, which
	 * tells services apart; a {@code null} or blank value given to the builder becomes
	 * {@link #DEFAULT_SERVICE_NAME}.
	 * @return the service name, never {@code null}
	 */
	public String serviceName() {
		return this.serviceName;
	}

	/**
	 * Most requests on the wire at once. The worker writes the next request while earlier
	 * ones wait for their answers, so that a distant server's round trip does not limit
	 * the throughput to one batch per round trip. Each request in flight holds its own
	 * body of up to {@link #maxBatchBytes()}, and one more body lets the worker write the
	 * next request while this many are on the wire.
	 * @return the limit of concurrent requests
	 */
	public int maxRequestsInFlight() {
		return this.maxRequestsInFlight;
	}

	/**
	 * The {@code Content-Encoding} of OTLP requests ({@link #maxBatchBytes()} still
	 * limits the uncompressed body); ingestion requests are never compressed, the
	 * ingestion endpoint does not inflate them.
	 * @return the OTLP compression
	 */
	public Compression otlpCompression() {
		return this.otlpCompression;
	}

	/**
	 * The full URL OTLP requests are posted to instead of
	 * {@code {host}/api/public/otel/v1/traces}, for example an OpenTelemetry Collector in
	 * front of Langfuse; scores (and every event with {@link Protocol#INGESTION}) still
	 * go to {@link #host()}. The collector receives the same headers as Langfuse: the
	 * Basic auth of the project keys and {@link #headers()}.
	 * @return the URL, without user info, query or fragment, or {@code null} for the
	 * host's OTLP endpoint
	 */
	public @Nullable String otlpEndpoint() {
		return this.otlpEndpoint;
	}

	/**
	 * Extra headers sent with every request to both endpoints, for gateways and proxies,
	 * in the order they were set. They cannot replace the headers the exporter sets
	 * itself ({@code Authorization}, {@code Content-Type}, {@code Content-Encoding},
	 * {@code x-langfuse-*}); their values are treated as secrets: never logged and left
	 * out of {@link #toString()}.
	 * @return an unmodifiable map of header names to values, empty if none
	 */
	public Map<String, String> headers() {
		return this.headers;
	}

	/**
	 * The share of traces whose events are sent, decided once per trace from its id alone
	 * by OpenTelemetry's {@code TraceIdRatioBased} rule (see
	 * {@link LangfuseIngest#isSampled(String)}); the events of the other traces, their
	 * scores included, are counted as {@link IngestStats#sampledOut()} and not sent.
	 * Events outside any trace (scores of a session or a dataset run) are always sent.
	 * @return the ratio, from 0.0 (no trace) to 1.0 (every trace, the default)
	 */
	public double sampleRate() {
		return this.sampleRate;
	}

	/**
	 * The maskers every event passes through on the worker thread, in order, before it is
	 * sent; see {@link LangfuseMasker}.
	 * @return an unmodifiable list, empty if nothing is masked
	 */
	public List<LangfuseMasker> maskers() {
		return this.maskers;
	}

	/**
	 * Whether both keys are present, which exporting needs.
	 * @return {@code true} if the public and the secret key are set
	 */
	public boolean hasKeys() {
		return this.publicKey != null && !this.publicKey.isBlank() && this.secretKey != null
				&& !this.secretKey.isBlank();
	}

	/**
	 * A builder that starts from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder that starts from this configuration.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		return new Builder().enabled(this.enabled)
			.host(this.host)
			.publicKey(this.publicKey)
			.secretKey(this.secretKey)
			.protocol(this.protocol)
			.environment(this.environment)
			.release(this.release)
			.maxBatch(this.maxBatch)
			.maxBatchBytes(this.maxBatchBytes)
			.maxEventBytes(this.maxEventBytes)
			.flushInterval(this.flushInterval)
			.queueCapacity(this.queueCapacity)
			.connectTimeout(this.connectTimeout)
			.readTimeout(this.readTimeout)
			.shutdownTimeout(this.shutdownTimeout)
			.maxRetries(this.maxRetries)
			.serviceName(this.serviceName)
			.maxRequestsInFlight(this.maxRequestsInFlight)
			.otlpCompression(this.otlpCompression)
			.otlpEndpoint(this.otlpEndpoint)
			.headers(this.headers)
			.sampleRate(this.sampleRate)
			.maskers(this.maskers);
	}

	/**
	 * Compares every setting, the secret key included.
	 * @param other the object to compare with
	 * @return {@code true} if {@code other} is an {@code IngestConfig} with the same
	 * settings
	 */
	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof IngestConfig that)) {
			return false;
		}
		return this.enabled == that.enabled && this.maxBatch == that.maxBatch
				&& this.maxBatchBytes == that.maxBatchBytes && this.maxEventBytes == that.maxEventBytes
				&& this.queueCapacity == that.queueCapacity && this.maxRetries == that.maxRetries
				&& this.maxRequestsInFlight == that.maxRequestsInFlight && this.host.equals(that.host)
				&& Objects.equals(this.publicKey, that.publicKey) && Objects.equals(this.secretKey, that.secretKey)
				&& this.protocol == that.protocol && Objects.equals(this.environment, that.environment)
				&& Objects.equals(this.release, that.release) && this.flushInterval.equals(that.flushInterval)
				&& this.connectTimeout.equals(that.connectTimeout) && this.readTimeout.equals(that.readTimeout)
				&& this.shutdownTimeout.equals(that.shutdownTimeout) && this.serviceName.equals(that.serviceName)
				&& this.otlpCompression == that.otlpCompression && Objects.equals(this.otlpEndpoint, that.otlpEndpoint)
				&& this.headers.equals(that.headers) && Double.compare(this.sampleRate, that.sampleRate) == 0
				&& this.maskers.equals(that.maskers);
	}

	/**
	 * A hash over every setting, consistent with {@link #equals(Object)}.
	 * @return the hash code
	 */
	@Override
	public int hashCode() {
		return Objects.hash(this.enabled, this.host, this.publicKey, this.secretKey, this.protocol, this.environment,
				this.release, this.maxBatch, this.maxBatchBytes, this.maxEventBytes, this.flushInterval,
				this.queueCapacity, this.connectTimeout, this.readTimeout, this.shutdownTimeout, this.maxRetries,
				this.serviceName, this.maxRequestsInFlight, this.otlpCompression, this.otlpEndpoint, this.headers,
				this.sampleRate, this.maskers);
	}

	/**
	 * The main settings, without the secret key and with the names but not the values of
	 * {@link #headers()}, so that the configuration can be logged.
	 * @return a description such as {@code IngestConfig[enabled=true, host=..., ...]}
	 */
	@Override
	public String toString() {
		return "IngestConfig[enabled=" + this.enabled + ", host=" + this.host + ", publicKey=" + this.publicKey
				+ ", protocol=" + this.protocol + ", maxBatch=" + this.maxBatch + ", flushInterval="
				+ this.flushInterval + ", queueCapacity=" + this.queueCapacity + ", maxRequestsInFlight="
				+ this.maxRequestsInFlight + ", otlpCompression=" + this.otlpCompression + ", serviceName="
				+ this.serviceName + ((this.otlpEndpoint != null) ? ", otlpEndpoint=" + this.otlpEndpoint : "")
				+ (this.headers.isEmpty() ? "" : ", headers=" + this.headers.keySet())
				+ ((this.sampleRate < 1) ? ", sampleRate=" + this.sampleRate : "")
				+ (this.maskers.isEmpty() ? "" : ", maskers=" + this.maskers.size()) + "]";
	}

	/**
	 * Checks that a host is an absolute http(s) URL without user info and removes
	 * trailing slashes. The rejected value an exception carries has any user info
	 * replaced by {@code ***}.
	 * @param host the configured host
	 * @return the host without trailing slashes
	 * @throws InvalidSettingException if it is not an http or https URL, or has user info
	 */
	private static String normalizeHost(String host) {
		if (host == null || host.isBlank()) {
			throw invalidHost(host);
		}
		String trimmed = host.strip();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return checkUrl("host", trimmed, "an http or https URL such as " + DEFAULT_HOST + " or http://localhost:3000");
	}

	/**
	 * Checks that a URL is an absolute http(s) URL with a host and without user info,
	 * query or fragment. The rejected value an exception carries has any user info
	 * replaced by {@code ***}.
	 * @param setting the setting, for the exception
	 * @param url the URL, stripped
	 * @param expected what a valid value looks like
	 * @return the URL
	 * @throws InvalidSettingException if it is not such a URL
	 */
	private static String checkUrl(String setting, String url, String expected) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(setting, withoutUserInfo(url), "must be " + expected);
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
				|| uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
			throw new InvalidSettingException(setting, withoutUserInfo(url), "must be " + expected);
		}
		if (uri.getRawUserInfo() != null) {
			throw new InvalidSettingException(setting, withoutUserInfo(url),
					"must not contain user info (user:password@); Langfuse authenticates with the project keys: "
							+ "set them as langfuse.public-key and langfuse.secret-key");
		}
		return url;
	}

	/**
	 * Checks the custom headers: each name an HTTP token that the exporter does not set
	 * itself and that no other entry has in another case, each value without line breaks
	 * or other control characters (a tab is allowed) and within ISO-8859-1. A rejected
	 * value is never shown: it may be a credential.
	 * @param headers the headers as set on the builder
	 * @return an unmodifiable copy in the same order
	 * @throws InvalidSettingException naming {@code headers.<name>}
	 */
	private static Map<String, String> checkHeaders(Map<String, @Nullable String> headers) {
		if (headers.isEmpty()) {
			return Map.of();
		}
		Map<String, String> checked = new LinkedHashMap<>();
		Set<String> seen = new HashSet<>();
		headers.forEach((name, value) -> {
			String setting = "headers." + name;
			if (!isToken(name)) {
				throw new InvalidSettingException(setting, name,
						"must be a header name made of HTTP token characters (letters, digits and "
								+ "!#$%&'*+-.^_`|~), without spaces, colons or line breaks");
			}
			String lower = name.toLowerCase(Locale.ROOT);
			if (RESERVED_HEADERS.contains(lower) || lower.startsWith("x-langfuse-")) {
				throw new InvalidSettingException(setting, name,
						"cannot be sent as a custom header: it is set by the exporter (Authorization carries the "
								+ "project keys as Basic auth; Content-Type, Content-Encoding and x-langfuse-* "
								+ "describe the request); remove langfuse." + setting);
			}
			if (!seen.add(lower)) {
				throw new InvalidSettingException(setting, name,
						"is set twice (header names are case-insensitive); keep one of them");
			}
			if (value == null || !isHeaderValue(value)) {
				throw new InvalidSettingException(setting, MASKED,
						"must be a header value without line breaks or other control characters, "
								+ "in ISO-8859-1 (the value is not shown)");
			}
			checked.put(name, value);
		});
		return Collections.unmodifiableMap(checked);
	}

	/** Whether a header name is an RFC 9110 token. */
	private static boolean isToken(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a header value has no control character but a tab and fits ISO-8859-1, as
	 * the JDK HTTP client requires.
	 */
	private static boolean isHeaderValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
				return false;
			}
		}
		return true;
	}

	private static InvalidSettingException invalidHost(String host) {
		return new InvalidSettingException("host", withoutUserInfo(host),
				"must be an http or https URL such as " + DEFAULT_HOST + " or http://localhost:3000");
	}

	/**
	 * Replaces a {@code user:password@} part by {@code ***@}, so that a rejected host can
	 * be shown.
	 */
	private static String withoutUserInfo(String host) {
		if (host == null) {
			return null;
		}
		int scheme = host.indexOf("://");
		int start = (scheme < 0) ? 0 : scheme + 3;
		int end = host.length();
		for (char c : new char[] { '/', '?', '#' }) {
			int index = host.indexOf(c, start);
			if (index >= 0 && index < end) {
				end = index;
			}
		}
		int at = host.lastIndexOf('@', end - 1);
		return (at < start) ? host : host.substring(0, start) + "***" + host.substring(at);
	}

	/**
	 * Checks that Langfuse keeps an environment name as it is. The server lowercases it,
	 * strips a leading {@code langfuse} prefix, cuts it to 40 characters and silently
	 * stores anything else as {@code default}.
	 * @param environment the environment name, or {@code null} for none
	 * @throws InvalidSettingException if Langfuse would change or replace it
	 */
	private static void checkEnvironment(String environment) {
		if (environment == null) {
			return;
		}
		if (!environment.matches("[a-z0-9_-]{1,40}") || environment.startsWith("langfuse")) {
			throw new InvalidSettingException("environment", environment, "must be 1 to 40 characters of a-z, 0-9, "
					+ "'_' or '-' and must not start with 'langfuse'; Langfuse would silently store it as 'default'");
		}
	}

	private static void requireBetween(String name, int value, int min, int max, String unit) {
		if (value < min || value > max) {
			throw new InvalidSettingException(name, value,
					"must be between " + amount(min, unit) + " and " + amount(max, unit));
		}
	}

	private static String amount(int value, String unit) {
		if (unit.isEmpty()) {
			return Integer.toString(value);
		}
		return (value >= 1024 && value % 1024 == 0) ? (value / 1024) + "K" + unit : value + unit;
	}

	private static void requireBetween(String name, Duration value, Duration min) {
		Objects.requireNonNull(value, name);
		if (value.compareTo(min) < 0 || value.compareTo(MAX_DURATION) > 0) {
			throw new InvalidSettingException(name, value,
					"must be between " + (min.isZero() ? "0s" : min.toMillis() + "ms") + " and 1h");
		}
	}

	/** Builds an {@link IngestConfig}; every setting starts at its default. */
	public static final class Builder {

		private boolean enabled = true;

		private String host = DEFAULT_HOST;

		private @Nullable String publicKey;

		private @Nullable String secretKey;

		private Protocol protocol = Protocol.OTLP;

		private @Nullable String environment;

		private @Nullable String release;

		private int maxBatch = DEFAULT_MAX_BATCH;

		private int maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;

		private int maxEventBytes = DEFAULT_MAX_EVENT_BYTES;

		private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;

		private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private Duration readTimeout = DEFAULT_READ_TIMEOUT;

		private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

		private int maxRetries = DEFAULT_MAX_RETRIES;

		private @Nullable String serviceName;

		private int maxRequestsInFlight = DEFAULT_MAX_REQUESTS_IN_FLIGHT;

		private Compression otlpCompression = DEFAULT_OTLP_COMPRESSION;

		private double sampleRate = 1.0;

		private final List<LangfuseMasker> maskers = new ArrayList<>();

		private @Nullable String otlpEndpoint;

		private final Map<String, @Nullable String> headers = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Sets {@link IngestConfig#enabled()}.
		 * @param enabled the value
		 * @return this builder
		 */
		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#host()}.
		 * @param host the value
		 * @return this builder
		 */
		public Builder host(String host) {
			this.host = host;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#publicKey()}.
		 * @param publicKey the value
		 * @return this builder
		 */
		public Builder publicKey(@Nullable String publicKey) {
			this.publicKey = publicKey;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#secretKey()}.
		 * @param secretKey the value
		 * @return this builder
		 */
		public Builder secretKey(@Nullable String secretKey) {
			this.secretKey = secretKey;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#protocol()}.
		 * @param protocol the value
		 * @return this builder
		 */
		public Builder protocol(Protocol protocol) {
			this.protocol = protocol;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#environment()}.
		 * @param environment the value
		 * @return this builder
		 */
		public Builder environment(@Nullable String environment) {
			this.environment = environment;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#release()}.
		 * @param release the value
		 * @return this builder
		 */
		public Builder release(@Nullable String release) {
			this.release = release;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#maxBatch()}.
		 * @param maxBatch the value
		 * @return this builder
		 */
		public Builder maxBatch(int maxBatch) {
			this.maxBatch = maxBatch;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#maxBatchBytes()}.
		 * @param maxBatchBytes the value
		 * @return this builder
		 */
		public Builder maxBatchBytes(int maxBatchBytes) {
			this.maxBatchBytes = maxBatchBytes;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#maxEventBytes()}.
		 * @param maxEventBytes the value
		 * @return this builder
		 */
		public Builder maxEventBytes(int maxEventBytes) {
			this.maxEventBytes = maxEventBytes;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#flushInterval()}.
		 * @param flushInterval the value
		 * @return this builder
		 */
		public Builder flushInterval(Duration flushInterval) {
			this.flushInterval = flushInterval;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#queueCapacity()}.
		 * @param queueCapacity the value
		 * @return this builder
		 */
		public Builder queueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#connectTimeout()}.
		 * @param connectTimeout the value
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#readTimeout()}.
		 * @param readTimeout the value
		 * @return this builder
		 */
		public Builder readTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#shutdownTimeout()}.
		 * @param shutdownTimeout the value
		 * @return this builder
		 */
		public Builder shutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#maxRetries()}.
		 * @param maxRetries the value
		 * @return this builder
		 */
		public Builder maxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#serviceName()}.
		 * @param serviceName the value
		 * @return this builder
		 */
		public Builder serviceName(@Nullable String serviceName) {
			this.serviceName = serviceName;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#maxRequestsInFlight()}.
		 * @param maxRequestsInFlight the value
		 * @return this builder
		 */
		public Builder maxRequestsInFlight(int maxRequestsInFlight) {
			this.maxRequestsInFlight = maxRequestsInFlight;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#otlpCompression()}.
		 * @param otlpCompression the value
		 * @return this builder
		 */
		public Builder otlpCompression(Compression otlpCompression) {
			this.otlpCompression = otlpCompression;
			return this;
		}

		/**
		 * Sets {@link IngestConfig#otlpEndpoint()}.
		 * @param otlpEndpoint the full URL, or {@code null} for the host's OTLP endpoint
		 * @return this builder
		 */
		public Builder otlpEndpoint(@Nullable String otlpEndpoint) {
			this.otlpEndpoint = otlpEndpoint;
			return this;
		}

		/**
		 * Adds one of {@link IngestConfig#headers()}, replacing a value set for the same
		 * name before; checked by {@link #build()}.
		 * @param name the header name
		 * @param value the header value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * Replaces all {@link IngestConfig#headers()} by a copy of these, in their
		 * iteration order; checked by {@link #build()}.
		 * @param headers the header names and values
		 * @return this builder
		 */
		public Builder headers(Map<String, String> headers) {
			this.headers.clear();
			this.headers.putAll(headers);
			return this;
		}

		/**
		 * Sets {@link IngestConfig#sampleRate()}.
		 * @param sampleRate the share of traces to send, 0.0 to 1.0
		 * @return this builder
		 */
		public Builder sampleRate(double sampleRate) {
			this.sampleRate = sampleRate;
			return this;
		}

		/**
		 * Replaces {@link IngestConfig#maskers()} by a copy of these, applied in this
		 * order.
		 * @param maskers the maskers
		 * @return this builder
		 */
		public Builder maskers(List<LangfuseMasker> maskers) {
			List<LangfuseMasker> copy = List.copyOf(maskers);
			this.maskers.clear();
			this.maskers.addAll(copy);
			return this;
		}

		/**
		 * Adds a masker after those already set.
		 * @param masker the masker
		 * @return this builder
		 */
		public Builder masker(LangfuseMasker masker) {
			this.maskers.add(Objects.requireNonNull(masker, "masker must not be null"));
			return this;
		}

		/**
		 * Checks and builds the configuration.
		 * @return the configuration
		 * @throws InvalidSettingException (an {@link IllegalArgumentException}) naming
		 * the first setting that is out of range
		 */
		public IngestConfig build() {
			return new IngestConfig(this);
		}

	}

}
