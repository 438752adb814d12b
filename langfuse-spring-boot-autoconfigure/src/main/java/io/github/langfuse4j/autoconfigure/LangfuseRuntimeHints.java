package io.github.langfuse4j.autoconfigure;

import java.util.List;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

import io.github.langfuse4j.ingest.model.AgentCreate;
import io.github.langfuse4j.ingest.model.ChainCreate;
import io.github.langfuse4j.ingest.model.EmbeddingCreate;
import io.github.langfuse4j.ingest.model.EvaluatorCreate;
import io.github.langfuse4j.ingest.model.EventCreate;
import io.github.langfuse4j.ingest.model.GenerationCreate;
import io.github.langfuse4j.ingest.model.GenerationUpdate;
import io.github.langfuse4j.ingest.model.GuardrailCreate;
import io.github.langfuse4j.ingest.model.LenientValue;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationLevel;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.RetrieverCreate;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.ScoreDataType;
import io.github.langfuse4j.ingest.model.SdkLog;
import io.github.langfuse4j.ingest.model.SdkLogBody;
import io.github.langfuse4j.ingest.model.SpanCreate;
import io.github.langfuse4j.ingest.model.SpanUpdate;
import io.github.langfuse4j.ingest.model.ToolCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;
import io.github.langfuse4j.ingest.model.Usage;
import io.github.langfuse4j.ingest.model.UsageUnit;
import io.github.langfuse4j.internal.json.IngestionResponse;

/**
 * Runtime hints for AOT processing and native images: the model records and enums the
 * exporter's JSON mapper writes (every event type, their bodies, usage) and reads (the
 * ingestion response), found by reflection at run time, the serializer that
 * {@code @JsonSerialize} names, and the resource the SDK version header is read from.
 * Values the application passes as input, output or metadata are its own types; it
 * registers their hints itself.
 */
final class LangfuseRuntimeHints implements RuntimeHintsRegistrar {

	/**
	 * Every public record and enum of {@code io.github.langfuse4j.ingest.model} and
	 * {@code io.github.langfuse4j.internal.json}.
	 */
	static final List<Class<?>> JSON_TYPES = List.of(TraceCreate.class, SpanCreate.class, SpanUpdate.class,
			GenerationCreate.class, GenerationUpdate.class, EventCreate.class, AgentCreate.class, ToolCreate.class,
			ChainCreate.class, RetrieverCreate.class, EvaluatorCreate.class, EmbeddingCreate.class,
			GuardrailCreate.class, ScoreCreate.class, SdkLog.class, TraceBody.class, ObservationBody.class,
			ScoreBody.class, SdkLogBody.class, Usage.class, LenientValue.class, IngestionResponse.class,
			IngestionResponse.Success.class, IngestionResponse.Error.class, ObservationLevel.class,
			ObservationType.class, ScoreDataType.class, UsageUnit.class);

	static final String VERSION_RESOURCE = "io/github/langfuse4j/langfuse-version.properties";

	private static final String LENIENT_VALUE_SERIALIZER = "io.github.langfuse4j.ingest.model.LenientValueSerializer";

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
				JSON_TYPES.toArray(Class<?>[]::new));
		hints.reflection()
			.registerType(TypeReference.of(LENIENT_VALUE_SERIALIZER), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
		hints.resources().registerPattern(VERSION_RESOURCE);
	}

}
