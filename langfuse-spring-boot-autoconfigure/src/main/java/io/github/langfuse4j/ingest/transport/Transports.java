package io.github.langfuse4j.ingest.transport;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;

/** Creates the {@link Transport} for the configured protocol. Internal. */
public final class Transports {

	private Transports() {
	}

	/**
	 * Creates the transport, with its own HTTP client.
	 * @param config the settings; must have both keys
	 * @param customizer adjusts the HTTP client
	 * @param outcomes where every event's outcome is reported
	 * @return the transport
	 */
	public static Transport create(IngestConfig config, LangfuseRestClientCustomizer customizer, Outcomes outcomes) {
		LangfuseHttp http = new LangfuseHttp(config, customizer);
		ResponseLog responseLog = new ResponseLog(config.host(), config.publicKey());
		IngestionTransport ingestion = new IngestionTransport(config, http, outcomes, responseLog);
		if (config.protocol() == IngestConfig.Protocol.OTLP) {
			return new OtlpTransport(config, http, outcomes, responseLog, ingestion);
		}
		return ingestion;
	}

}
