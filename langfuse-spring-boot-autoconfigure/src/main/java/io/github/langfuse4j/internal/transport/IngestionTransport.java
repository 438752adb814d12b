package io.github.langfuse4j.internal.transport;

import io.github.langfuse4j.internal.logging.LogText;
import io.github.langfuse4j.internal.logging.LogThrottle;
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
import io.github.langfuse4j.internal.json.IngestionResponse;
import io.github.langfuse4j.internal.json.LangfuseJson;
import io.github.langfuse4j.ingest.model.ObservationEvent;

/**
 * Sends events as {@code {"batch":[...]}} to {@code POST /api/public/ingestion}. Each event is written on its own,
 * so one that cannot be serialized is dropped alone; requests are cut so that none holds more than
 * {@code max-batch} events and no body exceeds {@code max-batch-bytes}; the 207 answer is accounted per event.
 * Once the deadline has passed, no more events are written: the rest is counted as dropped ({@code shutdown}).
 *
 * <p>The worker writes each request into a body from the {@link Senders} and hands it over; a sender thread posts
 * it and accounts the answer, while the worker writes the next one. Requests may therefore be answered in any
 * order: the server upserts a trace's and its observations' events in whatever order they arrive.
 */
final class IngestionTransport implements Transport {

	static final String PATH = "/api/public/ingestion";

	private static final Log logger = LogFactory.getLog(IngestionTransport.class);

	private static final byte[] PREFIX = "{\"batch\":[".getBytes();

	private static final byte[] SUFFIX = "]}".getBytes();

	private static final String V4_MESSAGE = "Event type not accepted";

	private static final int LOGGED_ERRORS = 3;

	private final LangfuseHttp http;

	private final Outcomes outcomes;

	private final ResponseLog responseLog;

	private final int maxBatchBytes;

	private final int maxBatch;

	private final int maxRetries;

	private final JsonMapper mapper = LangfuseJson.mapper();

	private final EventShrinker shrinker;

	private final Senders senders;

	/** The request being written (worker only), or {@code null} before its first event. */
	private RequestBody body;

	/** The events written into {@link #body} so far, in order; handed over with it. */
	private List<IngestionEvent> written = new ArrayList<>();

	private final EventDefaults defaults;

	private final LogThrottle serializationLog = new LogThrottle(Duration.ofSeconds(30));

	private final LogThrottle rejectionLog = new LogThrottle(Duration.ofSeconds(30));

	private final LogThrottle unreadableLog = new LogThrottle(Duration.ofSeconds(30));

	private final AtomicBoolean v4Reported = new AtomicBoolean();

	/** Whether the fallback for typed observations was reported; once per process. */
	private static final AtomicBoolean typedFallbackReported = new AtomicBoolean();

	/**
	 * Set once the server rejected a typed observation type (a server before 3.98.2): from then on such events are
	 * sent as spans or generations at once, saving a round trip each. Set by a sender, read by the worker.
	 */
	private volatile boolean typedRejected;

	IngestionTransport(IngestConfig config, LangfuseHttp http, Outcomes outcomes, ResponseLog responseLog,
			Senders senders) {
		this.http = http;
		this.senders = senders;
		this.outcomes = outcomes;
		this.responseLog = responseLog;
		this.maxBatchBytes = config.maxBatchBytes();
		this.maxBatch = config.maxBatch();
		this.maxRetries = config.maxRetries();
		int maxEventBytes = Math.min(config.maxEventBytes(), this.maxBatchBytes - PREFIX.length - SUFFIX.length);
		this.shrinker = new EventShrinker(this.mapper, maxEventBytes);
		this.defaults = new EventDefaults(config);
	}

	@Override
	public void send(List<IngestionEvent> events, long deadlineNanos) {
		for (int i = 0; i < events.size(); i++) {
			if (Transport.passed(deadlineNanos)) {
				this.outcomes.dropped(DropReason.SHUTDOWN, events.size() - i);
				break;
			}
			if (this.written.size() >= this.maxBatch) {
				postWritten(deadlineNanos);
			}
			if (this.body == null && !startBody(deadlineNanos)) {
				// no request finished before the deadline (or the shutdown interrupted the wait)
				this.outcomes.dropped(DropReason.SHUTDOWN, events.size() - i);
				break;
			}
			IngestionEvent event = events.get(i);
			int mark = this.body.beginItem();
			IngestionEvent written = write(event, mark);
			if (written == null) {
				continue;
			}
			if (this.body.items() > 0 && this.body.size() + SUFFIX.length > this.maxBatchBytes) {
				// the request is full without this event: send it, and begin the next one with the event
				byte[] json = this.body.takeBack(mark);
				postWritten(deadlineNanos);
				if (!startBody(deadlineNanos)) {
					this.outcomes.dropped(DropReason.SHUTDOWN, events.size() - i);
					break;
				}
				this.body.addItem(json);
			}
			else {
				this.body.endItem(mark);
			}
			this.written.add(written);
		}
		if (!this.written.isEmpty()) {
			postWritten(deadlineNanos);
		}
		else if (this.body != null) {
			this.senders.release(this.body);
			this.body = null;
		}
	}

