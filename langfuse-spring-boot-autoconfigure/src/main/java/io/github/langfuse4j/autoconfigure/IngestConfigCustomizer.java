package io.github.langfuse4j.autoconfigure;

import io.github.langfuse4j.ingest.IngestConfig;

/**
 * Adjusts the exporter's settings after the {@code langfuse.*} properties are bound, for
 * values an application knows only at runtime (a release from its build information, keys
 * from a secret store). Declare beans of this type; the auto-configuration applies them
 * in order to a builder that holds the bound properties, so a value a customizer sets
 * wins over the property. They are not applied to an {@link IngestConfig} bean of the
 * application's own.
 *
 * <p>
 * The HTTP client has its own customizer,
 * {@link io.github.langfuse4j.ingest.LangfuseRestClientCustomizer}.
 */
@FunctionalInterface
public interface IngestConfigCustomizer {

	/**
	 * Adjusts the settings. Values out of range fail the startup with an
	 * {@link io.github.langfuse4j.ingest.InvalidSettingException} naming the setting.
	 * @param builder the builder, holding the bound properties and the service name
	 * default
	 */
	void customize(IngestConfig.Builder builder);

}
