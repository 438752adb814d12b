package io.github.langfuse4j.tracing;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationLevel;
import io.github.langfuse4j.ingest.model.ObservationType;

/**
 * The one implementation of every observation handle: spans, generation-like types and
 * (already ended) events. Setters store references under the handle's private lock; the
 * first end, under the same lock, marks the handle ended and builds the event from a
 * consistent snapshot of the fields, and enqueues it after releasing the lock.
 */
final class ObservationHandle extends ParentHandle implements LangfuseSpan, LangfuseGeneration, LangfuseEvent {

	private final Tracer tracer;

	/**
	 * The clock of the trace (or of the observation that started it), shared with child
	 * observations.
	 */
	private final AnchoredClock clock;

	private final ObservationType type;

	private final String id = Ids.observationId();

	private final String traceId;

	private final String parentObservationId;

	private final String name;

	/**
	 * The trace this observation started because nothing was current; ended together with
	 * it.
	 */
	private final TraceHandle implicitTrace;

	/** What the trace records, inherited from the parent. */
	private final Recording recording;

	private static final AtomicIntegerFieldUpdater<ObservationHandle> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(ObservationHandle.class, "ended");

	/**
	 * 1 once ended. Set under the handle's lock (which decides who ends it); volatile so
	 * that setters and {@link #isEnded()} can look without the lock.
	 */
	private volatile int ended;

	private Instant startTime;

	private Instant completionStartTime;

	private ObservationLevel level;

	private String statusMessage;

	private String model;

	private Map<String, Object> modelParameters;

	private Map<String, Integer> usageDetails;

	private Map<String, Double> costDetails;

	private String promptName;

	private Integer promptVersion;

	ObservationHandle(Tracer tracer, AnchoredClock clock, Recording recording, ObservationType type, String name,
			String traceId, String parentObservationId, TraceHandle implicitTrace) {
		this.tracer = tracer;
		this.clock = clock;
		this.recording = recording;
		this.type = type;
		this.name = name;
		this.traceId = traceId;
		this.parentObservationId = parentObservationId;
		this.implicitTrace = implicitTrace;
	}

	/**
	 * Sets the start time. Called by the builder before {@code start()} returns the
	 * handle, so before any other thread can see it: no lock needed.
	 */
	void begin(Instant startTime) {
		this.startTime = startTime;
	}

	// The builder's setters: called before start() returns the handle, so before any
	// other thread can see it (as begin): the checks of the public setters, without the
	// lock that each of those takes.

	void presetInput(Object input) {
		if (this.recording.content()) {
			this.input = Values.lenient(input);
		}
	}

	void presetMetadata(String key, Object value) {
		Objects.requireNonNull(key, "key must not be null");
		this.metadata = Values.withMetadata(this.metadata, key, value);
	}

	void presetModel(String model) {
		this.model = model;
	}

	void presetModelParameters(Map<String, ?> modelParameters) {
		this.modelParameters = GenerationChecks.modelParameters(modelParameters);
	}

	AnchoredClock clock() {
		return this.clock;
	}

