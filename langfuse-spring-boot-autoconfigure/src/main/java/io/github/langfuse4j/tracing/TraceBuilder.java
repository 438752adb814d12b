package io.github.langfuse4j.tracing;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * The implementation of {@link LangfuseTraceBuilder}: fills a not yet started
 * {@link TraceHandle}.
 */
final class TraceBuilder implements LangfuseTraceBuilder {

	private final TraceHandle pending;

	private boolean used;

	private Instant startTime;

	TraceBuilder(Tracer tracer, String name) {
		this.pending = new TraceHandle(tracer, name);
	}

	@Override
	public TraceBuilder id(String traceId) {
		this.pending.id(traceId);
		return this;
	}

	@Override
	public TraceBuilder userId(String userId) {
		this.pending.userId(userId);
		return this;
	}

	@Override
	public TraceBuilder sessionId(String sessionId) {
		this.pending.sessionId(sessionId);
		return this;
	}

	@Override
	public TraceBuilder tags(String... tags) {
		this.pending.tags(tags);
		return this;
	}

	@Override
	public TraceBuilder tags(Collection<String> tags) {
		this.pending.tags(tags);
		return this;
	}

	@Override
	public TraceBuilder input(Object input) {
		this.pending.input(input);
		return this;
	}

	@Override
	public TraceBuilder metadata(Object metadata) {
		this.pending.metadata(metadata);
		return this;
	}

	@Override
	public TraceBuilder metadata(String key, Object value) {
		this.pending.metadata(key, value);
		return this;
	}

	@Override
	public TraceBuilder version(String version) {
		this.pending.version(version);
		return this;
	}

	@Override
	public TraceBuilder publicTrace(boolean publicTrace) {
		this.pending.publicTrace(publicTrace);
		return this;
	}

	@Override
	public TraceBuilder captureContent(boolean captureContent) {
		this.pending.captureContent(captureContent);
		return this;
	}

	@Override
	public TraceBuilder startTime(Instant startTime) {
		this.startTime = Objects.requireNonNull(startTime, "startTime must not be null");
		return this;
	}

	@Override
	public TraceHandle start() {
		if (this.used) {
			throw new IllegalStateException("this builder already started " + this.pending);
		}
		this.used = true;
		this.pending.decide();
		this.pending.begin((this.startTime != null) ? this.startTime : this.pending.clock().now());
		return this.pending;
	}

}
