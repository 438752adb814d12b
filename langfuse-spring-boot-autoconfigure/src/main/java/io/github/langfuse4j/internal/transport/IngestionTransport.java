package io.github.langfuse4j.internal.transport;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.internal.json.IngestionResponse;
import io.github.langfuse4j.internal.json.LangfuseJson;
import io.github.langfuse4j.internal.logging.LogText;
import io.github.langfuse4j.internal.logging.ThrottledLogger;
import io.github.langfuse4j.internal.transport.BatchWriter.Item;

/**
 * Sends events as {@code {"batch":[...]}} to {@code POST /api/public/ingestion}. The
 * {@link BatchWriter} writes the requests (each event on its own, cut by
 * {@code max-batch} and {@code max-batch-bytes}, a 413 split in halves); this transport
 * adds the ingestion rules: defaults applied to each event, the 207 answer accounted per
 * event, per-event 429 and 5xx errors resent (up to {@code max-retries}), and typed
 * observations a server before 3.98.2 refuses sent again as spans or generations
 * ({@link TypedObservationFallback}).
 *
 * <p>
 * The worker writes each request into a body from the {@link Senders} and hands it over;
 * a sender thread posts it and accounts the answer, while the worker writes the next one.
 * Requests may therefore be answered in any order: the server upserts a trace's and its
 * observations' events in whatever order they arrive.
 */
final class IngestionTransport implements Transport, BatchWriter.Accounting<IngestionEvent> {

	static final String PATH = "/api/public/ingestion";

	private static final Log logger = LogFactory.getLog(IngestionTransport.class);

	private static final byte[] PREFIX = "{\"batch\":[".getBytes(StandardCharsets.UTF_8);

	private static final byte[] SUFFIX = "]}".getBytes(StandardCharsets.UTF_8);

	private static final String V4_MESSAGE = "Event type not accepted";

	private static final int LOGGED_ERRORS = 3;

	private final LangfuseHttp http;

	private final Outcomes outcomes;

	private final ResponseLog responseLog;

	private final int maxRetries;

	private final JsonMapper mapper = LangfuseJson.mapper();

	private final Senders senders;

	private final BatchWriter<IngestionEvent> writer;

	private final EventDefaults defaults;

	private final ThrottledLogger dropLog = new ThrottledLogger(logger, Duration.ofSeconds(30));

	private final ThrottledLogger rejectionLog = new ThrottledLogger(logger, Duration.ofSeconds(30));

	private final ThrottledLogger unreadableLog = new ThrottledLogger(logger, Duration.ofSeconds(30));

	private final AtomicBoolean v4Reported = new AtomicBoolean();

	/** Whether the fallback for typed observations was reported; once per process. */
	private static final AtomicBoolean typedFallbackReported = new AtomicBoolean();

	/**
	 * Set once the server rejected a typed observation type (a server before 3.98.2):
	 * from then on such events are sent as spans or generations at once, saving a round
	 * trip each. Set by a sender, read by the worker.
	 */
	private volatile boolean typedRejected;

	IngestionTransport(IngestConfig config, LangfuseHttp http, Outcomes outcomes, ResponseLog responseLog,
			Senders senders) {
		this.http = http;
		this.senders = senders;
		this.outcomes = outcomes;
		this.responseLog = responseLog;
		this.maxRetries = config.maxRetries();
		this.defaults = new EventDefaults(config);
		int maxEventBytes = BatchWriter.maxItemBytes(config.maxEventBytes(), config.maxBatchBytes(), PREFIX, SUFFIX);
		EventShrinker shrinker = new EventShrinker(this.mapper, maxEventBytes);
		BatchWriter.Encoder<IngestionEvent> encoder = new BatchWriter.Encoder<>() {

			@Override
			public IngestionEvent prepare(IngestionEvent event) {
				return IngestionTransport.this.prepare(event);
			}

			@Override
			public void write(IngestionEvent event, OutputStream out) {
				IngestionTransport.this.mapper.writeValue(out, event);
			}

			@Override
			public EventShrinker.Shrunk<IngestionEvent> shrink(IngestionEvent event, byte[] json) {
				return shrinker.fit(event, json);
			}

			@Override
			public int events(IngestionEvent event) {
				return 1;
			}

		};
		this.writer = new BatchWriter<>(senders, outcomes, encoder, PREFIX, SUFFIX, config.maxBatch(),
				config.maxBatchBytes(), maxEventBytes, this);
	}

