package io.github.langfuse4j.internal.transport;

import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.model.TraceBody;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for the bounded memory of exported observation ids and trace attributes. */
class ExportedSpansTest {

	@Test
	void forgetsTheOldestObservationIdBeyondTheBound() {
		ExportedSpans exported = new ExportedSpans(2, 10, 1L << 20);
		exported.observation("a");
		exported.observation("b");
		exported.observation("c");
		assertThat(exported.isExported("a")).isFalse();
		assertThat(exported.isExported("b")).isTrue();
		assertThat(exported.isExported("c")).isTrue();
	}

	@Test
	void forgetsTheOldestTracesBeyondTheByteBoundButKeepsTheLatest() {
		TraceBody attributes = TraceBody.builder("t").name("n".repeat(100)).build();
		long one = SizeEstimate.of(attributes);
		ExportedSpans exported = new ExportedSpans(10, 10, 2 * one);
		exported.trace("t1", attributes, "root-1");
		exported.trace("t2", attributes, "root-2");
		assertThat(exported.trace("t1")).isNotNull();
		exported.trace("t3", attributes, "root-3");
		assertThat(exported.trace("t1")).isNull();
		assertThat(exported.trace("t2").rootSpanId()).isEqualTo("root-2");
		assertThat(exported.trace("t3").body()).isEqualTo(attributes);
		ExportedSpans tiny = new ExportedSpans(10, 10, 1);
		tiny.trace("t1", attributes, "root-1");
		assertThat(tiny.trace("t1")).as("the latest trace is kept even if it alone is larger").isNotNull();
	}

	@Test
	void rememberingATraceAgainReplacesItsAttributesAndBytes() {
		TraceBody small = TraceBody.builder("t").name("a").build();
		TraceBody large = TraceBody.builder("t").name("n".repeat(100)).build();
		ExportedSpans exported = new ExportedSpans(10, 10, SizeEstimate.of(large) + SizeEstimate.of(small));
		exported.trace("t1", small, "root-1");
		exported.trace("t1", large, "root-1b");
		exported.trace("t2", small, "root-2");
		assertThat(exported.trace("t1").body()).isEqualTo(large);
		assertThat(exported.trace("t1").rootSpanId()).isEqualTo("root-1b");
		assertThat(exported.trace("t2")).isNotNull();
	}

}
