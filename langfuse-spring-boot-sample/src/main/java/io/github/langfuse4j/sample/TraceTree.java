package io.github.langfuse4j.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders what the local receiver got as one readable tree per trace: the trace's name,
 * user and session, each observation with its type, duration, model, tokens and cost, and
 * the scores.
 */
final class TraceTree {

	private TraceTree() {
	}

	/**
	 * Creates the tree of what the local Langfuse received.
	 * @param observations the received observations
	 * @param scores the received scores
	 * @param ingestedTraces trace data received as {@code trace-create} events, by trace
	 * id
	 * @return the text, one block per trace
	 */
	static String render(List<ReceivedObservation> observations, List<ReceivedScore> scores,
			Function<String, ReceivedObservation.TraceInfo> ingestedTraces) {
		Map<String, List<ReceivedObservation>> byTrace = observations.stream()
			.sorted(Comparator.comparingLong(ReceivedObservation::startMillis))
			.collect(Collectors.groupingBy(ReceivedObservation::traceId, LinkedHashMap::new, Collectors.toList()));
		StringBuilder out = new StringBuilder();
		byTrace.forEach((traceId, members) -> {
			ReceivedObservation.TraceInfo info = members.stream()
				.map(ReceivedObservation::trace)
				.filter((t) -> t != null && t.name() != null)
				.findFirst()
				.orElseGet(() -> ingestedTraces.apply(traceId));
			out.append("Trace ").append((info != null && info.name() != null) ? info.name() : "(unnamed)");
			out.append("  id ").append(traceId);
			if (info != null) {
				append(out, "user", info.userId());
				append(out, "session", info.sessionId());
				append(out, "tags", info.tags());
			}
			out.append('\n');
			Set<String> ids = members.stream().map(ReceivedObservation::id).collect(Collectors.toSet());
			List<ReceivedObservation> roots = members.stream()
				.filter((o) -> o.parentId() == null || !ids.contains(o.parentId()))
				.toList();
			List<ReceivedScore> traceScores = scores.stream().filter((s) -> traceId.equals(s.traceId())).toList();
			for (int i = 0; i < roots.size(); i++) {
				render(out, roots.get(i), members, traceScores, "", i == roots.size() - 1);
			}
			traceScores.stream()
				.filter((s) -> s.observationId() == null || !ids.contains(s.observationId()))
				.forEach((s) -> out.append("   score ").append(score(s)).append('\n'));
			out.append('\n');
		});
		return out.toString();
	}

	private static void render(StringBuilder out, ReceivedObservation observation, List<ReceivedObservation> all,
			List<ReceivedScore> scores, String indent, boolean last) {
		out.append(indent).append(last ? "└─ " : "├─ ").append(describe(observation)).append('\n');
		String childIndent = indent + (last ? "   " : "│  ");
		scores.stream()
			.filter((s) -> observation.id().equals(s.observationId()))
			.forEach((s) -> out.append(childIndent).append("  score ").append(score(s)).append('\n'));
		List<ReceivedObservation> children = new ArrayList<>(
				all.stream().filter((o) -> observation.id().equals(o.parentId())).toList());
		for (int i = 0; i < children.size(); i++) {
			render(out, children.get(i), all, scores, childIndent, i == children.size() - 1);
		}
	}

	private static String describe(ReceivedObservation o) {
		StringBuilder line = new StringBuilder(o.name()).append("  [")
			.append(Objects.requireNonNullElse(o.type(), "span"))
			.append(']');
		if (!"event".equals(o.type())) {
			line.append("  ").append(Math.max(0, o.endMillis() - o.startMillis())).append(" ms");
		}
		if (o.model() != null) {
			line.append("  model ").append(o.model());
		}
		if (o.inputTokens() != null || o.outputTokens() != null) {
			line.append("  tokens ")
				.append(Objects.requireNonNullElse(o.inputTokens(), 0L))
				.append(" in")
				.append((o.cachedTokens() != null) ? " + " + o.cachedTokens() + " cached" : "")
				.append(" / ")
				.append(Objects.requireNonNullElse(o.outputTokens(), 0L))
				.append(" out");
		}
		if (o.cost() != null) {
			line.append("  cost $").append(String.format(Locale.ROOT, "%.7f", o.cost()));
		}
		if (o.level() != null) {
			line.append("  ").append(o.level());
			if (o.statusMessage() != null) {
				line.append(": ").append(o.statusMessage());
			}
		}
		return line.toString();
	}

	private static String score(ReceivedScore score) {
		return score.name() + " = " + score.value() + ((score.comment() != null) ? "  (" + score.comment() + ")" : "");
	}

	private static void append(StringBuilder out, String label, String value) {
		if (value != null && !value.isBlank()) {
			out.append("  ").append(label).append(' ').append(value);
		}
	}

}
