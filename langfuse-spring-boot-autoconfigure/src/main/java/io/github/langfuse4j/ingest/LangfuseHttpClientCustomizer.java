package io.github.langfuse4j.ingest;

import java.net.http.HttpClient;

/**
 * Adjusts the JDK {@link HttpClient} under the exporter's private HTTP client before it
 * is built: proxy, SSL context, executor. The connect timeout is already set. With the
 * Spring Boot starter, declare beans of this type; they are applied in order. Headers and
 * interceptors go through a {@link LangfuseRestClientCustomizer}.
 */
@FunctionalInterface
public interface LangfuseHttpClientCustomizer {

	/** A customizer that changes nothing. */
	LangfuseHttpClientCustomizer NONE = (builder) -> {
	};

	/**
	 * Adjusts the builder of the exporter's JDK {@link HttpClient}.
	 * @param builder the builder
	 */
	void customize(HttpClient.Builder builder);

}
