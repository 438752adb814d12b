package io.github.langfuse4j.springai;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

import io.github.langfuse4j.tracing.Langfuse;

/**
 * The Micrometer Tracing trace id of an observation, when Micrometer Tracing is present
 * and its handler ran first (Spring Boot registers the tracing handlers before plain
 * handler beans). The tracing classes are touched only when they are on the class path.
 */
final class TracingIds {

	private static final boolean PRESENT = ClassUtils
		.isPresent("io.micrometer.tracing.handler.TracingObservationHandler", TracingIds.class.getClassLoader());

	private static final String ZEROS = "0000000000000000";

	private TracingIds() {
	}

	static @Nullable String traceId(Observation.Context context) {
		return PRESENT ? Reader.traceId(context) : null;
	}

	/**
	 * The tracing trace id as a Langfuse trace id: a 32-hex id as it is, a 64-bit one
	 * padded on the left as OpenTelemetry does, anything else derived by
	 * {@link Langfuse#traceIdFrom(String)}.
	 */
	static @Nullable String asLangfuseTraceId(String tracingTraceId) {
		String id = Bridge.lower(tracingTraceId);
		if (id.length() == 16 && isHex(id)) {
			id = ZEROS + id;
		}
		if (id.length() == 32 && isHex(id)) {
			return id.chars().allMatch((c) -> c == '0') ? null : id;
		}
		return Langfuse.traceIdFrom(tracingTraceId);
	}

	private static boolean isHex(String id) {
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	/** Loaded only when Micrometer Tracing is present. */
	private static final class Reader {

		static @Nullable String traceId(Observation.Context context) {
			TracingObservationHandler.TracingContext tracing = context
				.get(TracingObservationHandler.TracingContext.class);
			if (tracing == null || tracing.getSpan() == null) {
				return null;
			}
			TraceContext traceContext = tracing.getSpan().context();
			String id = traceContext.traceId();
			return (id == null || id.isBlank()) ? null : id;
		}

	}

}