	@Override
	public void send(List<IngestionEvent> events, long deadlineNanos) {
		this.writer.write(events, deadlineNanos);
		this.writer.send(deadlineNanos);
	}

	/**
	 * The event as it is written: sent as a span or generation once its type was refused,
	 * with defaults.
	 */
	private IngestionEvent prepare(IngestionEvent event) {
		if (this.typedRejected && TypedObservationFallback.isTyped(event)) {
			event = TypedObservationFallback.asKnownType((ObservationEvent) event);
		}
		return this.defaults.apply(event);
	}

	@Override
	public HttpResult post(RequestBody body, long deadlineNanos) {
		return this.http.post(PATH, body, Map.of(), deadlineNanos);
	}

	/**
	 * The common answer, every event accepted, needs nothing more; any other needs the
	 * events' JSON.
	 */
	@Override
	public boolean accounted(List<IngestionEvent> events, HttpResult result) {
		if (result.isSuccess()) {
			IngestionResponse response = IngestionResponse.parse(result.body());
			if (response != null && response.errors().isEmpty()) {
				this.responseLog.success();
				if (logger.isTraceEnabled()) {
					logger.trace("Langfuse accepted " + events.size() + " events");
				}
				this.outcomes.sent(events.size());
				return true;
			}
		}
		return false;
	}

	/**
	 * Accounts the answer to a request of these events (not a 413): resends, counts and
	 * logs.
	 */
	@Override
	public void answered(RequestBody request, List<Item<IngestionEvent>> chunk, HttpResult result, long deadlineNanos,
			int attempt) {
		int n = chunk.size();
		if (result.isSuccess()) {
			this.responseLog.success();
			accountMultiStatus(request, chunk, result, deadlineNanos, attempt);
		}
		else if (result.isTransient()) {
			this.outcomes.failed(n, result.describe());
			this.responseLog.failure(PATH, result, n);
		}
		else {
			this.outcomes.rejected(n);
			this.responseLog.failure(PATH, result, n);
		}
	}

	@Override
	public void refused(Item<IngestionEvent> item, HttpResult result) {
		this.responseLog.failure(PATH, result, 1);
	}

	@Override
	public void dropped(IngestionEvent event, String why) {
		this.dropLog.warn(() -> "Dropped Langfuse event " + LogText.safe(event.id(), LogText.NAME) + " (" + event.type()
				+ ") because " + why + "; the rest of its batch is sent");
	}

