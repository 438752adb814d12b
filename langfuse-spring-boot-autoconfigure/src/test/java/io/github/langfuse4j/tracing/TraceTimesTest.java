package io.github.langfuse4j.tracing;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.model.IngestionEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * A trace's start and end given by the caller (for timings measured elsewhere, as the
 * Spring AI bridge's thread gives the times of the calls it records): the body's
 * timestamp is the start, the event's the end.
 */
class TraceTimesTest {

	private final InMemoryIngest ingest = new InMemoryIngest();

	private final Langfuse langfuse = Langfuse.create(this.ingest);

	@Test
	void aTraceTakesTheStartAndEndItIsGiven() {
		Instant start = Instant.parse("2026-11-28T10:00:00.000001Z");
		Instant end = start.plusMillis(1500);
		LangfuseTrace trace = this.langfuse.trace("given").startTime(start).start();
		trace.end(end);
		trace.end(end.plusSeconds(60));
		IngestionEvent event = this.ingest.byBodyId(trace.id());
		assertThat(this.ingest.trace(trace.id()).timestamp()).isEqualTo(start);
		assertThat(event.timestamp()).as("the end, the first one given").isEqualTo(end);
	}

	@Test
	void withoutThemTheTraceIsTimedByItsClock() {
		Instant before = Instant.now();
		LangfuseTrace trace = this.langfuse.trace("now").start();
		trace.end();
		Instant after = Instant.now();
		assertThat(this.ingest.trace(trace.id()).timestamp()).isBetween(before.minusMillis(1), after.plusMillis(1));
	}

	@Test
	void nullTimesAreRefused() {
		assertThatNullPointerException().isThrownBy(() -> this.langfuse.trace("t").startTime(null))
			.withMessageContaining("startTime");
		LangfuseTrace trace = this.langfuse.trace("t").start();
		assertThatNullPointerException().isThrownBy(() -> trace.end(null)).withMessageContaining("endTime");
		assertThat(trace.isEnded()).isFalse();
	}

}
