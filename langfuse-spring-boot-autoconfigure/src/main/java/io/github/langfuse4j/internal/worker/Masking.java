package io.github.langfuse4j.internal.worker;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.langfuse4j.ingest.LangfuseMasker;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;
import io.github.langfuse4j.internal.json.LangfuseJson;
import io.github.langfuse4j.internal.logging.ThrottledLogger;

/**
 * Applies the configured {@link LangfuseMasker}s to the events of a batch on the worker
 * thread, before the transport encodes (and, if need be, truncates) them. Each field is
 * first converted to its JSON-like form with the exporter's own mapper, then passed
 * through every masker in order. Fails closed: a masker that throws (or a value that
 * cannot be converted) turns the field into {@link LangfuseMasker#FAILED}, is counted,
 * and is logged without the value, at most once per {@link #LOG_INTERVAL}.
 */
final class Masking {

	static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(Masking.class);

	private final List<LangfuseMasker> maskers;

	private final LongAdder failures;

	private final ThrottledLogger failureLog = new ThrottledLogger(logger, LOG_INTERVAL);

	Masking(List<LangfuseMasker> maskers, LongAdder failures) {
		this.maskers = List.copyOf(maskers);
		this.failures = failures;
	}

	/** Whether there is nothing to apply, so that the worker can skip the batch walk. */
	boolean isEmpty() {
		return this.maskers.isEmpty();
	}

	/** Replaces every event of the batch by its masked copy, in place. */
	void apply(List<IngestionEvent> batch) {
		for (int i = 0; i < batch.size(); i++) {
			batch.set(i, mask(batch.get(i)));
		}
	}

	private IngestionEvent mask(IngestionEvent event) {
		if (event instanceof ObservationEvent observation) {
			ObservationBody body = observation.body();
			if (body.input() == null && body.output() == null && body.metadata() == null
					&& body.statusMessage() == null) {
				return event;
			}
			String type = event.type();
			return observation.withBody(body.toBuilder()
				.input(field(LangfuseMasker.Field.INPUT, body.input(), type))
				.output(field(LangfuseMasker.Field.OUTPUT, body.output(), type))
				.metadata(field(LangfuseMasker.Field.METADATA, body.metadata(), type))
				.statusMessage(text(LangfuseMasker.Field.STATUS_MESSAGE, body.statusMessage(), type))
				.build());
		}
		if (event instanceof TraceCreate trace) {
			TraceBody body = trace.body();
			if (body.input() == null && body.output() == null && body.metadata() == null) {
				return event;
			}
			String type = event.type();
			return trace.withBody(body.toBuilder()
				.input(field(LangfuseMasker.Field.INPUT, body.input(), type))
				.output(field(LangfuseMasker.Field.OUTPUT, body.output(), type))
				.metadata(field(LangfuseMasker.Field.METADATA, body.metadata(), type))
				.build());
		}
		if (event instanceof ScoreCreate score) {
			ScoreBody body = score.body();
			if (body.comment() == null && body.metadata() == null) {
				return event;
			}
			String type = event.type();
			return score.withBody(body.toBuilder()
				.comment(text(LangfuseMasker.Field.SCORE_COMMENT, body.comment(), type))
				.metadata(field(LangfuseMasker.Field.METADATA, body.metadata(), type))
				.build());
		}
		return event;
	}

	/** A text field: a masker's result that is not a string is sent as its JSON text. */
	private String text(LangfuseMasker.Field field, String value, String eventType) {
		Object masked = field(field, value, eventType);
		if (masked == null || masked instanceof String) {
			return (String) masked;
		}
		try {
			return LangfuseJson.mapper().writeValueAsString(masked);
		}
		catch (RuntimeException ex) {
			failed(field, eventType, null, ex);
			return LangfuseMasker.FAILED;
		}
	}

	private Object field(LangfuseMasker.Field field, Object value, String eventType) {
		if (value == null) {
			return null;
		}
		Object current;
		try {
			current = plain(value);
		}
		catch (RuntimeException ex) {
			failed(field, eventType, null, ex);
			return LangfuseMasker.FAILED;
		}
		for (LangfuseMasker masker : this.maskers) {
			if (current == null) {
				return null;
			}
			try {
				current = masker.mask(field, current);
			}
			catch (RuntimeException ex) {
				failed(field, eventType, masker, ex);
				return LangfuseMasker.FAILED;
			}
		}
		return current;
	}

	/** The value in the JSON-like form it will be written in. */
	private static Object plain(Object value) {
		if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
				|| value instanceof Double) {
			return value;
		}
		return LangfuseJson.mapper().convertValue(value, Object.class);
	}

	private void failed(LangfuseMasker.Field field, String eventType, LangfuseMasker masker, RuntimeException ex) {
		this.failures.increment();
		String what = (masker != null) ? "Langfuse masker " + masker.getClass().getName() + " failed"
				: "Langfuse could not prepare a value for masking";
		// never the value, nor the exception's message, which may quote it
		this.failureLog.warn(() -> what + " on the " + field.name().toLowerCase(Locale.ROOT) + " of a " + eventType
				+ " (" + ex.getClass().getName() + "); the field was sent as \"" + LangfuseMasker.FAILED
				+ "\" and the event kept");
	}

}
