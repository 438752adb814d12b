package io.github.langfuse4j.tracing;

import java.util.Objects;

import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreDataType;

/**
 * The implementation of {@link LangfuseScoreBuilder}. {@link #send()} checks the score
 * with the wire model's rules (also when the exporter is a no-op, so that mistakes show
 * in every environment) and emits it.
 */
final class ScoreBuilder implements LangfuseScoreBuilder {

	private final Tracer tracer;

	private final String name;

	private String id;

	private String traceId;

	private String observationId;

	private String sessionId;

	private Object value;

	private ScoreDataType inferredDataType;

	private ScoreDataType dataType;

	private String comment;

	private Object metadata;

	ScoreBuilder(Tracer tracer, String name) {
		this.tracer = tracer;
		this.name = Values.name(name);
	}

	@Override
	public ScoreBuilder id(String id) {
		this.id = Objects.requireNonNull(id, "id must not be null");
		return this;
	}

	@Override
	public ScoreBuilder traceId(String traceId) {
		this.traceId = traceId;
		return this;
	}

	@Override
	public ScoreBuilder observationId(String observationId) {
		this.observationId = observationId;
		return this;
	}

	@Override
	public ScoreBuilder sessionId(String sessionId) {
		this.sessionId = sessionId;
		return this;
	}

	@Override
	public ScoreBuilder value(double value) {
		this.value = value;
		this.inferredDataType = ScoreDataType.NUMERIC;
		return this;
	}

	@Override
	public ScoreBuilder value(boolean value) {
		this.value = value ? 1 : 0;
		this.inferredDataType = ScoreDataType.BOOLEAN;
		return this;
	}

	@Override
	public ScoreBuilder value(String value) {
		this.value = Objects.requireNonNull(value, "value must not be null");
		this.inferredDataType = ScoreDataType.CATEGORICAL;
		return this;
	}

	@Override
	public ScoreBuilder dataType(ScoreDataType dataType) {
		this.dataType = dataType;
		return this;
	}

	@Override
	public ScoreBuilder comment(String comment) {
		this.comment = comment;
		return this;
	}

	@Override
	public ScoreBuilder metadata(Object metadata) {
		this.metadata = Values.metadata(metadata);
		return this;
	}

	@Override
	public String send() {
		String scoreId = (this.id != null) ? this.id : Ids.eventId();
		ScoreDataType type = (this.dataType != null) ? this.dataType : this.inferredDataType;
		ScoreBody body = new ScoreBody(scoreId, this.traceId, this.observationId, this.sessionId, null, this.name,
				this.value, type, this.comment, this.metadata, null, null, null);
		this.tracer.score(body);
		return scoreId;
	}

}
