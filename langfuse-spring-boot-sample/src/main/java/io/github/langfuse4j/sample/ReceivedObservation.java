package io.github.langfuse4j.sample;

/**
 * One observation as the local receiver saw it, from an OTLP span or from ingestion
 * events.
 *
 * @param traceId the trace id
 * @param id the observation (span) id
 * @param parentId the parent observation id, or {@code null} for the trace's root
 * @param name the name
 * @param type the Langfuse observation type, lowercase ({@code span}, {@code generation},
 * ...)
 * @param startMillis start, epoch milliseconds
 * @param endMillis end, epoch milliseconds
 * @param model the model name, or {@code null}
 * @param inputTokens input tokens, or {@code null}
 * @param outputTokens output tokens, or {@code null}
 * @param cachedTokens input tokens read from the provider's prompt cache
 * ({@code input_cache_read}), or {@code null}
 * @param cost total cost in USD, or {@code null}
 * @param level the level when not {@code DEFAULT}, else {@code null}
 * @param statusMessage the status message, or {@code null}
 * @param trace trace-level data carried by this observation, or {@code null}
 */
record ReceivedObservation(String traceId, String id, String parentId, String name, String type, long startMillis,
		long endMillis, String model, Long inputTokens, Long outputTokens, Long cachedTokens, Double cost, String level,
		String statusMessage, TraceInfo trace) {

	/**
	 * Trace-level data.
	 *
	 * @param name the trace name
	 * @param userId the user id
	 * @param sessionId the session id
	 * @param tags the tags, comma-separated
	 */
	record TraceInfo(String name, String userId, String sessionId, String tags) {
	}

}
