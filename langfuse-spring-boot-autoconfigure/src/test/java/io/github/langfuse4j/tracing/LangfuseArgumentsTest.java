package io.github.langfuse4j.tracing;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Ids, programming errors and null arguments; an in-memory exporter shows what a null
 * argument sends.
 */
class LangfuseArgumentsTest {

	private final Langfuse langfuse = Langfuse.noop();

	@Test
	void idsHaveTheOtlpForm() {
		for (int i = 0; i < 1000; i++) {
			LangfuseTrace trace = this.langfuse.trace("t").start();
			LangfuseSpan span = trace.span("s").start();
			assertThat(trace.id()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
			assertThat(trace.traceId()).isEqualTo(trace.id());
			assertThat(span.id()).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
			assertThat(span.traceId()).isEqualTo(trace.id());
			assertThat(span.parentObservationId()).isNull();
			assertThat(span.span("child").start().parentObservationId()).isEqualTo(span.id());
		}
	}

	@Test
	void traceIdFromIsTheFirstHalfOfSha256() {
		// SHA-256("hello") =
		// 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
		assertThat(Langfuse.traceIdFrom("hello")).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e");
		assertThat(Langfuse.traceIdFrom("héllo")).matches("[0-9a-f]{32}").isEqualTo(Langfuse.traceIdFrom("héllo"));
		assertThatNullPointerException().isThrownBy(() -> Langfuse.traceIdFrom(null)).withMessageContaining("seed");
	}

	@Test
	void suppliedTraceIdsMustBe32LowercaseHex() {
		for (String bad : List.of("", "abc", "2CF24DBA5FB0A30E26E83B2AC5B9E29E", "2cf24dba-5fb0-a30e-26e8-3b2ac5b9e29e",
				"0".repeat(32), "g".repeat(32), "2cf24dba5fb0a30e26e83b2ac5b9e29e0")) {
			assertThatIllegalArgumentException().isThrownBy(() -> this.langfuse.trace("t").id(bad))
				.withMessageContaining("32 lowercase hex");
		}
		assertThatNullPointerException().isThrownBy(() -> this.langfuse.trace("t").id(null))
			.withMessageContaining("id");
	}

	@Test
	void nullAndBlankNamesFailAtOnce() {
		assertThatNullPointerException().isThrownBy(() -> this.langfuse.trace(null)).withMessageContaining("name");
		assertThatNullPointerException().isThrownBy(() -> this.langfuse.span(null)).withMessageContaining("name");
		assertThatIllegalArgumentException().isThrownBy(() -> this.langfuse.generation(" "))
			.withMessageContaining("name");
		assertThatIllegalArgumentException().isThrownBy(() -> this.langfuse.trace("x".repeat(1001)))
			.withMessageContaining("1000");
		LangfuseTrace trace = this.langfuse.trace("t").start();
		assertThatNullPointerException().isThrownBy(() -> trace.observation(ObservationType.TOOL, null))
			.withMessageContaining("name");
		assertThatNullPointerException().isThrownBy(() -> trace.score(null, 1.0)).withMessageContaining("name");
		assertThatNullPointerException().isThrownBy(() -> trace.metadata(null, 1)).withMessageContaining("key");
	}

	@Test
	void generationFieldsAreCheckedWhenSet() {
		LangfuseTrace trace = this.langfuse.trace("t").start();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> trace.generation("g").modelParameters(Map.of("nested", List.of(1, 2))))
			.withMessageContaining("modelParameters[nested]");
		LangfuseGeneration generation = trace.generation("g").start();
		assertThatIllegalArgumentException().isThrownBy(() -> generation.usage(-1, 2))
			.withMessageContaining("negative");
		assertThatIllegalArgumentException().isThrownBy(() -> generation.cost(Double.NaN))
			.withMessageContaining("cost");
		assertThatIllegalArgumentException().isThrownBy(() -> generation.prompt("p", 0)).withMessageContaining("1");
		assertThatNullPointerException().isThrownBy(() -> generation.prompt(null, 1)).withMessageContaining("prompt");
		assertThatNullPointerException().isThrownBy(() -> generation.error(null)).withMessageContaining("error");
	}

