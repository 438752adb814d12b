package io.github.langfuse4j.ingest;

import org.jspecify.annotations.Nullable;

/**
 * Told about every HTTP request the exporter makes (each attempt, retries included), on
 * the exporter's worker thread. The Spring Boot starter uses it for the
 * {@code langfuse.ingest.requests} timer. Implementations must be fast and must not
 * throw.
 */
@FunctionalInterface
public interface RequestObserver {

	/** An observer that ignores everything. */
	RequestObserver NONE = (endpoint, status, failure, durationNanos) -> {
	};

	/**
	 * A request finished.
	 * @param endpoint {@code ingestion} or {@code otlp}
	 * @param status the HTTP status, or {@code 0} if no response arrived
	 * @param failure what went wrong when no response arrived (no secrets, no event
	 * contents), else {@code null}
	 * @param durationNanos how long the request took
	 */
	void requestCompleted(String endpoint, int status, @Nullable String failure, long durationNanos);

}
