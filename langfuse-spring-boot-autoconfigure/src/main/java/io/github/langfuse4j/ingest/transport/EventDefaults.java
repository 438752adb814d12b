package io.github.langfuse4j.ingest.transport;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.model.AgentCreate;
import io.github.langfuse4j.ingest.model.ChainCreate;
import io.github.langfuse4j.ingest.model.EmbeddingCreate;
import io.github.langfuse4j.ingest.model.EvaluatorCreate;
import io.github.langfuse4j.ingest.model.EventCreate;
import io.github.langfuse4j.ingest.model.GenerationCreate;
import io.github.langfuse4j.ingest.model.GenerationUpdate;
import io.github.langfuse4j.ingest.model.GuardrailCreate;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.RetrieverCreate;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.SpanCreate;
import io.github.langfuse4j.ingest.model.SpanUpdate;
import io.github.langfuse4j.ingest.model.ToolCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

/**
 * Fills the configured {@code environment} into trace, observation and score bodies and the configured
 * {@code release} into trace bodies that lack them, for the ingestion endpoint. Events that need no change are
 * returned as they are; changed events keep their id, timestamp and type.
 */
final class EventDefaults {

	private final String environment;

	private final String release;

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
		if (this.environment == null && this.release == null) {
			return event;
		}
		if (event instanceof TraceCreate trace) {
			TraceBody body = trace.body();
			boolean environment = this.environment != null && body.environment() == null;
			boolean release = this.release != null && body.release() == null;
			if (!environment && !release) {
				return event;
			}
			TraceBody.Builder builder = body.toBuilder();
			if (environment) {
				builder.environment(this.environment);
			}
			if (release) {
				builder.release(this.release);
			}
			return new TraceCreate(trace.id(), trace.timestamp(), builder.build());
		}
		if (this.environment == null) {
			return event;
		}
		if (event instanceof ScoreCreate score && score.body().environment() == null) {
			return new ScoreCreate(score.id(), score.timestamp(),
					score.body().toBuilder().environment(this.environment).build());
		}
		if (event instanceof ObservationEvent observation && observation.body().environment() == null) {
			return withBody(observation, observation.body().toBuilder().environment(this.environment).build());
		}
		return event;
	}

	/** The same kind of observation event, with the same id and timestamp, and another body. */
	static ObservationEvent withBody(ObservationEvent event, ObservationBody body) {
		if (event instanceof SpanCreate e) {
			return new SpanCreate(e.id(), e.timestamp(), body);
		}
		if (event instanceof SpanUpdate e) {
			return new SpanUpdate(e.id(), e.timestamp(), body);
		}
		if (event instanceof GenerationCreate e) {
			return new GenerationCreate(e.id(), e.timestamp(), body);
		}
		if (event instanceof GenerationUpdate e) {
			return new GenerationUpdate(e.id(), e.timestamp(), body);
		}
		if (event instanceof EventCreate e) {
			return new EventCreate(e.id(), e.timestamp(), body);
		}
		if (event instanceof AgentCreate e) {
			return new AgentCreate(e.id(), e.timestamp(), body);
		}
		if (event instanceof ToolCreate e) {
			return new ToolCreate(e.id(), e.timestamp(), body);
		}
		if (event instanceof ChainCreate e) {
			return new ChainCreate(e.id(), e.timestamp(), body);
		}
		if (event instanceof RetrieverCreate e) {
			return new RetrieverCreate(e.id(), e.timestamp(), body);
		}
		if (event instanceof EvaluatorCreate e) {
			return new EvaluatorCreate(e.id(), e.timestamp(), body);
		}
		if (event instanceof EmbeddingCreate e) {
			return new EmbeddingCreate(e.id(), e.timestamp(), body);
		}
		if (event instanceof GuardrailCreate e) {
			return new GuardrailCreate(e.id(), e.timestamp(), body);
		}
		throw new IllegalArgumentException("unknown observation event " + event.getClass().getName());
	}

}
