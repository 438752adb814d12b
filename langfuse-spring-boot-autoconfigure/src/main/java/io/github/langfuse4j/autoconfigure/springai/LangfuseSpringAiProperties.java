package io.github.langfuse4j.autoconfigure.springai;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Spring AI bridge, {@code langfuse.spring-ai.*}. Whether inputs and
 * outputs are sent is the starter's own content switch, not a setting of the bridge.
 */
@ConfigurationProperties("langfuse.spring-ai")
public class LangfuseSpringAiProperties {

	/**
	 * Whether Spring AI's observations (ChatClient calls, model rounds, tool executions,
	 * embeddings, vector-store operations) are recorded as Langfuse traces.
	 */
	private boolean enabled = true;

	/**
	 * Whether a trace started for Spring AI takes the trace id of the Micrometer Tracing
	 * trace around it (a 64-bit id padded to 128 bits), so that the Langfuse trace and
	 * the APM trace of a request share their id. Without it the APM trace id is recorded
	 * in the trace metadata as 'tracing_trace_id'.
	 */
	private boolean useTracingTraceId;

	/**
	 * Whether Spring AI's observations are recorded.
	 * @return {@code true} by default
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Sets whether Spring AI's observations are recorded.
	 * @param enabled {@code false} to record none
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Whether a trace started for Spring AI takes the Micrometer Tracing trace id.
	 * @return {@code false} by default
	 */
	public boolean isUseTracingTraceId() {
		return this.useTracingTraceId;
	}

	/**
	 * Sets whether a trace started for Spring AI takes the Micrometer Tracing trace id.
	 * @param useTracingTraceId {@code true} to share the id
	 */
	public void setUseTracingTraceId(boolean useTracingTraceId) {
		this.useTracingTraceId = useTracingTraceId;
	}

}
