package io.github.langfuse4j.autoconfigure;

import java.net.http.HttpClient;
import java.util.List;

import org.springframework.web.client.RestClient;

import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;

/** Applies the application's customizer beans in order. */
final class CompositeCustomizer implements LangfuseRestClientCustomizer {

	private final List<LangfuseRestClientCustomizer> customizers;

	CompositeCustomizer(List<LangfuseRestClientCustomizer> customizers) {
		this.customizers = List.copyOf(customizers);
	}

	@Override
	public void customize(RestClient.Builder builder) {
		this.customizers.forEach((customizer) -> customizer.customize(builder));
	}

	@Override
	public void customize(HttpClient.Builder builder) {
		this.customizers.forEach((customizer) -> customizer.customize(builder));
	}

}