	@Override
	Recording recording() {
		return this.recording;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String traceId() {
		return this.traceId;
	}

	@Override
	public String parentObservationId() {
		return this.parentObservationId;
	}

	@Override
	public ObservationType type() {
		return this.type;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public boolean isEnded() {
		return this.ended != 0;
	}

	@Override
	public ObservationHandle input(Object input) {
		setInput(input);
		return this;
	}

	@Override
	public ObservationHandle output(Object output) {
		setOutput(output);
		return this;
	}

	@Override
	public ObservationHandle metadata(Object metadata) {
		setMetadata(metadata);
		return this;
	}

	@Override
	public ObservationHandle metadata(String key, Object value) {
		addMetadata(key, value);
		return this;
	}

	@Override
	public ObservationHandle level(ObservationLevel level) {
		if (!ignored("level")) {
			synchronized (this.lock) {
				this.level = level;
			}
		}
		return this;
	}

	@Override
	public ObservationHandle statusMessage(String statusMessage) {
		if (!ignored("statusMessage")) {
			synchronized (this.lock) {
				this.statusMessage = statusMessage;
			}
		}
		return this;
	}

	@Override
	public ObservationHandle version(String version) {
		setVersion(version);
		return this;
	}

	@Override
	public ObservationHandle model(String model) {
		if (!ignored("model")) {
			synchronized (this.lock) {
				this.model = model;
			}
		}
		return this;
	}

	@Override
	public ObservationHandle modelParameters(Map<String, ?> modelParameters) {
		Map<String, Object> checked = GenerationChecks.modelParameters(modelParameters);
		if (!ignored("modelParameters")) {
			synchronized (this.lock) {
				this.modelParameters = checked;
			}
		}
		return this;
	}

	@Override
	public ObservationHandle completionStart(Instant completionStartTime) {
		if (!ignored("completionStart")) {
			synchronized (this.lock) {
				this.completionStartTime = completionStartTime;
			}
		}
		return this;
	}

	@Override
	public ObservationHandle usage(int inputTokens, int outputTokens) {
		Map<String, Integer> details = ObservationBody.tokenUsage(inputTokens, outputTokens);
		if (!ignored("usage")) {
			synchronized (this.lock) {
				this.usageDetails = details;
			}
		}
		return this;
	}

	@Override
	public ObservationHandle usageDetails(Map<String, Integer> usageDetails) {
		Map<String, Integer> checked = GenerationChecks.usageDetails(usageDetails);
		if (!ignored("usageDetails")) {
			synchronized (this.lock) {
				this.usageDetails = checked;
			}
		}
		return this;
	}

	@Override
	public ObservationHandle cost(double totalCost) {
		return costDetails(Map.of("total", totalCost));
	}

	@Override
	public ObservationHandle costDetails(Map<String, Double> costDetails) {
		Map<String, Double> checked = GenerationChecks.costDetails(costDetails);
		if (!ignored("costDetails")) {
			synchronized (this.lock) {
				this.costDetails = checked;
			}
		}
		return this;
	}

	@Override
	public ObservationHandle prompt(String name, int version) {
		if (this.type != ObservationType.GENERATION) {
			throw new IllegalStateException("prompt(..) is only for generations, but " + this + " is a "
					+ this.type.wireName() + ": Langfuse links prompts only to generations over OTLP; link the "
					+ "prompt on the generation that calls the model");
		}
		Objects.requireNonNull(name, "prompt name must not be null");
		if (version < 1) {
			throw new IllegalArgumentException("prompt version must be 1 or more, but was " + version);
		}
		if (!ignored("prompt")) {
			synchronized (this.lock) {
				this.promptName = name;
				this.promptVersion = version;
			}
		}
		return this;
	}

	@Override
	public void error(Throwable error) {
		Objects.requireNonNull(error, "error must not be null");
		if (ignored("error")) {
			return;
		}
		String message = error.getMessage();
		String status = (message != null) ? error.getClass().getName() + ": " + message : error.getClass().getName();
		synchronized (this.lock) {
			this.level = ObservationLevel.ERROR;
			this.statusMessage = status;
		}
		end();
	}

	@Override
	public void end() {
		finish(this.clock.now());
	}

	@Override
	public void end(Instant endTime) {
		finish(Objects.requireNonNull(endTime, "endTime must not be null"));
	}

	@Override
	public void close() {
		end();
	}

	private void finish(Instant endTime) {
		// One lock decides who ends the handle and takes a consistent snapshot of its
		// fields: one atomic operation less per observation than a separate flag. The
		// event is built under it; it is enqueued, and the implicit trace ended, after
		// the lock is released.
		IngestionEvent event;
		Object in = null;
		Object out = null;
		synchronized (this.lock) {
			if (this.ended != 0) {
				return;
			}
			ENDED.lazySet(this, 1);
			event = this.recording.sampled() ? this.tracer.observation(this.type, this, endTime) : null;
			if (this.implicitTrace != null) {
				in = this.input;
				out = this.output;
			}
		}
		if (this.recording.sampled()) {
			this.tracer.send(this.type.wireName(), event);
		}
		else {
			this.tracer.sampledOut();
		}
		if (this.implicitTrace != null) {
			this.implicitTrace.endAsImplicit(in, out, endTime);
		}
	}

	/** The body of the ended observation; the caller holds the handle's lock. */
	ObservationBody body(Instant endTime) {
		// The record's constructor directly, not its builder: this runs on the
		// application thread for every observation, and the builder would copy all fields
		// once more.
		boolean generationLike = this.type.isGenerationLike();
		return new ObservationBody(this.id, this.traceId, this.name, this.startTime,
				(this.type != ObservationType.EVENT) ? endTime : null, generationLike ? this.completionStartTime : null,
				Values.frozen(this.metadata), this.input, this.output, this.level, this.statusMessage,
				this.parentObservationId, this.version, null, generationLike ? this.model : null,
				generationLike ? this.modelParameters : null, null, generationLike ? this.usageDetails : null,
				generationLike ? this.costDetails : null, generationLike ? this.promptName : null,
				generationLike ? this.promptVersion : null);
	}

	@Override
	public LangfuseScoreBuilder score(String name) {
		return new ScoreBuilder(this.tracer, name).traceId(this.traceId).observationId(this.id);
	}

	@Override
	Tracer tracer() {
		return this.tracer;
	}

	@Override
	ObservationBuilder child(ObservationType type, String name) {
		return ObservationBuilder.child(this.tracer, this.clock, this.recording, type, name, this.traceId, this.id);
	}

	@Override
	public String toString() {
		return "Langfuse " + this.type.wireName() + " '" + this.name + "' [id=" + this.id + ", traceId=" + this.traceId
				+ "]";
	}

}
