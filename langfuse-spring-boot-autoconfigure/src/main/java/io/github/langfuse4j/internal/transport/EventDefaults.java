package io.github.langfuse4j.internal.transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

/**
 * Fills the configured {@code environment} and {@code release} into events for the
 * ingestion endpoint, only where the application never set them, and gives a
 * {@code trace-create} whose envelope id is its trace id an envelope id of its own. Runs
 * on the worker thread only. Events that need no change are returned as they are; changed
 * events keep their timestamp and type.
 *
 * <p>
 * <b>Environment</b> goes into every trace, observation and score body that has none (the
 * server fixes an entity's environment at its first write, so a later event cannot change
 * it). An observation without one gets its trace's environment when this exporter has
 * sent the trace's first {@code trace-create} before it, as over OTLP (where one
 * attribute serves the observation and its trace); otherwise the configured one.
 *
 * <p>
 * <b>Release</b> goes only into the <em>first</em> {@code trace-create} this exporter
 * sends for a trace id, and only if it has none: the server upserts traces, so a release
 * filled into a later partial update (a {@code trace-create} with only an output or tags)
 * would overwrite the release set earlier.
 *
 * <p>
 * The last {@value #REMEMBERED_TRACES} trace ids are remembered with their environment
 * (about 1 MB at most); a trace seen longer ago, or first sent by another process, counts
 * as new.
 *
 * <p>
 * <b>Envelope ids</b> must be unique per event: the server stores each event under its
 * envelope id and rebuilds the trace from all of them, so a second {@code trace-create}
 * with the same envelope id replaces the first. A {@code trace-create} built by hand with
 * the trace id as envelope id (a common pattern, since the id looks like the natural
 * choice) is therefore sent with a random envelope id instead. Other events are sent with
 * the envelope id they were given.
 */
final class EventDefaults {

	/**
	 * How many trace ids are remembered to fill the release only into a trace's first
	 * event.
	 */
	static final int REMEMBERED_TRACES = 10_000;

	private final String environment;

	private final String release;

	/**
	 * Trace ids of recent {@code trace-create} events, least recently seen first, each
	 * with the environment of its first event ({@code ""} for none).
	 */
	private final Map<String, String> seenTraces = new LinkedHashMap<>(256, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
			return size() > REMEMBERED_TRACES;
		}

	};

	EventDefaults(IngestConfig config) {
		this.environment = config.environment();
		this.release = config.release();
	}

	/**
	 * The event with the configured defaults filled in.
	 * @param event the event
	 * @return the same event, or a copy with the defaults
	 */
	IngestionEvent apply(IngestionEvent event) {
		if (event instanceof TraceCreate trace) {
			return applyToTrace(trace);
		}
		if (event instanceof ObservationEvent observation && observation.body().environment() == null) {
			String environment = traceEnvironment(observation.body().traceId());
			return (environment != null)
					? observation.withBody(observation.body().toBuilder().environment(environment).build()) : event;
		}
		if (this.environment != null && event instanceof ScoreCreate score && score.body().environment() == null) {
			return new ScoreCreate(score.id(), score.timestamp(),
					score.body().toBuilder().environment(this.environment).build());
		}
		return event;
	}

	/**
	 * The remembered environment of the trace, else the configured one; {@code null} if
	 * neither is known.
	 */
	private String traceEnvironment(String traceId) {
		String environment = (traceId != null) ? this.seenTraces.get(traceId) : null;
		return (environment != null && !environment.isEmpty()) ? environment : this.environment;
	}

	private TraceCreate applyToTrace(TraceCreate trace) {
		TraceBody body = trace.body();
		boolean first = !this.seenTraces.containsKey(body.id());
		boolean environment = this.environment != null && body.environment() == null;
		if (first) {
			String stored = (body.environment() != null) ? body.environment() : this.environment;
			this.seenTraces.put(body.id(), (stored != null) ? stored : "");
		}
		else {
			this.seenTraces.get(body.id()); // access order: recently continued traces are
											// remembered longest
		}
		boolean release = first && this.release != null && body.release() == null;
		boolean newId = trace.id().equals(body.id());
		if (!environment && !release && !newId) {
			return trace;
		}
		TraceBody filled = body;
		if (environment || release) {
			TraceBody.Builder builder = body.toBuilder();
			if (environment) {
				builder.environment(this.environment);
			}
			if (release) {
				builder.release(this.release);
			}
			filled = builder.build();
		}
		return new TraceCreate(newId ? UUID.randomUUID().toString() : trace.id(), trace.timestamp(), filled);
	}

}
