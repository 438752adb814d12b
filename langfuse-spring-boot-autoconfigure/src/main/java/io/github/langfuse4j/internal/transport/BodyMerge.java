package io.github.langfuse4j.internal.transport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.TraceBody;

/**
 * Merges the bodies of several events for the same observation or trace into one, the way
 * the server upserts them: a field present in the later body wins, an absent
 * ({@code null}) field keeps the earlier value.
 */
final class BodyMerge {

	private BodyMerge() {
	}

	/**
	 * Merges two observation bodies. The prompt name and version are taken together from
	 * the later body when it has them.
	 * @param earlier the body so far
	 * @param later the body of the newer event
	 * @return the merged body
	 */
	static ObservationBody observation(ObservationBody earlier, ObservationBody later) {
		boolean laterPrompt = later.promptName() != null;
		return new ObservationBody(earlier.id(), pick(earlier.traceId(), later.traceId()),
				pick(earlier.name(), later.name()), pick(earlier.startTime(), later.startTime()),
				pick(earlier.endTime(), later.endTime()),
				pick(earlier.completionStartTime(), later.completionStartTime()),
				pick(earlier.metadata(), later.metadata()), pick(earlier.input(), later.input()),
				pick(earlier.output(), later.output()), pick(earlier.level(), later.level()),
				pick(earlier.statusMessage(), later.statusMessage()),
				pick(earlier.parentObservationId(), later.parentObservationId()),
				pick(earlier.version(), later.version()), pick(earlier.environment(), later.environment()),
				pick(earlier.model(), later.model()), pick(earlier.modelParameters(), later.modelParameters()),
				pick(earlier.usage(), later.usage()), pick(earlier.usageDetails(), later.usageDetails()),
				pick(earlier.costDetails(), later.costDetails()),
				laterPrompt ? later.promptName() : earlier.promptName(),
				laterPrompt ? later.promptVersion() : earlier.promptVersion());
	}

	/**
	 * Merges two trace bodies: tags are unioned (in order of first appearance), metadata
	 * maps are merged at the top level (later keys win), the earliest timestamp is kept,
	 * and other fields follow the later-wins rule.
	 * @param earlier the body so far
	 * @param later the body of the newer event
	 * @return the merged body
	 */
	static TraceBody trace(TraceBody earlier, TraceBody later) {
		return new TraceBody(earlier.id(), earliest(earlier.timestamp(), later.timestamp()),
				pick(earlier.name(), later.name()), pick(earlier.userId(), later.userId()),
				pick(earlier.sessionId(), later.sessionId()), pick(earlier.release(), later.release()),
				pick(earlier.version(), later.version()), pick(earlier.input(), later.input()),
				pick(earlier.output(), later.output()), metadata(earlier.metadata(), later.metadata()),
				tags(earlier.tags(), later.tags()), pick(earlier.isPublic(), later.isPublic()),
				pick(earlier.environment(), later.environment()),
				pick(earlier.rootObservationId(), later.rootObservationId()));
	}

	private static <T> T pick(T earlier, T later) {
		return (later != null) ? later : earlier;
	}

	private static Instant earliest(Instant a, Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isBefore(b)) ? a : b;
	}

	private static Object metadata(Object earlier, Object later) {
		if (earlier instanceof Map<?, ?> a && later instanceof Map<?, ?> b) {
			Map<Object, Object> merged = new LinkedHashMap<>(a);
			merged.putAll(b);
			return merged;
		}
		return pick(earlier, later);
	}

	private static List<String> tags(List<String> earlier, List<String> later) {
		if (earlier == null || later == null) {
			return pick(earlier, later);
		}
		LinkedHashSet<String> union = new LinkedHashSet<>(earlier);
		union.addAll(later);
		return List.copyOf(union);
	}

}
