package io.github.langfuse4j.sample;

/**
 * A score as the local receiver saw it.
 *
 * @param traceId the trace it belongs to, or {@code null}
 * @param observationId the observation it belongs to, or {@code null}
 * @param name the name
 * @param value the value as text
 * @param comment the comment, or {@code null}
 */
record ReceivedScore(String traceId, String observationId, String name, String value, String comment) {
}
