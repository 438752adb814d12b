package io.github.langfuse4j.ingest;

import java.net.http.HttpClient;

import org.springframework.web.client.RestClient;

/**
 * Adjusts the exporter's private HTTP client: headers and interceptors through the {@link RestClient.Builder},
 * proxy, SSL context or executor through the JDK {@link HttpClient.Builder}. With the Spring Boot starter,
 * declare beans of this type; they are applied in order.
 */
@FunctionalInterface
public interface LangfuseRestClientCustomizer {

	/** A customizer that changes nothing. */
	LangfuseRestClientCustomizer NONE = builder -> {
	};

	/**
	 * Adjusts the {@link RestClient} builder. The base URL, the authorization header and the message converters
	 * are already set; replacing the request factory disables the exporter's own timeouts.
	 * @param builder the builder
	 */
	void customize(RestClient.Builder builder);

	/**
	 * Adjusts the JDK {@link HttpClient} (proxy, SSL, executor) before the exporter builds it. The connect
	 * timeout is already set. Does nothing by default.
	 * @param builder the builder
	 */
	default void customize(HttpClient.Builder builder) {
	}

}
