package io.github.langfuse4j.ingest;

import org.springframework.web.client.RestClient;

/**
 * Adjusts the exporter's private {@link RestClient}: headers and interceptors. With the
 * Spring Boot starter, declare beans of this type; they are applied in order. Proxy, SSL
 * context and executor belong to the JDK client underneath: see
 * {@link LangfuseHttpClientCustomizer}.
 */
@FunctionalInterface
public interface LangfuseRestClientCustomizer {

	/** A customizer that changes nothing. */
	LangfuseRestClientCustomizer NONE = (builder) -> {
	};

	/**
	 * Adjusts the {@link RestClient} builder. The base URL, the authorization header and
	 * the message converters are already set; replacing the request factory disables the
	 * exporter's own timeouts.
	 * @param builder the builder
	 */
	void customize(RestClient.Builder builder);

}
