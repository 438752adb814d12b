package io.github.langfuse4j.internal.transport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.SpanUpdate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;
import io.github.langfuse4j.internal.transport.SpanAssembler.Added;
import io.github.langfuse4j.internal.transport.SpanAssembler.Limits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the span buffer on its own, with a fake clock: every timed release, every
 * bound, late events and the memory of exported ids, with a handful of small events and
 * no server.
 */
class SpanAssemblerTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration WAIT = Limits.DEFAULT.traceDataWait();

	private static final long NANO = 1;

	/** The fake clock, in nanoseconds. */
	private long now = 1_000_000_000L;

	private int eventIds;

	private SpanAssembler assembler = new SpanAssembler(Limits.DEFAULT, () -> this.now);

	@Test
	void theDefaultsAreTheWaitsAndBoundsTheReadmeNames() {
		// README, "How long spans wait"
		assertThat(Limits.DEFAULT.traceDataWait()).isEqualTo(Duration.ofSeconds(30));
		assertThat(Limits.DEFAULT.rootWait()).isEqualTo(Duration.ofSeconds(30));
		assertThat(Limits.DEFAULT.openMaxAge()).isEqualTo(Duration.ofMinutes(5));
		assertThat(Limits.DEFAULT.maxObservations()).isEqualTo(10_000);
		assertThat(Limits.DEFAULT.maxTraces()).isEqualTo(10_000);
		assertThat(Limits.DEFAULT.maxBytes()).isEqualTo(32L << 20);
	}

	@Test
	void aCompleteObservationWhoseTraceDataCameIsReleasedAtOnceBelowTheRoot() {
		assertThat(this.assembler.add(trace("t"))).isEqualTo(Added.BUFFERED);
		assertThat(this.assembler.add(ended("g", "t"))).isEqualTo(Added.BUFFERED);
		assertThat(this.assembler.readyCount()).isEqualTo(1);
		List<OtlpSpan> spans = this.assembler.takeReady();
		assertThat(spans).singleElement().satisfies((span) -> {
			assertThat(span.name()).isEqualTo("g");
			assertThat(span.parentSpanId()).isNotNull();
			assertThat(span.trace()).isNotNull();
		});
		assertThat(this.assembler.pending()).as("the trace's data, its root not released").isEqualTo(1);
	}

	@Test
	void aCompleteObservationWaitsForItsTraceDataAtMostTheTraceDataWait() {
		this.assembler.add(ended("g", "t"));
		assertThat(this.assembler.readyCount()).isZero();
		this.now += WAIT.toNanos() - NANO;
		assertThat(this.assembler.takeDue(false)).isEmpty();
		this.now += NANO;
		assertThat(this.assembler.takeDue(false)).singleElement().satisfies((span) -> {
			assertThat(span.name()).isEqualTo("g");
			assertThat(span.parentSpanId()).as("no trace data, no root").isNull();
		});
		assertThat(this.assembler.pending()).isZero();
	}

	@Test
	void traceDataReleasesTheObservationsWaitingForIt() {
		this.assembler.add(ended("g1", "t"));
		this.assembler.add(ended("g2", "t"));
		this.assembler.add(trace("t"));
		assertThat(this.assembler.readyCount()).isEqualTo(2);
		assertThat(this.assembler.takeDue(false)).extracting(OtlpSpan::name).containsExactlyInAnyOrder("g1", "g2", "t");
		assertThat(this.assembler.pending()).isZero();
	}

	@Test
	void theRootWaitsForOpenObservationsAtMostTheRootWait() {
		this.assembler.add(trace("t"));
		this.assembler.add(open("s", "t"));
		assertThat(this.assembler.takeDue(false)).isEmpty();
		this.now += Limits.DEFAULT.rootWait().toNanos() - NANO;
		assertThat(this.assembler.takeDue(false)).isEmpty();
		this.now += NANO;
		assertThat(this.assembler.takeDue(false)).extracting(OtlpSpan::name).containsExactly("t");
		assertThat(this.assembler.pending()).as("the open span").isEqualTo(1);
	}

	@Test
	void anObservationThatNeverEndsIsReleasedAsItIsAfterTheOpenMaxAge() {
		this.assembler.add(open("s", "t"));
		this.now += Limits.DEFAULT.openMaxAge().toNanos() - NANO;
		assertThat(this.assembler.takeDue(false)).isEmpty();
		this.now += NANO;
		assertThat(this.assembler.takeDue(false)).singleElement().satisfies((span) -> {
			assertThat(span.name()).isEqualTo("s");
			assertThat(span.end()).as("end = start").isEqualTo(span.start());
		});
		assertThat(this.assembler.pending()).isZero();
	}

	@Test
	void anOpenObservationThatEndsIsReleasedAndItsRootFollowsAtTheNextTick() {
		this.assembler.add(trace("t"));
		this.assembler.add(open("s", "t"));
		assertThat(this.assembler.completeRoots()).isZero();
		assertThat(this.assembler.add(end("s", "t"))).isEqualTo(Added.MERGED);
		assertThat(this.assembler.takeReady()).extracting(OtlpSpan::name).containsExactly("s");
		assertThat(this.assembler.completeRoots()).isEqualTo(1);
		assertThat(this.assembler.takeDue(false)).extracting(OtlpSpan::name).containsExactly("t");
	}

	@Test
	void completeRootsAreReleasedEarlyWhenTheCallerAsks() {
		this.assembler.add(trace("t1"));
		this.assembler.add(ended("g1", "t1"));
		this.assembler.add(trace("t2"));
		this.assembler.add(open("s2", "t2"));
		assertThat(this.assembler.completeRoots()).as("t2 has an open observation").isEqualTo(1);
		assertThat(this.assembler.completeRootBytes()).isPositive();
		this.assembler.releaseCompleteRoots();
		assertThat(this.assembler.completeRoots()).isZero();
		assertThat(this.assembler.takeReady()).extracting(OtlpSpan::name).containsExactlyInAnyOrder("g1", "t1");
		assertThat(this.assembler.pending()).as("t2's data and its open span").isEqualTo(2);
	}

	@Test
	void aForcedTickReleasesEverything() {
		this.assembler.add(trace("t"));
		this.assembler.add(open("s", "t"));
		this.assembler.add(ended("g", "other"));
		assertThat(this.assembler.takeDue(true)).extracting(OtlpSpan::name).containsExactlyInAnyOrder("s", "g", "t");
		assertThat(this.assembler.pending()).isZero();
		assertThat(this.assembler.bufferedBytes()).isZero();
	}

	@Test
	void aTraceCreateAfterItsRootWasExportedStartsAFurtherRoot() {
		this.assembler.add(trace("t"));
		OtlpSpan first = this.assembler.takeDue(false).get(0);
		assertThat(this.assembler.add(trace("t"))).isEqualTo(Added.BUFFERED);
		OtlpSpan second = this.assembler.takeDue(false).get(0);
		assertThat(second.name()).isEqualTo("t");
		assertThat(second.spanId()).isNotEqualTo(first.spanId());
		assertThat(second.traceId()).isEqualTo(first.traceId());
	}

	@Test
	void anEventForAnExportedObservationIsLate() {
		this.assembler.add(trace("t"));
		this.assembler.add(ended("g", "t"));
		this.assembler.takeReady();
		int pending = this.assembler.pending();
		assertThat(this.assembler.add(end("g", "t"))).isEqualTo(Added.LATE);
		assertThat(this.assembler.pending()).isEqualTo(pending);
		assertThat(this.assembler.readyCount()).isZero();
	}

	@Test
	void theObservationBoundRefusesTheNextNewObservation() {
		this.assembler = assembler(2, 100, 1L << 20);
		assertThat(this.assembler.add(open("a", "t"))).isEqualTo(Added.BUFFERED);
		assertThat(this.assembler.add(open("b", "t"))).isEqualTo(Added.BUFFERED);
		assertThat(this.assembler.add(open("c", "t"))).isEqualTo(Added.FULL);
		assertThat(this.assembler.observationCount()).isEqualTo(2);
		assertThat(this.assembler.pending()).isEqualTo(2);
		assertThat(this.assembler.add(end("a", "t"))).as("an event of a buffered observation still merges")
			.isEqualTo(Added.MERGED);
	}

	@Test
	void aFullBufferReleasesTheOldestObservationWaitingForTraceDataFirst() {
		this.assembler = assembler(2, 100, 1L << 20);
		this.assembler.add(ended("waiting", "t1"));
		this.assembler.add(open("open", "t2"));
		assertThat(this.assembler.add(open("new", "t3"))).isEqualTo(Added.BUFFERED);
		assertThat(this.assembler.takeReady()).extracting(OtlpSpan::name).containsExactly("waiting");
		assertThat(this.assembler.observationCount()).isEqualTo(2);
	}

	@Test
	void aFullBufferReleasesCompleteRootsFirst() {
		this.assembler = assembler(100, 2, 1L << 20);
		this.assembler.add(trace("t1"));
		this.assembler.add(open("s", "t2"));
		assertThat(this.assembler.add(trace("t3"))).isEqualTo(Added.BUFFERED);
		assertThat(this.assembler.takeReady()).extracting(OtlpSpan::name).containsExactly("t1");
		assertThat(this.assembler.traceCount()).isEqualTo(2);
	}

	@Test
	void theTraceBoundRefusesAnObservationOfANewTrace() {
		this.assembler = assembler(100, 2, 1L << 20);
		this.assembler.add(open("a", "t1"));
		this.assembler.add(open("b", "t2"));
		assertThat(this.assembler.add(open("c", "t3"))).isEqualTo(Added.FULL);
		assertThat(this.assembler.add(open("d", "t2"))).as("a known trace still fits").isEqualTo(Added.BUFFERED);
		assertThat(this.assembler.traceCount()).isEqualTo(2);
	}

	@Test
	void theByteBoundRefusesWhatDoesNotFit() {
		long one = SizeEstimate.of(body("a", "t").build());
		this.assembler = assembler(100, 100, 2 * one);
		assertThat(this.assembler.add(open("a", "t"))).isEqualTo(Added.BUFFERED);
		assertThat(this.assembler.add(open("b", "t"))).isEqualTo(Added.BUFFERED);
		assertThat(this.assembler.bufferedBytes()).isEqualTo(2 * one);
		assertThat(this.assembler.add(open("c", "t"))).isEqualTo(Added.FULL);
		assertThat(this.assembler.bufferedBytes()).isLessThanOrEqualTo(this.assembler.limits().maxBytes());
	}

	@Test
	void anEventLargerThanTheWholeBufferIsOversize() {
		this.assembler = assembler(100, 100, 100);
		IngestionEvent large = IngestionEvent.observation(ObservationType.SPAN, nextId(), T0,
				body("big", "t").input("x".repeat(200)).build());
		assertThat(this.assembler.add(large)).isEqualTo(Added.OVERSIZE);
		TraceCreate largeTrace = new TraceCreate(nextId(), T0,
				TraceBody.builder("t").name("t").input("x".repeat(200)).build());
		assertThat(this.assembler.add(largeTrace)).isEqualTo(Added.OVERSIZE);
		assertThat(this.assembler.pending()).isZero();
		assertThat(this.assembler.bufferedBytes()).isZero();
	}

	@Test
	void afterTheShutdownBeganAFullBufferReleasesOpenObservationsToo() {
		this.assembler = assembler(1, 100, 1L << 20);
		this.assembler.add(open("a", "t"));
		assertThat(this.assembler.add(open("b", "t"))).isEqualTo(Added.FULL);
		this.assembler.shuttingDown();
		assertThat(this.assembler.add(open("b", "t"))).isEqualTo(Added.BUFFERED);
		assertThat(this.assembler.takeReady()).extracting(OtlpSpan::name).containsExactly("a");
	}

	@Test
	void theOldestExportedObservationIdsAreForgotten() {
		this.assembler = new SpanAssembler(
				new Limits(100, 100, 1L << 20, WAIT, WAIT, Limits.DEFAULT.openMaxAge(), 2, 100, 1L << 20),
				() -> this.now);
		this.assembler.add(trace("t"));
		this.assembler.add(ended("o1", "t"));
		this.assembler.add(ended("o2", "t"));
		this.assembler.add(ended("o3", "t"));
		this.assembler.takeReady();
		assertThat(this.assembler.add(end("o3", "t"))).isEqualTo(Added.LATE);
		assertThat(this.assembler.add(end("o2", "t"))).isEqualTo(Added.LATE);
		assertThat(this.assembler.add(end("o1", "t"))).as("forgotten: taken as a new observation")
			.isEqualTo(Added.BUFFERED);
	}

	@Test
	void theOldestExportedTracesAreForgotten() {
		this.assembler = new SpanAssembler(
				new Limits(100, 100, 1L << 20, WAIT, WAIT, Limits.DEFAULT.openMaxAge(), 100, 1, 1L << 20),
				() -> this.now);
		this.assembler.add(trace("t1"));
		this.assembler.add(trace("t2"));
		assertThat(this.assembler.takeDue(false)).hasSize(2);
		// t1's attributes are forgotten: its observation waits for trace data; t2's are
		// remembered
		this.assembler.add(ended("g1", "t1"));
		assertThat(this.assembler.readyCount()).isZero();
		this.assembler.add(ended("g2", "t2"));
		assertThat(this.assembler.takeReady()).singleElement().satisfies((span) -> {
			assertThat(span.name()).isEqualTo("g2");
			assertThat(span.trace()).isNotNull();
			assertThat(span.parentSpanId()).isNotNull();
		});
	}

	@Test
	void discardForgetsEverythingHeld() {
		this.assembler.add(trace("t"));
		this.assembler.add(open("s", "t"));
		this.assembler.add(ended("g", "other"));
		assertThat(this.assembler.discard()).isEqualTo(3);
		assertThat(this.assembler.pending()).isZero();
		assertThat(this.assembler.takeDue(true)).isEmpty();
	}

	private SpanAssembler assembler(int maxObservations, int maxTraces, long maxBytes) {
		Limits d = Limits.DEFAULT;
		return new SpanAssembler(new Limits(maxObservations, maxTraces, maxBytes, d.traceDataWait(), d.rootWait(),
				d.openMaxAge(), d.rememberedObservations(), d.rememberedTraces(), d.rememberedTraceBytes()),
				() -> this.now);
	}

	private String nextId() {
		return "event-" + this.eventIds++;
	}

	private TraceCreate trace(String id) {
		return new TraceCreate(nextId(), T0.plusSeconds(2), TraceBody.builder(id).name(id).timestamp(T0).build());
	}

	private static ObservationBody.Builder body(String id, String traceId) {
		return ObservationBody.builder(id).traceId(traceId).name(id).startTime(T0);
	}

	private IngestionEvent ended(String id, String traceId) {
		return IngestionEvent.observation(ObservationType.GENERATION, nextId(), T0,
				body(id, traceId).endTime(T0.plusSeconds(1)).build());
	}

	private IngestionEvent open(String id, String traceId) {
		return IngestionEvent.observation(ObservationType.SPAN, nextId(), T0, body(id, traceId).build());
	}

	private IngestionEvent end(String id, String traceId) {
		return new SpanUpdate(nextId(), T0.plusSeconds(1),
				ObservationBody.builder(id).traceId(traceId).endTime(T0.plusSeconds(1)).build());
	}

}
