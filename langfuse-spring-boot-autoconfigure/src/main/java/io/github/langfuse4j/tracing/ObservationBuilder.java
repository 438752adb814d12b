package io.github.langfuse4j.tracing;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import io.github.langfuse4j.ingest.model.ObservationLevel;
import io.github.langfuse4j.ingest.model.ObservationType;

/**
 * The one implementation of the span, generation and event builders. It fills a not yet
 * started {@link ObservationHandle}, so setters check their arguments exactly as the
 * handle does; ids and parent are fixed when the builder is created. Until it has started
 * the handle, no other thread can see it: the frequent setters write its fields without
 * taking its lock; after that, they go through the handle's own setters.
 */
final class ObservationBuilder implements LangfuseSpanBuilder, LangfuseGenerationBuilder, LangfuseEventBuilder {

	private final ObservationHandle pending;

	private final TraceHandle implicitTrace;

	private Instant startTime;

	private boolean used;

	private ObservationBuilder(ObservationHandle pending, TraceHandle implicitTrace) {
		this.pending = pending;
		this.implicitTrace = implicitTrace;
	}

	/** A builder of an observation under a known trace and parent. */
	static ObservationBuilder child(Tracer tracer, AnchoredClock clock, Recording recording, ObservationType type,
			String name, String traceId, String parentObservationId) {
		Values.name(name);
		return new ObservationBuilder(
				new ObservationHandle(tracer, clock, recording, type, name, traceId, parentObservationId, null), null);
	}

	/**
	 * A builder of an observation that starts its own trace, named like it, and ends it
	 * when it ends itself.
	 */
	static ObservationBuilder root(Tracer tracer, ObservationType type, String name) {
		TraceHandle trace = new TraceHandle(tracer, name);
		trace.decide();
		ObservationHandle observation = new ObservationHandle(tracer, trace.clock(), trace.recording(), type, name,
				trace.id(), null, trace);
		// the observation is the trace's root: over OTLP its span stands for the trace,
		// no synthetic root
		trace.rootObservation(observation.id());
		return new ObservationBuilder(observation, trace);
	}

	/**
	 * The type of an observation started by {@code observation(type, name)}: only
	 * generation-like types, since the builder it returns sets a model, usage and cost,
	 * which a span or an event does not carry.
	 */
	static ObservationType generationLike(ObservationType type) {
		Objects.requireNonNull(type, "type must not be null");
		if (!type.isGenerationLike()) {
			String shortcut = (type == ObservationType.SPAN) ? "span(name)" : "event(name)";
			throw new IllegalArgumentException("observation(type, name) starts generation-like observations, not a "
					+ type.wireName() + ": use " + shortcut);
		}
		return type;
	}

	@Override
	public ObservationBuilder input(Object input) {
		if (this.used) {
			this.pending.input(input);
		}
		else {
			this.pending.presetInput(input);
		}
		return this;
	}

	@Override
	public ObservationBuilder output(Object output) {
		this.pending.output(output);
		return this;
	}

	@Override
	public ObservationBuilder metadata(Object metadata) {
		this.pending.metadata(metadata);
		return this;
	}

	@Override
	public ObservationBuilder metadata(String key, Object value) {
		if (this.used) {
			this.pending.metadata(key, value);
		}
		else {
			this.pending.presetMetadata(key, value);
		}
		return this;
	}

	@Override
	public ObservationBuilder level(ObservationLevel level) {
		this.pending.level(level);
		return this;
	}

	@Override
	public ObservationBuilder statusMessage(String statusMessage) {
		this.pending.statusMessage(statusMessage);
		return this;
	}

	@Override
	public ObservationBuilder version(String version) {
		this.pending.version(version);
		return this;
	}

	@Override
	public ObservationBuilder model(String model) {
		if (this.used) {
			this.pending.model(model);
		}
		else {
			this.pending.presetModel(model);
		}
		return this;
	}

	@Override
	public ObservationBuilder modelParameters(Map<String, ?> modelParameters) {
		if (this.used) {
			this.pending.modelParameters(modelParameters);
		}
		else {
			this.pending.presetModelParameters(modelParameters);
		}
		return this;
	}

	@Override
	public ObservationBuilder prompt(String name, int version) {
		this.pending.prompt(name, version);
		return this;
	}

	@Override
	public ObservationBuilder startTime(Instant startTime) {
		this.startTime = Objects.requireNonNull(startTime, "startTime must not be null");
		return this;
	}

	@Override
	public ObservationBuilder time(Instant time) {
		this.startTime = Objects.requireNonNull(time, "time must not be null");
		return this;
	}

	@Override
	public ObservationHandle start() {
		if (this.used) {
			throw new IllegalStateException("this builder already started " + this.pending);
		}
		this.used = true;
		Instant start = (this.startTime != null) ? this.startTime : this.pending.clock().now();
		this.pending.begin(start);
		if (this.implicitTrace != null) {
			this.implicitTrace.begin(start);
		}
		return this.pending;
	}

	@Override
	public LangfuseEvent emit() {
		ObservationHandle event = start();
		event.end();
		return event;
	}

}
