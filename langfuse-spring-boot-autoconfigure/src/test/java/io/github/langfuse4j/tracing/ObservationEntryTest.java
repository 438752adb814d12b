package io.github.langfuse4j.tracing;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The one entry for observation types (issue 14, step 9): {@code observation(type, name)}
 * beside the span, generation and event shortcuts, on {@link Langfuse} and on every
 * handle.
 */
class ObservationEntryTest {

	private static final List<ObservationType> GENERATION_LIKE = Arrays.stream(ObservationType.values())
		.filter(ObservationType::isGenerationLike)
		.toList();

	private final InMemoryIngest ingest = new InMemoryIngest();

	private final Langfuse langfuse = Langfuse.create(this.ingest);

	@Test
	void everyGenerationLikeTypeStartsUnderAHandleAndInTheCurrentContext() {
		LangfuseTrace trace = this.langfuse.trace("types").start();
		LangfuseSpan parent = trace.span("parent").start();
		for (ObservationType type : GENERATION_LIKE) {
			LangfuseGeneration child = parent.observation(type, "child-" + type.wireName()).model("m").start();
			assertThat(child.type()).isEqualTo(type);
			child.usage(1, 2).end();
			try (LangfuseScope scope = parent.makeCurrent()) {
				this.langfuse.observation(type, "current-" + type.wireName()).start().end();
			}
			trace.observation(type, "top-" + type.wireName()).start().end();
		}
		parent.end();
		trace.end();
		for (ObservationType type : GENERATION_LIKE) {
			for (String prefix : List.of("child-", "current-", "top-")) {
				ObservationBody body = this.ingest.observationsByName().get(prefix + type.wireName());
				IngestionEvent event = this.ingest.byBodyId(body.id());
				assertThat(event.type()).isEqualTo(type.wireName() + "-create");
				assertThat(body.traceId()).isEqualTo(trace.id());
				assertThat(body.parentObservationId()).as(prefix + type)
					.isEqualTo(prefix.equals("top-") ? null : parent.id());
			}
			ObservationBody child = this.ingest.observationsByName().get("child-" + type.wireName());
			assertThat(child.model()).isEqualTo("m");
			assertThat(child.usageDetails()).containsEntry("total", 3);
		}
	}

	@Test
	void aGenerationThroughTheEntryIsAGeneration() {
		LangfuseGeneration generation = this.langfuse.observation(ObservationType.GENERATION, "llm")
			.prompt("qa", 3)
			.start();
		generation.end();
		assertThat(this.ingest.byBodyId(generation.id()).type()).isEqualTo("generation-create");
		assertThat(this.ingest.observation(generation.id()).promptName()).isEqualTo("qa");
		assertThat(this.ingest.trace(generation.traceId()).name()).as("a lone observation starts its trace")
			.isEqualTo("llm");
	}

	@Test
	void spansAndEventsArePointedToTheirOwnBuilders() {
		LangfuseTrace trace = Langfuse.noop().trace("t").start();
		for (LangfuseHandleOrApi entry : List.<LangfuseHandleOrApi>of(this.langfuse::observation, trace::observation,
				Langfuse.noop()::observation)) {
			assertThatIllegalArgumentException().isThrownBy(() -> entry.observation(ObservationType.SPAN, "s"))
				.withMessageContaining("span(name)");
			assertThatIllegalArgumentException().isThrownBy(() -> entry.observation(ObservationType.EVENT, "e"))
				.withMessageContaining("event(name)");
			assertThatNullPointerException().isThrownBy(() -> entry.observation(null, "x"))
				.withMessageContaining("type");
			assertThatNullPointerException().isThrownBy(() -> entry.observation(ObservationType.TOOL, null))
				.withMessageContaining("name");
			assertThatIllegalArgumentException().isThrownBy(() -> entry.observation(ObservationType.TOOL, " "))
				.withMessageContaining("name");
		}
		assertThat(this.ingest.events()).isEmpty();
	}

	/** {@code observation(type, name)} of {@link Langfuse} or of a handle. */
	@FunctionalInterface
	private interface LangfuseHandleOrApi {

		LangfuseGenerationBuilder observation(ObservationType type, String name);

	}

}
