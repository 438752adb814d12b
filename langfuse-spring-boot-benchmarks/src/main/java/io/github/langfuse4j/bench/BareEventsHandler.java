package io.github.langfuse4j.bench;

import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

/**
 * The floor that {@link SpringAiBridgeBenchmark}'s {@code BARE} row measures: the least
 * that turns the observations the bridge records (the ChatClient call, each model round,
 * each tool execution) into Langfuse events on the calling thread. Each gets an id, its
 * parent's ids from the parent chain, a start and an end time, and at stop one event with
 * its type and name and nothing else, which is enqueued; a call without a recorded
 * ancestor also gets a trace id and its trace event. No content, model, usage, metadata,
 * sampling or handle that the application could use: five events per call with one tool
 * round, as the bridge's, without what the bridge puts in them.
 */
final class BareEventsHandler implements ObservationHandler<Observation.Context> {

	private static final HexFormat HEX = HexFormat.of();

	private final LangfuseIngest ingest;

	private final Instant anchor = Instant.now();

	private final long anchorNanos = System.nanoTime();

	BareEventsHandler(LangfuseIngest ingest) {
		this.ingest = ingest;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatClientObservationContext || context instanceof ChatModelObservationContext
				|| context instanceof ToolCallingObservationContext;
	}

	@Override
	public void onStart(Observation.Context context) {
		Started parent = null;
		ObservationView view = context.getParentObservation();
		while (view != null && parent == null) {
			parent = view.getContextView().get(Started.class);
			view = view.getContextView().getParentObservation();
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String traceId = (parent != null) ? parent.traceId()
				: HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
		context.put(Started.class, new Started(HEX.toHexDigits(random.nextLong()), traceId, System.nanoTime(), parent));
	}

	@Override
	public void onStop(Observation.Context context) {
		Started started = context.get(Started.class);
		if (started == null) {
			return;
		}
		Instant start = at(started.nanos());
		Instant end = at(System.nanoTime());
		ObservationType type = (context instanceof ChatClientObservationContext) ? ObservationType.SPAN
				: (context instanceof ChatModelObservationContext) ? ObservationType.GENERATION : ObservationType.TOOL;
		String name = context.getName();
		String parentId = (started.parent() != null) ? started.parent().id() : null;
		ObservationBody body = new ObservationBody(started.id(), started.traceId(), name, start, end, null, null, null,
				null, null, null, parentId, null, null, null, null, null, null, null, null, null);
		this.ingest.enqueue(IngestionEvent.observation(type, started.id(), end, body));
		if (started.parent() == null) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			String eventId = HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
			this.ingest.enqueue(new TraceCreate(eventId, end, new TraceBody(started.traceId(), start, name, null, null,
					null, null, null, null, null, null, null, null)));
		}
	}

	private Instant at(long nanos) {
		return this.anchor.plusNanos(nanos - this.anchorNanos);
	}

	/** What a started observation keeps in its context. */
	private record Started(String id, String traceId, long nanos, Started parent) {
	}

}
