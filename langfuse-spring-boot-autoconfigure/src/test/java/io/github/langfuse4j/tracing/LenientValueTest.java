package io.github.langfuse4j.tracing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;

import io.github.langfuse4j.ingest.DropReason;

import static io.github.langfuse4j.tracing.TracingRecorder.byBodyId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values the mapper cannot write become a placeholder; the rest of the event and of the
 * batch is sent.
 */
class LenientValueTest {

	private final TracingRecorder recorder = new TracingRecorder();

	@AfterEach
	void close() {
		this.recorder.close();
	}

	@Test
	void anUnwritableValueBecomesAPlaceholderAndNothingElseIsLost() {
		Langfuse langfuse = this.recorder.langfuse;
		LangfuseTrace trace = langfuse.trace("with-bad-values").input(new Unwritable()).start();
		LangfuseSpan span = trace.span("bad-metadata")
			.metadata(Map.of("good", "fine", "bad", new Unwritable(), "number", 7))
			.input(Map.of("nested", new Unwritable()))
			.start();
		span.output(List.of("ok")).end();
		LangfuseSpan neighbour = trace.span("neighbour").input(Map.of("k", "v")).start();
		neighbour.end();
		trace.output("answer").end();

		List<JsonNode> events = this.recorder.events();
		assertThat(events).hasSize(3);
		String placeholder = "<unserializable: " + Unwritable.class.getName() + ": ";

		JsonNode traceBody = byBodyId(events, trace.id()).path("body");
		assertThat(traceBody.path("input").asString()).startsWith(placeholder).contains("cannot be read").endsWith(">");
		assertThat(traceBody.path("output").asString()).isEqualTo("answer");
		assertThat(traceBody.path("name").asString()).isEqualTo("with-bad-values");

		JsonNode spanBody = byBodyId(events, span.id()).path("body");
		assertThat(spanBody.path("metadata").path("good").asString()).isEqualTo("fine");
		assertThat(spanBody.path("metadata").path("number").asInt()).isEqualTo(7);
		assertThat(spanBody.path("metadata").path("bad").asString()).startsWith(placeholder);
		assertThat(spanBody.path("input").asString()).as("the whole input value is replaced")
			.startsWith("<unserializable: ");
		assertThat(spanBody.path("output").get(0).asString()).isEqualTo("ok");
		assertThat(spanBody.path("traceId").asString()).isEqualTo(trace.id());

		assertThat(byBodyId(events, neighbour.id()).path("body").path("input").path("k").asString()).isEqualTo("v");
		assertThat(this.recorder.ingest.stats().dropped().getOrDefault(DropReason.SERIALIZATION, 0L)).isZero();
	}

	@Test
	void valuesAreWrittenByTheExporterNotOnTheCallingThread() {
		AtomicReference<Thread> writer = new AtomicReference<>();
		Object probe = new Object() {
			public String getValue() {
				writer.set(Thread.currentThread());
				return "written";
			}
		};
		LangfuseSpan span = this.recorder.langfuse.span("probe").input(probe).start();
		span.end();
		assertThat(writer.get()).as("not written while recording").isNull();
		JsonNode body = byBodyId(this.recorder.events(), span.id()).path("body");
		assertThat(body.path("input").path("value").asString()).isEqualTo("written");
		assertThat(writer.get()).isNotNull().isNotSameAs(Thread.currentThread());
	}

	@Test
	void aValueThatWritesNothingBecomesAPlaceholderAndNothingElseIsLost() {
		LangfuseTrace trace = this.recorder.langfuse.trace("silent").start();
		LangfuseSpan silent = trace.span("silent").input(new Silent()).metadata("key", new Silent()).start();
		silent.output("fine").end();
		LangfuseSpan neighbour = trace.span("neighbour").input("kept").start();
		neighbour.end();
		trace.end();
		List<JsonNode> events = this.recorder.events();
		assertThat(events).hasSize(3);
		JsonNode body = byBodyId(events, silent.id()).path("body");
		String placeholder = "<unserializable: " + Silent.class.getName() + ": wrote no value>";
		assertThat(body.path("input").asString()).isEqualTo(placeholder);
		assertThat(body.path("metadata").path("key").asString()).isEqualTo(placeholder);
		assertThat(body.path("output").asString()).isEqualTo("fine");
		assertThat(byBodyId(events, neighbour.id()).path("body").path("input").asString()).isEqualTo("kept");
	}

	/** A value that writes itself as nothing at all, which no JSON field may hold. */
	static final class Silent extends JacksonSerializable.Base {

		@Override
		public void serialize(JsonGenerator generator, SerializationContext context) {
		}

		@Override
		public void serializeWithType(JsonGenerator generator, SerializationContext context, TypeSerializer types) {
		}

	}

	/** A value Jackson cannot write: its only property throws. */
	static final class Unwritable {

		public String getValue() {
			throw new IllegalStateException("cannot be read");
		}

	}

}
