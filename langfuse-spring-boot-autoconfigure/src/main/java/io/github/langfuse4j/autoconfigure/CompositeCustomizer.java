package io.github.langfuse4j.autoconfigure;

import java.net.http.HttpClient;
import java.util.List;

import org.springframework.web.client.RestClient;

import io.github.langfuse4j.ingest.LangfuseHttpClientCustomizer;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;

/**
 * Applies the application's customizer beans of both HTTP client builders, each kind in
 * its order.
 */
final class CompositeCustomizer implements LangfuseRestClientCustomizer, LangfuseHttpClientCustomizer {

	private final List<LangfuseRestClientCustomizer> restClientCustomizers;

	private final List<LangfuseHttpClientCustomizer> httpClientCustomizers;

	CompositeCustomizer(List<LangfuseRestClientCustomizer> restClientCustomizers,
			List<LangfuseHttpClientCustomizer> httpClientCustomizers) {
		this.restClientCustomizers = List.copyOf(restClientCustomizers);
		this.httpClientCustomizers = List.copyOf(httpClientCustomizers);
	}

	@Override
	public void customize(RestClient.Builder builder) {
		this.restClientCustomizers.forEach((customizer) -> customizer.customize(builder));
	}

	@Override
	public void customize(HttpClient.Builder builder) {
		this.httpClientCustomizers.forEach((customizer) -> customizer.customize(builder));
	}

}