	private void accountMultiStatus(RequestBody request, List<Item<IngestionEvent>> chunk, HttpResult result,
			long deadlineNanos, int attempt) {
		IngestionResponse response = IngestionResponse.parse(result.body());
		if (response == null) {
			// The request succeeded but the per-event results cannot be read: count the
			// events as sent (the status says so), and say it, because a proxy or a wrong
			// host answering 200 looks just like this. The body is logged at debug level
			// only (at most 512 characters): a proxy could echo the request.
			if (logger.isDebugEnabled()) {
				logger.debug("Langfuse answered HTTP " + result.status() + " with a body that is not a batch result: "
						+ result.bodyText(512));
			}
			this.unreadableLog.warn(() -> "Langfuse answered HTTP " + result.status() + " to " + chunk.size()
					+ " events with a " + result.body().length + "-byte body that is not an ingestion result; the "
					+ "events are counted as sent. Check that langfuse.host points at Langfuse");
			this.outcomes.sent(chunk.size());
			return;
		}
		if (response.errors().isEmpty()) {
			if (logger.isTraceEnabled()) {
				logger.trace("Langfuse accepted " + chunk.size() + " events");
			}
			this.outcomes.sent(chunk.size());
			return;
		}
		// by id, keeping events enqueued twice with the same id: an error for the id
		// applies to each of them
		Map<String, List<Item<IngestionEvent>>> byId = new HashMap<>();
		for (Item<IngestionEvent> item : chunk) {
			byId.computeIfAbsent(item.value().id(), (id) -> new ArrayList<>(1)).add(item);
		}
		int unlisted = chunk.size();
		List<Item<IngestionEvent>> retry = new ArrayList<>();
		List<Item<IngestionEvent>> fallback = new ArrayList<>();
		int fallbackErrors = 0;
		int rejected = 0;
		int failed = 0;
		boolean v4 = false;
		StringBuilder sample = new StringBuilder();
		int logged = 0;
		for (IngestionResponse.Error error : response.errors()) {
			List<Item<IngestionEvent>> events = byId.remove(error.id());
			if (events == null) {
				continue;
			}
			IngestionEvent event = events.get(0).value();
			unlisted -= events.size();
			if (TypedObservationFallback.rejectsType(event, error)) {
				// counted once, by the outcome of the event sent instead
				fallback.addAll(events);
				fallbackErrors++;
				continue;
			}
			boolean transientError = error.status() == 429 || error.status() >= 500;
			if (transientError && attempt < this.maxRetries) {
				retry.addAll(events);
			}
			else if (transientError) {
				failed += events.size();
			}
			else {
				rejected += events.size();
			}
			v4 |= V4_MESSAGE.equals(error.message());
			if (logged++ < LOGGED_ERRORS) {
				sample.append((logged > 1) ? "; " : "")
					.append(cut(error.id()))
					.append(" (")
					.append(event.type())
					.append(") ")
					.append(error.status());
				if (error.message() != null) {
					sample.append(' ').append(cut(error.message()));
				}
				if (error.error() != null) {
					sample.append(": ").append(cut(String.valueOf(error.error())));
				}
			}
		}
		this.outcomes.sent(unlisted);
		if (rejected > 0) {
			this.outcomes.rejected(rejected);
		}
		if (failed > 0) {
			this.outcomes.failed(failed, "per-event server error");
		}
		if (v4 && this.v4Reported.compareAndSet(false, true)) {
			logger.error("The Langfuse server runs Langfuse v4, which no longer accepts traces and observations on "
					+ PATH + " (\"" + V4_MESSAGE + "\"). Set 'langfuse.protocol: otlp' (the default) to send "
					+ "them as OpenTelemetry spans; scores keep working either way.");
		}
		if (!fallback.isEmpty()) {
			resendAsKnownType(request, fallback, deadlineNanos, attempt);
		}
		int errors = response.errors().size() - fallbackErrors;
		if (errors > 0) {
			this.rejectionLog.warn(() -> "Langfuse did not accept " + errors + " of " + chunk.size()
					+ " events in a batch: " + sample + ((errors > LOGGED_ERRORS) ? "; ..." : ""));
		}
		if (!retry.isEmpty()) {
			if (this.http.backoff(attempt, deadlineNanos)) {
				this.writer.resend(request, retry, deadlineNanos, attempt + 1);
			}
			else if (deadlineNanos != NO_DEADLINE && !Thread.currentThread().isInterrupted()) {
				this.outcomes.dropped(DropReason.SHUTDOWN, retry.size());
			}
			else {
				this.outcomes.failed(retry.size(), "per-event server error; resend interrupted");
			}
		}
	}

	/**
	 * Sends typed observations that the server does not know (a server before 3.98.2)
	 * again as spans or generations, see {@link TypedObservationFallback}; their outcome
	 * is the events' only one.
	 */
	private void resendAsKnownType(RequestBody request, List<Item<IngestionEvent>> rejected, long deadlineNanos,
			int attempt) {
		this.typedRejected = true;
		if (typedFallbackReported.compareAndSet(false, true)) {
			logger.warn("The Langfuse server does not accept the observation type "
					+ cut(rejected.get(0).value().type())
					+ " (agent, tool, chain, retriever, evaluator, embedding and guardrail need Langfuse 3.98.2 or "
					+ "newer); such observations are sent as spans (generations if they have a model, usage or cost) "
					+ "with their type in the metadata key '" + TypedObservationFallback.TYPE_KEY + "'. Upgrade the "
					+ "server to keep the types (logged once)");
		}
		List<Item<IngestionEvent>> resend = new ArrayList<>(rejected.size());
		for (Item<IngestionEvent> item : rejected) {
			Item<IngestionEvent> known = this.writer
				.encode(TypedObservationFallback.asKnownType((ObservationEvent) item.value()));
			if (known != null) {
				resend.add(known);
			}
		}
		if (!resend.isEmpty()) {
			this.writer.resend(request, resend, deadlineNanos, attempt);
		}
	}

	private static String cut(String text) {
		return LogText.safe(text, LogText.NAME);
	}

	@Override
	public int pending() {
		return this.senders.inFlightEvents();
	}

	@Override
	public boolean awaitCapacity(long deadlineNanos) {
		return this.senders.awaitCapacity(deadlineNanos);
	}

	@Override
	public boolean awaitRequests(long deadlineNanos) {
		return this.senders.awaitIdle(deadlineNanos);
	}

	@Override
	public void cancelRequests(long deadlineNanos) {
		this.senders.shutdownNow(deadlineNanos - System.nanoTime());
	}

	@Override
	public void close() {
		this.senders.shutdownNow(0);
		this.http.close();
	}

}
