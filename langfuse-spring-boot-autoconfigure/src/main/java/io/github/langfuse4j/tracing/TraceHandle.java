package io.github.langfuse4j.tracing;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceBody;

/**
 * The implementation of {@link LangfuseTrace}. Setters store references under the
 * handle's private lock; the first end wins an atomic flag, builds the
 * {@code trace-create} body from a snapshot taken under that lock, and hands the event to
 * the exporter after releasing it.
 */
final class TraceHandle extends ParentHandle implements LangfuseTrace {

	private final Tracer tracer;

	/** Times the trace and every observation started under it. */
	private final AnchoredClock clock = AnchoredClock.anchor();

	private final AtomicBoolean ended = new AtomicBoolean();

	/**
	 * Set by the builder before the trace is started and published; read-only afterwards.
	 */
	private volatile String id = Ids.traceId();

	/**
	 * Decided from the id and the content setting by {@link #decide()}; until then (while
	 * a builder fills the trace) everything is recorded, so that the order of the
	 * builder's calls does not matter.
	 */
	private volatile Recording recording = Recording.ALL;

	/** The builder's content override, or {@code null} for the tracer's setting. */
	private Boolean captureContent;

	private Instant timestamp;

	private String name;

	private String userId;

	private String sessionId;

	private List<String> tags;

	private Boolean publicTrace;

	/**
	 * The lone observation that started this trace, which is its root; set before the
	 * trace is published.
	 */
	private String rootObservationId;

	TraceHandle(Tracer tracer, String name) {
		this.tracer = tracer;
		this.name = checkName(name);
	}

	void id(String id) {
		this.id = Ids.requireTraceId(id);
	}

	/** Overrides the tracer's content setting for this trace (builder only). */
	void captureContent(boolean captureContent) {
		this.captureContent = captureContent;
	}

	/**
	 * Decides what the trace records from its id and content setting, and forgets content
	 * the builder set if the decision does not keep it. Called once, before the trace is
	 * started and published.
	 */
	void decide() {
		boolean content = (this.captureContent != null) ? this.captureContent : this.tracer.captureContent();
		this.recording = Recording.of(this.tracer.isSampled(this.id), content);
		if (!this.recording.content()) {
			synchronized (this.lock) {
				this.input = null;
				this.output = null;
			}
		}
	}

	@Override
	Recording recording() {
		return this.recording;
	}

	AnchoredClock clock() {
		return this.clock;
	}

	/**
	 * Names the lone observation that started this trace (before either is published).
	 */
	void rootObservation(String observationId) {
		this.rootObservationId = observationId;
	}

	void begin(Instant timestamp) {
		synchronized (this.lock) {
			this.timestamp = timestamp;
		}
	}

	static String checkName(String name) {
		Values.name(name);
		if (name.length() > TraceBody.MAX_NAME_LENGTH) {
			throw new IllegalArgumentException(
					"name must be at most " + TraceBody.MAX_NAME_LENGTH + " characters, but has " + name.length());
		}
		return name;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String traceId() {
		return this.id;
	}

	@Override
	public boolean isEnded() {
		return this.ended.get();
	}

	@Override
	public TraceHandle name(String name) {
		checkName(name);
		if (!ignored("name")) {
			synchronized (this.lock) {
				this.name = name;
			}
		}
		return this;
	}

	@Override
	public TraceHandle userId(String userId) {
		if (!ignored("userId")) {
			synchronized (this.lock) {
				this.userId = userId;
			}
		}
		return this;
	}

	@Override
	public TraceHandle sessionId(String sessionId) {
		if (!ignored("sessionId")) {
			synchronized (this.lock) {
				this.sessionId = sessionId;
			}
		}
		return this;
	}

	@Override
	public TraceHandle tags(String... tags) {
		return tags((tags != null) ? Arrays.asList(tags) : null);
	}

	@Override
	public TraceHandle tags(Collection<String> tags) {
		List<String> copy = Values.withoutNulls(tags);
		if (!ignored("tags")) {
			synchronized (this.lock) {
				this.tags = copy;
			}
		}
		return this;
	}

	@Override
	public TraceHandle input(Object input) {
		setInput(input);
		return this;
	}

	@Override
	public TraceHandle output(Object output) {
		setOutput(output);
		return this;
	}

	@Override
	public TraceHandle metadata(Object metadata) {
		setMetadata(metadata);
		return this;
	}

	@Override
	public TraceHandle metadata(String key, Object value) {
		addMetadata(key, value);
		return this;
	}

	@Override
	public TraceHandle version(String version) {
		setVersion(version);
		return this;
	}

	@Override
	public TraceHandle publicTrace(boolean publicTrace) {
		if (!ignored("publicTrace")) {
			synchronized (this.lock) {
				this.publicTrace = publicTrace;
			}
		}
		return this;
	}

	@Override
	public void end() {
		finish(null);
	}

	@Override
	public void end(Instant endTime) {
		finish(Objects.requireNonNull(endTime, "endTime must not be null"));
	}

	/** Ends the trace at {@code endTime}, or now on its clock if {@code null}. */
	private void finish(Instant endTime) {
		if (this.ended.compareAndSet(false, true)) {
			this.tracer.trace(this::body, this.clock, endTime, this.recording);
		}
	}

	@Override
	public void close() {
		end();
	}

	/**
	 * Ends a trace started for a lone observation, which lends it its input and output,
	 * when the observation ends.
	 */
	void endAsImplicit(Object observationInput, Object observationOutput, Instant endTime) {
		synchronized (this.lock) {
			if (this.input == null) {
				this.input = observationInput;
			}
			if (this.output == null) {
				this.output = observationOutput;
			}
		}
		finish(endTime);
	}

	/** The body of the ended trace, from a consistent snapshot taken under the lock. */
	private TraceBody body() {
		synchronized (this.lock) {
			return new TraceBody(this.id, this.timestamp, this.name, this.userId, this.sessionId, null, this.version,
					this.input, this.output, Values.frozen(this.metadata), this.tags, this.publicTrace, null,
					this.rootObservationId);
		}
	}

	@Override
	public LangfuseScoreBuilder score(String name) {
		return new ScoreBuilder(this.tracer, name).traceId(this.id);
	}

	@Override
	Tracer tracer() {
		return this.tracer;
	}

	@Override
	ObservationBuilder child(ObservationType type, String name) {
		return ObservationBuilder.child(this.tracer, this.clock, this.recording, type, name, this.id, null);
	}

	@Override
	public String toString() {
		String name;
		synchronized (this.lock) {
			name = this.name;
		}
		return "Langfuse trace '" + name + "' [id=" + this.id + "]";
	}

}
