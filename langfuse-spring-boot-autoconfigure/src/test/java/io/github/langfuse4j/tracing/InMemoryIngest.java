package io.github.langfuse4j.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An in-memory {@link LangfuseIngest} for tests of the tracing logic: records every event
 * object it is given, in order, with no worker, no JSON and no HTTP in between.
 * Thread-safe; {@link #flush(Duration)} returns {@code true} at once, since every event
 * is recorded by the time {@code enqueue} returns. The loopback workflow tests
 * ({@link TracingRecorder}) prove that what is recorded here is what reaches the wire.
 * Public for the Spring AI bridge's tests of which objects its events share.
 */
public class InMemoryIngest implements LangfuseIngest {

	private final List<IngestionEvent> events = new ArrayList<>();

	@Override
	public void enqueue(IngestionEvent event) {
		Objects.requireNonNull(event, "event must not be null");
		synchronized (this.events) {
			this.events.add(event);
		}
	}

	@Override
	public void flush() {
	}

	@Override
	public boolean flush(Duration timeout) {
		return true;
	}

	@Override
	public IngestStats stats() {
		int recorded = events().size();
		return new IngestStats(recorded, recorded, 0, Map.of(), 0, 0, 0, Integer.MAX_VALUE, null, null, null, 0);
	}

	@Override
	public void close() {
	}

	/**
	 * Every event recorded so far, in the order {@code enqueue} was called.
	 * @return the events
	 */
	public List<IngestionEvent> events() {
		synchronized (this.events) {
			return List.copyOf(this.events);
		}
	}

	/** The events of one wire type, for example {@code "span-create"}, in order. */
	List<IngestionEvent> ofType(String type) {
		return events().stream().filter((e) -> e.type().equals(type)).toList();
	}

	/** The one event whose body has this id, failing unless there is exactly one. */
	IngestionEvent byBodyId(String id) {
		List<IngestionEvent> matching = events().stream().filter((e) -> id.equals(bodyId(e))).toList();
		assertThat(matching).as("events with body id %s in %s", id, events()).hasSize(1);
		return matching.get(0);
	}

	/** The body of the one observation event with this id. */
	ObservationBody observation(String id) {
		return ((ObservationEvent) byBodyId(id)).body();
	}

	/** The body of the one {@code trace-create} with this trace id. */
	TraceBody trace(String id) {
		return ((TraceCreate) byBodyId(id)).body();
	}

	/** The body of the one score with this id. */
	ScoreBody score(String id) {
		return ((ScoreCreate) byBodyId(id)).body();
	}

	/** How many events each body id has. */
	Map<String, Long> countByBodyId() {
		return events().stream().collect(Collectors.groupingBy(InMemoryIngest::bodyId, Collectors.counting()));
	}

	/** The observation bodies by name; fails if two share a name. */
	Map<String, ObservationBody> observationsByName() {
		return events().stream()
			.filter(ObservationEvent.class::isInstance)
			.map((e) -> ((ObservationEvent) e).body())
			.collect(Collectors.toMap(ObservationBody::name, Function.identity()));
	}

	/** The trace bodies by name; fails if two share a name. */
	Map<String, TraceBody> tracesByName() {
		return events().stream()
			.filter(TraceCreate.class::isInstance)
			.map((e) -> ((TraceCreate) e).body())
			.collect(Collectors.toMap(TraceBody::name, Function.identity()));
	}

	/**
	 * The trace an event belongs to: its body's trace id, or for a {@code trace-create}
	 * the trace's own id.
	 */
	static String traceId(IngestionEvent event) {
		if (event instanceof ObservationEvent observation) {
			return observation.body().traceId();
		}
		if (event instanceof TraceCreate trace) {
			return trace.body().id();
		}
		if (event instanceof ScoreCreate score) {
			return score.body().traceId();
		}
		throw new IllegalArgumentException("not a tracing event: " + event);
	}

	static String bodyId(IngestionEvent event) {
		if (event instanceof ObservationEvent observation) {
			return observation.body().id();
		}
		if (event instanceof TraceCreate trace) {
			return trace.body().id();
		}
		if (event instanceof ScoreCreate score) {
			return score.body().id();
		}
		throw new IllegalArgumentException("not a tracing event: " + event);
	}

}
