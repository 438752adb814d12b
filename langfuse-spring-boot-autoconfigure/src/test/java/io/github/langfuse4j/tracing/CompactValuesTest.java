package io.github.langfuse4j.tracing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.model.LenientValue;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.internal.model.CompactMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The values the API keeps without a second copy ({@link CompactMap}s: metadata, and the
 * maps the Spring AI bridge builds) are still checked when a setter receives them, and an
 * event never changes after it is built, whatever the caller or the handle does next.
 */
class CompactValuesTest {

	private final InMemoryIngest ingest = new InMemoryIngest();

	private final Langfuse langfuse = Langfuse.create(this.ingest);

	@Test
	void aCompactMapGivenToASetterIsCheckedThereAndLosesItsNulls() {
		LangfuseGeneration generation = this.langfuse.generation("g").start();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> generation.usageDetails(CompactMap.<Integer>builder(1).put("input", -1).build()))
			.withMessageContaining("usageDetails[input]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> generation.modelParameters(CompactMap.builder(1).put("top_p", Double.NaN).build()))
			.withMessageContaining("modelParameters[top_p]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> generation.costDetails(CompactMap.<Double>builder(1).put("total", -0.5).build()))
			.withMessageContaining("costDetails[total]");
		generation.usageDetails(CompactMap.<Integer>builder(2).put("input", 3).put("output", null).build())
			.modelParameters(CompactMap.builder(2).put("temperature", 0.2).put("seed", null).build())
			.end();
		ObservationBody body = this.ingest.observation(generation.id());
		assertThat(body.usageDetails()).containsExactly(Map.entry("input", 3));
		assertThat(body.modelParameters()).containsExactly(Map.entry("temperature", 0.2));
	}

	@Test
	void aCompactMapOfModelParametersLosesTheNullsInsideItsListsAndMapsAndKeepsItsScalars() {
		// scalars are tested first, by class;
		// lists and maps must still be looked into
		Map<String, String> stopWords = new LinkedHashMap<>();
		stopWords.put("a", "x");
		stopWords.put("b", null);
		LangfuseGeneration generation = this.langfuse.generation("g")
			.modelParameters(CompactMap.builder(5)
				.put("temperature", 0.2)
				.put("stream", true)
				.put("model", "m")
				.put("stop", Arrays.asList("END", null))
				.put("logit_bias", stopWords)
				.build())
			.start();
		generation.end();
		assertThat(this.ingest.observation(generation.id()).modelParameters()).containsExactly(
				Map.entry("temperature", 0.2), Map.entry("stream", true), Map.entry("model", "m"),
				Map.entry("stop", List.of("END")), Map.entry("logit_bias", Map.of("a", "x")));
	}

	@Test
	void metadataAddedByKeyIsSentAsItWasAtTheEnd() {
		LangfuseSpan span = this.langfuse.span("s").metadata("a", 1).start();
		span.metadata("b", List.of("x")).metadata("a", 2);
		span.end();
		span.metadata("c", 3);
		@SuppressWarnings("unchecked")
		Map<String, Object> metadata = (Map<String, Object>) this.ingest.observation(span.id()).metadata();
		assertThat(metadata).containsExactly(Map.entry("a", 2),
				Map.entry("b", (Object) new LenientValue(List.of("x"))));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(metadata::clear);
	}

	@Test
	void metadataBuiltIntoABodyDoesNotChangeWhenMoreIsAdded() {
		// what a setter racing with the end would do: the handle's builder copies its
		// array before it changes a map it built
		Object metadata = Values.withMetadata(null, "a", 1);
		Object built = Values.frozen(metadata);
		Object more = Values.withMetadata(metadata, "b", 2);
		Values.withMetadata(more, "a", 3);
		assertThat(built).isEqualTo(Map.of("a", 1));
		assertThat(Values.frozen(more)).isEqualTo(Map.of("a", 3, "b", 2));
	}

	@Test
	void aMapTheCallerChangesAfterTheCallDoesNotChangeTheEvent() {
		Map<String, Object> metadata = new LinkedHashMap<>(Map.of("k", "v"));
		Map<String, Object> parameters = new LinkedHashMap<>(Map.of("temperature", 0.2));
		Map<String, Integer> usage = new LinkedHashMap<>(Map.of("input", 3));
		Map<String, Double> cost = new LinkedHashMap<>(Map.of("total", 0.5));
		LangfuseTrace trace = this.langfuse.trace("t").metadata(metadata).start();
		LangfuseGeneration generation = trace.generation("g").metadata(metadata).modelParameters(parameters).start();
		generation.usageDetails(usage).costDetails(cost).metadata("added", true);
		metadata.put("k", "changed");
		metadata.put("new", 1);
		parameters.put("temperature", 0.9);
		usage.put("input", 99);
		cost.put("total", 9.0);
		generation.end();
		trace.end();
		ObservationBody body = this.ingest.observation(generation.id());
		assertThat(body.metadata()).isEqualTo(Map.of("k", "v", "added", true));
		assertThat(body.modelParameters()).isEqualTo(Map.of("temperature", 0.2));
		assertThat(body.usageDetails()).isEqualTo(Map.of("input", 3));
		assertThat(body.costDetails()).isEqualTo(Map.of("total", 0.5));
		TraceBody traceBody = this.ingest.trace(trace.id());
		assertThat(traceBody.metadata()).isEqualTo(Map.of("k", "v"));
	}

	@Test
	void aBuilderChecksWhatItIsGivenAsTheHandleDoes() {
		LangfuseGenerationBuilder builder = this.langfuse.generation("g");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.modelParameters(Map.of("options", new Object())))
			.withMessageContaining("modelParameters[options]");
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> builder.metadata(null, 1))
			.withMessageContaining("key");
		LangfuseGeneration generation = builder.model("m")
			.modelParameters(Map.of("temperature", 0.2))
			.metadata("a", 1)
			.input("question")
			.start();
		// a builder used after the start sets the started handle, through its lock
		builder.metadata("b", 2).model("n");
		generation.end();
		ObservationBody body = this.ingest.observation(generation.id());
		assertThat(body.model()).isEqualTo("n");
		assertThat(body.modelParameters()).isEqualTo(Map.of("temperature", 0.2));
		assertThat(body.metadata()).isEqualTo(Map.of("a", 1, "b", 2));
		assertThat(body.input()).isEqualTo("question");
		Langfuse withoutContent = Langfuse.builder(this.ingest).captureContent(false).build();
		LangfuseSpan span = withoutContent.span("s").input("secret").metadata("k", "v").start();
		span.end();
		assertThat(this.ingest.observation(span.id()).input()).isNull();
		assertThat(this.ingest.observation(span.id()).metadata()).isEqualTo(Map.of("k", "v"));
	}

}