	/** Takes a body for the next request; {@code false} if none became free before the deadline. */
	private boolean startBody(long deadlineNanos) {
		this.body = this.senders.acquire(deadlineNanos);
		if (this.body == null) {
			return false;
		}
		this.body.start(PREFIX);
		return true;
	}

	/**
	 * Writes the event into the body, made to fit {@code max-event-bytes}. Returns the event as written, or
	 * {@code null} (dropped, counted, and rolled back to {@code mark}) if that is impossible.
	 */
	private IngestionEvent write(IngestionEvent event, int mark) {
		int start = this.body.itemStart(mark);
		try {
			if (this.typedRejected && TypedObservationFallback.isTyped(event)) {
				event = TypedObservationFallback.asKnownType((ObservationEvent) event);
			}
			event = this.defaults.apply(event);
			this.mapper.writeValue(this.body, event);
		}
		catch (RuntimeException ex) {
			this.body.rollback(mark);
			this.outcomes.dropped(DropReason.SERIALIZATION, 1);
			logSerialization(event, "it cannot be written as JSON (" + ex.getClass().getSimpleName() + ")");
			return null;
		}
		if (this.body.size() - start <= this.shrinker.maxBytes()) {
			return event;
		}
		byte[] json = this.body.copyFrom(start);
		this.body.rollback(mark);
		EventShrinker.Fitted fitted = this.shrinker.fit(event, json);
		if (fitted == null) {
			this.outcomes.dropped(DropReason.OVERSIZE, 1);
			logSerialization(event, "it is " + json.length + " bytes, more than langfuse.max-event-bytes ("
					+ this.shrinker.maxBytes() + "), even with input, output and metadata truncated");
			return null;
		}
		this.body.beginItem();
		this.body.writeBytes(fitted.json());
		return fitted.event();
	}

	/** Hands the request written so far to a sender; the worker goes on with a new body. */
	private void postWritten(long deadlineNanos) {
		RequestBody request = this.body;
		List<IngestionEvent> events = this.written;
		this.body = null;
		this.written = new ArrayList<>();
		request.finish(SUFFIX);
		this.senders.submit(request, events.size(), () -> complete(request, events, deadlineNanos));
	}

