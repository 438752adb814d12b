package io.github.langfuse4j.tracing;

import java.util.Objects;

import io.github.langfuse4j.ingest.model.ObservationType;

/**
 * What trace and observation handles share: input, output, metadata and version (stored
 * under the handle's lock, ignored once it has ended), starting child observations,
 * scoring themselves and becoming the current context. A subclass says how its children
 * start ({@link #child}) and what its scores are about ({@link #score(String)}), and
 * builds its body from these fields under the same lock.
 *
 * <p>
 * The lock is a private object, never the handle: a handle is a public object that
 * application code may synchronize on, and the exporter it emits through may be the
 * application's own {@code LangfuseIngest}. So the fields are read under the lock, the
 * event is built, the lock is released, and only then is the event enqueued (as
 * OpenTelemetry's {@code SdkSpan} ends a span): no foreign code runs under the lock, and
 * no foreign lock is ever taken inside it.
 */
abstract class ParentHandle implements LangfuseHandle {

	/**
	 * Guards the fields of the handle; reachable only from this package, never held while
	 * calling out.
	 */
	final Object lock = new Object();

	// written under the lock only, by the setters below and the subclass

	Object input;

	Object output;

	Object metadata;

	String version;

	/**
	 * Whether a setter call must be ignored because the handle has ended; logs it
	 * (throttled) if so.
	 */
	final boolean ignored(String setter) {
		if (isEnded()) {
			Tracer.ignored(setter, this);
			return true;
		}
		return false;
	}

	final void setInput(Object input) {
		if (recording().content() && !ignored("input")) {
			Object value = Values.lenient(input);
			synchronized (this.lock) {
				this.input = value;
			}
		}
	}

	final void setOutput(Object output) {
		if (recording().content() && !ignored("output")) {
			Object value = Values.lenient(output);
			synchronized (this.lock) {
				this.output = value;
			}
		}
	}

	final void setMetadata(Object metadata) {
		if (!ignored("metadata")) {
			Object value = Values.metadata(metadata);
			synchronized (this.lock) {
				this.metadata = value;
			}
		}
	}

	final void addMetadata(String key, Object value) {
		Objects.requireNonNull(key, "key must not be null");
		if (!ignored("metadata")) {
			synchronized (this.lock) {
				this.metadata = Values.withMetadata(this.metadata, key, value);
			}
		}
	}

	final void setVersion(String version) {
		if (!ignored("version")) {
			synchronized (this.lock) {
				this.version = version;
			}
		}
	}

	/** What this handle's trace records; see {@link Recording}. */
	abstract Recording recording();

	@Override
	public final boolean isSampled() {
		return recording().sampled();
	}

	@Override
	public final boolean isCapturingContent() {
		return recording().content();
	}

	/** The tracer this handle emits through. */
	abstract Tracer tracer();

	/**
	 * A builder of a child observation of this handle, on this handle's trace and clock.
	 */
	abstract ObservationBuilder child(ObservationType type, String name);

	@Override
	public LangfuseSpanBuilder span(String name) {
		return child(ObservationType.SPAN, name);
	}

	@Override
	public LangfuseGenerationBuilder generation(String name) {
		return child(ObservationType.GENERATION, name);
	}

	@Override
	public LangfuseEventBuilder event(String name) {
		return child(ObservationType.EVENT, name);
	}

	@Override
	public LangfuseGenerationBuilder observation(ObservationType type, String name) {
		return child(ObservationBuilder.generationLike(type), name);
	}

	@Override
	public String score(String name, double value) {
		return score(name).value(value).send();
	}

	@Override
	public String score(String name, boolean value) {
		return score(name).value(value).send();
	}

	@Override
	public String score(String name, String value) {
		return score(name).value(value).send();
	}

	@Override
	public LangfuseScope makeCurrent() {
		return LangfuseContext.attach(this);
	}

}
