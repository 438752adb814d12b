package io.github.langfuse4j.internal.json;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Holder of the {@link JsonMapper} used to write and read Langfuse ingestion payloads.
 * <p>
 * The mapper belongs to this library: it is configured for the Langfuse wire format only
 * (absent values omitted, ISO-8601 instants, unknown response properties ignored) and is
 * deliberately not exposed as a Spring bean, so that application-wide Jackson
 * customizations cannot change what is sent to Langfuse.
 */
public final class LangfuseJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.addModule(new SimpleModule("langfuse-instants").addSerializer(Instant.class, new IsoInstantSerializer()))
		.build();

	private LangfuseJson() {
	}

	/**
	 * Return the shared, immutable mapper for Langfuse ingestion payloads.
	 * @return the mapper
	 */
	public static JsonMapper mapper() {
		return MAPPER;
	}

}
