package io.github.langfuse4j.tracing;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for the per-trace clock. */
class AnchoredClockTest {

	@Test
	void followsTheWallClock() {
		Instant before = Instant.now();
		AnchoredClock clock = AnchoredClock.anchor();
		Instant first = clock.now();
		Instant wall = Instant.now();
		// the anchor is read after "before"; its later times run on the monotonic clock
		// from there
		assertThat(first).isAfterOrEqualTo(before);
		assertThat(Duration.between(first, wall).abs()).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void neverGoesBackwards() {
		AnchoredClock clock = AnchoredClock.anchor();
		Instant previous = clock.now();
		for (int i = 0; i < 10_000; i++) {
			Instant now = clock.now();
			assertThat(now).isAfterOrEqualTo(previous);
			previous = now;
		}
	}

	@Test
	void isSharedByATraceAndEveryObservationUnderIt() {
		Langfuse langfuse = Langfuse.create(io.github.langfuse4j.ingest.LangfuseIngest.noop());
		TraceHandle trace = (TraceHandle) langfuse.trace("t").start();
		ObservationHandle span = (ObservationHandle) trace.span("s").start();
		ObservationHandle child = (ObservationHandle) span.generation("g").start();
		assertThat(span.clock()).isSameAs(trace.clock());
		assertThat(child.clock()).isSameAs(trace.clock());
		try (LangfuseScope scope = child.makeCurrent()) {
			ObservationHandle current = (ObservationHandle) langfuse.span("e").start();
			assertThat(current.clock()).isSameAs(trace.clock());
		}
		ObservationHandle lone = (ObservationHandle) langfuse.span("lone").start();
		assertThat(lone.clock()).as("a lone observation starts a trace with its own clock").isNotSameAs(trace.clock());
	}

}
