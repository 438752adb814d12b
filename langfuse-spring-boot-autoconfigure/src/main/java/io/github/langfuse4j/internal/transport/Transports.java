package io.github.langfuse4j.internal.transport;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseHttpClientCustomizer;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;
import io.github.langfuse4j.ingest.RequestObserver;

/** Creates the {@link Transport} for the configured protocol. Internal. */
public final class Transports {

	private Transports() {
	}

	/**
	 * Creates the transport, with its own HTTP client.
	 * @param config the settings; must have both keys
	 * @param restClientCustomizer adjusts the {@code RestClient}
	 * @param httpClientCustomizer adjusts the JDK {@code HttpClient} underneath
	 * @param outcomes where every event's outcome is reported
	 * @param observer told about every request
	 * @return the transport
	 */
	public static Transport create(IngestConfig config, LangfuseRestClientCustomizer restClientCustomizer,
			LangfuseHttpClientCustomizer httpClientCustomizer, Outcomes outcomes, RequestObserver observer) {
		return create(config, restClientCustomizer, httpClientCustomizer, outcomes, observer, RetryTimings.DEFAULT);
	}

	/**
	 * Creates the transport, with its own HTTP client waiting the given times between
	 * attempts; for tests that would otherwise wait out real backoff.
	 * @param config the settings; must have both keys
	 * @param restClientCustomizer adjusts the {@code RestClient}
	 * @param httpClientCustomizer adjusts the JDK {@code HttpClient} underneath
	 * @param outcomes where every event's outcome is reported
	 * @param observer told about every request
	 * @param timings the backoff and the default 429 pause
	 * @return the transport
	 */
	public static Transport create(IngestConfig config, LangfuseRestClientCustomizer restClientCustomizer,
			LangfuseHttpClientCustomizer httpClientCustomizer, Outcomes outcomes, RequestObserver observer,
			RetryTimings timings) {
		LangfuseHttp http = new LangfuseHttp(config, restClientCustomizer, httpClientCustomizer, observer, timings);
		ResponseLog responseLog = new ResponseLog(config.host(), config.publicKey());
		// one pool of requests in flight for both endpoints
		Senders senders = new Senders(config.maxRequestsInFlight(), 64 * 1024,
				RequestBody.retainedSize(config.maxBatchBytes(), config.maxEventBytes()), outcomes);
		IngestionTransport ingestion = new IngestionTransport(config, http, outcomes, responseLog, senders);
		if (config.protocol() == IngestConfig.Protocol.OTLP) {
			return new OtlpTransport(config, http, outcomes, responseLog, ingestion, senders);
		}
		return ingestion;
	}

}