	@Test
	void scoresAreCheckedWhenSent() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.langfuse.score("s").value(1.0).send())
			.withMessageContaining("traceId");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.langfuse.score("s").traceId("t").sessionId("x").value(1.0).send());
		assertThatIllegalArgumentException().isThrownBy(() -> this.langfuse.score("s").traceId("t").send())
			.withMessageContaining("value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.langfuse.score("s").traceId("t").value(Double.POSITIVE_INFINITY).send());
		assertThat(this.langfuse.score("s").traceId("t").value(0.5).send()).matches("[0-9a-f]{32}");
	}

	@Test
	void requiredArgumentsRejectNullNamingTheArgument() {
		LangfuseTrace trace = this.langfuse.trace("t").start();
		LangfuseSpan span = trace.span("s").start();
		assertThatNullPointerException().isThrownBy(() -> trace.name(null)).withMessageContaining("name");
		assertThatNullPointerException().isThrownBy(() -> trace.span("s").startTime(null))
			.withMessageContaining("startTime");
		assertThatNullPointerException().isThrownBy(() -> trace.event("e").time(null)).withMessageContaining("time");
		assertThatNullPointerException().isThrownBy(() -> span.end(null)).withMessageContaining("endTime");
		assertThatNullPointerException().isThrownBy(() -> trace.score("s").id(null)).withMessageContaining("id");
		assertThatNullPointerException().isThrownBy(() -> trace.score("s").value((String) null))
			.withMessageContaining("value");
		assertThatNullPointerException().isThrownBy(() -> LangfuseContext.of(null)).withMessageContaining("handle");
		assertThatNullPointerException().isThrownBy(() -> Langfuse.wrap((Runnable) null)).withMessageContaining("task");
	}

	@Test
	void nullArraysCollectionsMapsAndElementsMeanNothing() {
		InMemoryIngest ingest = new InMemoryIngest();
		Langfuse langfuse = Langfuse.create(ingest);
		LangfuseTrace cleared = langfuse.trace("cleared").tags("old").start();
		cleared.tags((String[]) null).end();
		LangfuseTrace clearedByCollection = langfuse.trace("cleared-too").tags("old").start();
		clearedByCollection.tags((Collection<String>) null).end();
		LangfuseTrace someNull = langfuse.trace("some-null").tags("a", null, "b").start();
		someNull.end();
		LangfuseTrace listWithNull = langfuse.trace("list-with-null").start();
		listWithNull.tags(Arrays.asList(null, "c")).end();
		LangfuseTrace allNull = langfuse.trace("all-null").tags((String) null).start();
		allNull.end();

		Map<String, Object> parameters = new HashMap<>();
		parameters.put("temperature", 0.2);
		parameters.put("seed", null);
		parameters.put(null, 1);
		parameters.put("stop", Arrays.asList("\n", null));
		Map<String, String> headers = new HashMap<>();
		headers.put("x", "1");
		headers.put("y", null);
		headers.put(null, "2");
		parameters.put("headers", headers);
		Map<String, Integer> usage = new HashMap<>();
		usage.put("input", 3);
		usage.put("output", null);
		usage.put(null, 4);
		Map<String, Double> cost = new HashMap<>();
		cost.put("total", 0.5);
		cost.put("input", null);
		cost.put(null, 0.1);
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("tenant", "acme");
		metadata.put(null, "dropped");
		LangfuseGeneration generation = allNull.generation("g").modelParameters(parameters).metadata(metadata).start();
		generation.usageDetails(usage).costDetails(cost).end();
		LangfuseGeneration noMaps = allNull.generation("no-maps").modelParameters(Map.of("t", 1)).start();
		noMaps.modelParameters(null).usageDetails(null).costDetails(null).metadata(null).end();

		assertThat(ingest.trace(cleared.id()).tags()).isNullOrEmpty();
		assertThat(ingest.trace(clearedByCollection.id()).tags()).isNullOrEmpty();
		assertThat(ingest.trace(someNull.id()).tags()).containsExactly("a", "b");
		assertThat(ingest.trace(listWithNull.id()).tags()).containsExactly("c");
		assertThat(ingest.trace(allNull.id()).tags()).isNullOrEmpty();
		ObservationBody body = ingest.observation(generation.id());
		assertThat(body.modelParameters()).containsOnlyKeys("temperature", "stop", "headers");
		assertThat(body.modelParameters().get("stop")).isEqualTo(List.of("\n"));
		assertThat(body.modelParameters().get("headers")).isEqualTo(Map.of("x", "1"));
		assertThat(body.usageDetails()).containsExactly(Map.entry("input", 3));
		assertThat(body.costDetails()).containsExactly(Map.entry("total", 0.5));
		assertThat(body.metadata()).isEqualTo(Map.of("tenant", "acme"));
		ObservationBody none = ingest.observation(noMaps.id());
		assertThat(none.modelParameters()).isNull();
		assertThat(none.usageDetails()).isNull();
		assertThat(none.metadata()).isNull();
	}

	@Test
	void aBuilderStartsOneObservation() {
		LangfuseSpanBuilder builder = this.langfuse.span("once");
		builder.start();
		assertThatIllegalStateException().isThrownBy(builder::start);
	}

}