	/**
	 * Posts a written request and accounts it (on a sender thread). The common answer, every event accepted, needs
	 * nothing more; any other copies the events' JSON out of the body to resend or split them.
	 */
	private void complete(RequestBody request, List<IngestionEvent> events, long deadlineNanos) {
		HttpResult result = this.http.post(PATH, request, Map.of(), deadlineNanos);
		if (result.isSuccess()) {
			IngestionResponse response = IngestionResponse.parse(result.body());
			if (response != null && response.errors().isEmpty()) {
				this.responseLog.success();
				if (logger.isTraceEnabled()) {
					logger.trace("Langfuse accepted " + events.size() + " events");
				}
				this.outcomes.sent(events.size());
				return;
			}
		}
		List<Encoded> chunk = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			chunk.add(new Encoded(events.get(i), request.item(i)));
		}
		account(request, chunk, result, deadlineNanos, 0);
	}

	private void logSerialization(IngestionEvent event, String why) {
		long held = this.serializationLog.tryAcquire();
		if (held >= 0) {
			logger.warn("Dropped Langfuse event " + LogText.safe(event.id(), LogText.NAME) + " (" + event.type()
					+ ") because " + why + "; the rest of its batch is sent"
					+ ((held > 0) ? "; " + held + " similar drops not logged" : ""));
		}
	}

	private void post(RequestBody request, List<Encoded> chunk, long deadlineNanos, int attempt) {
		account(request, chunk, this.http.post(PATH, body(request, chunk), Map.of(), deadlineNanos), deadlineNanos,
				attempt);
	}

	/** Accounts the answer to a request of these events: resends, splits, counts and logs. */
	private void account(RequestBody request, List<Encoded> chunk, HttpResult result, long deadlineNanos,
			int attempt) {
		int n = chunk.size();
		if (result == HttpResult.DEADLINE) {
			this.outcomes.dropped(DropReason.SHUTDOWN, n);
		}
		else if (result.isSuccess()) {
			this.responseLog.success();
			accountMultiStatus(request, chunk, result, deadlineNanos, attempt);
		}
		else if (result.status() == 413 && n > 1) {
			post(request, new ArrayList<>(chunk.subList(0, n / 2)), deadlineNanos, attempt);
			post(request, new ArrayList<>(chunk.subList(n / 2, n)), deadlineNanos, attempt);
		}
		else if (result.status() == 413) {
			this.outcomes.dropped(DropReason.OVERSIZE, 1);
			this.responseLog.failure(PATH, result, 1);
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

	private static RequestBody body(RequestBody request, List<Encoded> chunk) {
		request.start(PREFIX);
		for (Encoded encoded : chunk) {
			request.addItem(encoded.json());
		}
		request.finish(SUFFIX);
		return request;
	}

	private void accountMultiStatus(RequestBody request, List<Encoded> chunk, HttpResult result, long deadlineNanos,
			int attempt) {
		IngestionResponse response = IngestionResponse.parse(result.body());
		if (response == null) {
			// The request succeeded but the per-event results cannot be read: count the events as sent (the
			// status says so), and say it, because a proxy or a wrong host answering 200 looks just like this.
			// The body is logged at debug level only (at most 512 characters): a proxy could echo the request.
			if (logger.isDebugEnabled()) {
				logger.debug("Langfuse answered HTTP " + result.status() + " with a body that is not a batch result: "
						+ result.bodyText(512));
			}
			long held = this.unreadableLog.tryAcquire();
			if (held >= 0) {
				logger.warn("Langfuse answered HTTP " + result.status() + " to " + chunk.size() + " events with a "
						+ result.body().length + "-byte body that is not an ingestion result; the events are counted "
						+ "as sent. Check that langfuse.host points at Langfuse"
						+ ((held > 0) ? " (" + held + " more such answers since the last report)" : ""));
			}
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
		// by id, keeping events enqueued twice with the same id: an error for the id applies to each of them
		Map<String, List<Encoded>> byId = new HashMap<>();
		for (Encoded encoded : chunk) {
			byId.computeIfAbsent(encoded.event().id(), (id) -> new ArrayList<>(1)).add(encoded);
		}
		int unlisted = chunk.size();
		List<Encoded> retry = new ArrayList<>();
		List<Encoded> fallback = new ArrayList<>();
		int fallbackErrors = 0;
		int rejected = 0;
		int failed = 0;
		boolean v4 = false;
		StringBuilder sample = new StringBuilder();
		int logged = 0;
		for (IngestionResponse.Error error : response.errors()) {
			List<Encoded> events = byId.remove(error.id());
			if (events == null) {
				continue;
			}
			Encoded encoded = events.get(0);
			unlisted -= events.size();
			if (TypedObservationFallback.rejectsType(encoded.event(), error)) {
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
				sample.append((logged > 1) ? "; " : "").append(cut(error.id())).append(" (")
					.append(encoded.event().type()).append(") ").append(error.status());
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
		long held = (errors > 0) ? this.rejectionLog.tryAcquire() : -1;
		if (held >= 0) {
			logger.warn("Langfuse did not accept " + errors + " of " + chunk.size() + " events in a batch: " + sample
					+ ((errors > LOGGED_ERRORS) ? "; ..." : "")
					+ ((held > 0) ? " (" + held + " more batches with errors since the last report)" : ""));
		}
		if (!retry.isEmpty()) {
			if (this.http.backoff(attempt, deadlineNanos)) {
				post(request, retry, deadlineNanos, attempt + 1);
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
	 * Sends typed observations that the server does not know (a server before 3.98.2) again as spans or
	 * generations, see {@link TypedObservationFallback}; their outcome is the events' only one.
	 */
	private void resendAsKnownType(RequestBody request, List<Encoded> rejected, long deadlineNanos, int attempt) {
		this.typedRejected = true;
		if (typedFallbackReported.compareAndSet(false, true)) {
			logger.warn("The Langfuse server does not accept the observation type " + cut(rejected.get(0).event().type())
					+ " (agent, tool, chain, retriever, evaluator, embedding and guardrail need Langfuse 3.98.2 or "
					+ "newer); such observations are sent as spans (generations if they have a model, usage or cost) "
					+ "with their type in the metadata key '" + TypedObservationFallback.TYPE_KEY + "'. Upgrade the "
					+ "server to keep the types (logged once)");
		}
		List<Encoded> resend = new ArrayList<>(rejected.size());
		for (Encoded encoded : rejected) {
			Encoded known = encode(TypedObservationFallback.asKnownType((ObservationEvent) encoded.event()));
			if (known != null) {
				resend.add(known);
			}
		}
		if (!resend.isEmpty()) {
			post(request, resend, deadlineNanos, attempt);
		}
	}

	/** The event and its JSON, made to fit {@code max-event-bytes}; {@code null} (dropped, counted) if impossible. */
	private Encoded encode(IngestionEvent event) {
		byte[] json;
		try {
			json = this.mapper.writeValueAsBytes(event);
		}
		catch (RuntimeException ex) {
			this.outcomes.dropped(DropReason.SERIALIZATION, 1);
			logSerialization(event, "it cannot be written as JSON (" + ex.getClass().getSimpleName() + ")");
			return null;
		}
		if (json.length <= this.shrinker.maxBytes()) {
			return new Encoded(event, json);
		}
		EventShrinker.Fitted fitted = this.shrinker.fit(event, json);
		if (fitted == null) {
			this.outcomes.dropped(DropReason.OVERSIZE, 1);
			logSerialization(event, "it is " + json.length + " bytes, more than langfuse.max-event-bytes ("
					+ this.shrinker.maxBytes() + ")");
			return null;
		}
		return new Encoded(fitted.event(), fitted.json());
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

	/** An event and its JSON. */
	record Encoded(IngestionEvent event, byte[] json) {
	}

}
