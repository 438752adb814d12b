package io.github.langfuse4j.internal.transport;

import io.github.langfuse4j.internal.logging.LogText;
import io.github.langfuse4j.internal.logging.LogThrottle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.internal.json.LangfuseJson;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.SdkLog;

/**
 * The OTLP transport: traces and observations become spans (assembled by a {@link SpanAssembler}) sent as
 * OTLP/HTTP JSON to {@code POST /api/public/otel/v1/traces}; scores and sdk-logs keep going as ingestion batches
 * through an {@link IngestionTransport}, with their trace and observation ids mapped by {@link OtlpIds} so that a
 * score lands on the exported trace. One flush may therefore send two kinds of requests.
 *
 * <p>Released spans are sent at the next tick ({@link #sendPending}), or as soon as released spans and the roots of
 * complete traces (their data came, none of their observations is open) add up to {@code max-batch} spans or
 * {@code max-batch-bytes} (estimated): then those roots are released too and everything goes out in full
 * requests, so that under load a root leaves about one request after its trace ended, not one flush interval, and
 * complete traces do not pile up in the span buffer; at low rates roots still leave once per flush interval, so
 * requests stay big. The last request of such an export, if it is not full, is not sent: its spans are written
 * again at the head of the next export (a tick, a flush or the shutdown sends them), so that a request in flight
 * is not spent on a small remainder. A trace and its root usually share a request.
 *
 * <p>Events enter the span buffer prepared by {@link SpanValues}: structured values rendered to JSON text, and any
 * field among input, output and metadata that is alone larger than a span may be already replaced by the
 * truncation marker, so that an oversized event is truncated, not refused by the buffer.
 *
 * <p>Requests are cut so that none holds more than {@code max-batch} spans and no body exceeds
 * {@code max-batch-bytes}. Once the deadline has passed, no more spans are written: their events are counted as
 * dropped ({@link DropReason#SHUTDOWN}). A span whose JSON is larger than
 * {@code max-event-bytes} (or than a request may be) gets its largest fields among input, output and metadata
 * replaced by a marker ({@link EventShrinker}) until it fits; one that still does not fit is dropped as
 * {@link DropReason#OVERSIZE}. Any 2xx is success (the body is ignored). A 400 rejects the whole request: its spans'
 * events are counted as rejected. Failed requests, 400 included, are logged by {@link ResponseLog} (throttled, with
 * the server's short reason). A 413 splits the request in halves; a single span that still gets a 413 is dropped as
 * oversize. What still fails after {@link LangfuseHttp}'s retries is counted as failed, and a
 * request cut off by the shutdown deadline as dropped ({@link DropReason#SHUTDOWN}).
 *
 * <p>The worker writes each request into a body from the {@link Senders} and hands it over; a sender thread
 * gzips it ({@code otlp.compression: gzip}; {@code max-batch-bytes} limits the body before compression), posts it
 * and accounts the answer, while the worker writes the next one. Requests may be answered in any order; Langfuse
 * does not need a trace's root span before its observations.
 */
final class OtlpTransport implements Transport {

	static final String PATH = "/api/public/otel/v1/traces";

	/** Asks Langfuse Cloud and dual-write servers for the real-time v4 write path. */
	static final Map<String, String> HEADERS = Map.of("x-langfuse-ingestion-version", "4");

	/** {@link #HEADERS} of a gzipped body. */
	static final Map<String, String> GZIP_HEADERS = Map.of("x-langfuse-ingestion-version", "4", "Content-Encoding",
			"gzip");

	private static final Log logger = LogFactory.getLog(OtlpTransport.class);

	private final LangfuseHttp http;

	private final Outcomes outcomes;

	private final ResponseLog responseLog;

	private final IngestionTransport ingestion;

	private final SpanAssembler assembler;

	private final OtlpEncoder encoder;

	private final JsonMapper mapper = LangfuseJson.mapper();

	private final int maxBatchBytes;

	private final int maxBatch;

	/** Truncates spans larger than {@code min(max-event-bytes, max-batch-bytes - request overhead)}. */
	private final EventShrinker shrinker;

	/** Renders values and truncates oversized fields of events as they enter the span buffer. */
	private final SpanValues values;

	private final List<IngestionEvent> ingestionEvents = new ArrayList<>();

	private final Senders senders;

	private final boolean gzip;

	/** The request being written (worker only), or {@code null} before its first span. */
	private RequestBody body;

	/**
	 * Events of spans taken from the span buffer for {@link #export} and not yet handed to a sender or counted
	 * (written by the worker only), so that {@link #pending()} counts them while the worker waits for a body.
	 */
	private volatile int exporting;

	/** The spans written into {@link #body} so far, in order; handed over with it. */
	private List<OtlpSpan> written = new ArrayList<>();

	/**
	 * The spans of the last, partial request of an export that was not a tick (worker only): not sent, but written
	 * again at the head of the next export, so that under load every request is full; a tick, a flush and the
	 * shutdown send them. Their events count in {@link #exporting}.
	 */
	private List<OtlpSpan> carried = new ArrayList<>();

	/** The JSON bytes {@link #carried} took when they were written. */
	private long carriedBytes;

	private final LogThrottle oversizeLog = new LogThrottle(Duration.ofSeconds(30));

	OtlpTransport(IngestConfig config, LangfuseHttp http, Outcomes outcomes, ResponseLog responseLog,
			IngestionTransport ingestion, Senders senders) {
		this(config, http, outcomes, responseLog, ingestion, senders, SpanAssembler.Limits.DEFAULT);
	}

	OtlpTransport(IngestConfig config, LangfuseHttp http, Outcomes outcomes, ResponseLog responseLog,
			IngestionTransport ingestion, Senders senders, SpanAssembler.Limits limits) {
		this.http = http;
		this.senders = senders;
		this.gzip = config.otlpCompression() == IngestConfig.Compression.GZIP;
		this.outcomes = outcomes;
		this.responseLog = responseLog;
		this.ingestion = ingestion;
		this.assembler = new SpanAssembler(limits, outcomes, System::nanoTime);
		this.encoder = new OtlpEncoder(config, this.mapper);
		this.maxBatchBytes = config.maxBatchBytes();
		this.maxBatch = config.maxBatch();
		int overhead = this.encoder.prefix().length + this.encoder.suffix().length;
		this.shrinker = new EventShrinker(this.mapper,
				Math.max(0, Math.min(config.maxEventBytes(), this.maxBatchBytes - overhead)));
		this.values = new SpanValues(this.mapper, this.shrinker);
	}

	@Override
	public void send(List<IngestionEvent> events, long deadlineNanos) {
		if (Transport.passed(deadlineNanos)) {
			this.outcomes.dropped(DropReason.SHUTDOWN, events.size());
			return;
		}
		this.ingestionEvents.clear();
		try {
			for (IngestionEvent event : events) {
				if (event instanceof ScoreCreate score) {
					this.ingestionEvents.add(mapIds(score));
				}
				else if (event instanceof SdkLog) {
					this.ingestionEvents.add(event);
				}
				else {
					addToAssembler(event);
				}
			}
			if (!this.ingestionEvents.isEmpty()) {
				this.ingestion.send(this.ingestionEvents, deadlineNanos);
			}
		}
		finally {
			this.ingestionEvents.clear();
		}
		if (this.carried.size() + this.assembler.readyCount() + this.assembler.completeRoots() >= this.maxBatch
				|| this.carriedBytes + this.assembler.readyBytes()
						+ this.assembler.completeRootBytes() >= this.maxBatchBytes) {
			// a full request's worth: the roots of complete traces go with it instead of waiting for the tick
			this.assembler.releaseCompleteRoots();
			export(this.assembler.takeReady(), deadlineNanos, false);
		}
	}

	@Override
	public void sendPending(boolean force, long deadlineNanos) {
		export(this.assembler.takeDue(force), deadlineNanos, true);
	}

	@Override
	public void shuttingDown() {
		this.assembler.shuttingDown();
	}

	@Override
	public int pending() {
		// the ingestion transport's requests in flight are counted too: both share the senders
		return this.assembler.pending() + this.exporting + this.senders.inFlightEvents();
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

	/** The estimated bytes the span buffer holds. */
	long bufferedBytes() {
		return this.assembler.bufferedBytes();
	}

	@Override
	public int discardPending() {
		int discarded = this.assembler.discard() + events(this.carried);
		this.carried = new ArrayList<>();
		this.carriedBytes = 0;
		this.exporting = 0;
		// events still held at the end of a shutdown: counted as dropped (shutdown)
		if (discarded > 0) {
			this.outcomes.dropped(DropReason.SHUTDOWN, discarded);
		}
		return discarded;
	}

	@Override
	public void close() {
		this.senders.shutdownNow(0);
		this.http.close();
	}

	private void addToAssembler(IngestionEvent event) {
		try {
			this.assembler.add(this.values.prepare(event));
		}
		catch (RuntimeException ex) {
			// defensive: merging validated bodies should not fail; never lose the accounting of an event
			this.outcomes.dropped(DropReason.SERIALIZATION, 1);
			logger.warn("Dropped Langfuse " + event.type() + " event " + LogText.safe(event.id(), LogText.NAME)
					+ " because it could not be merged into its span (" + LogText.of(ex) + ")");
		}
	}

	/** The score with its trace and observation ids mapped like the exported spans' ids. */
	static ScoreCreate mapIds(ScoreCreate score) {
		ScoreBody body = score.body();
		if (body.traceId() == null) {
			return score;
		}
		String traceId = OtlpIds.traceId(body.traceId());
		String observationId = (body.observationId() != null) ? OtlpIds.spanId(body.observationId()) : null;
		if (traceId.equals(body.traceId()) && (observationId == null || observationId.equals(body.observationId()))) {
			return score;
		}
		return new ScoreCreate(score.id(), score.timestamp(),
				body.toBuilder().traceId(traceId).observationId(observationId).build());
	}

	/**
	 * Writes the spans carried from the last export and then these one by one straight into the request body and
	 * sends them in requests of at most {@code max-batch} spans and {@code max-batch-bytes}. With {@code partial}
	 * {@code false} (an export because a request's worth is ready) a last request that is not full is not sent:
	 * its spans are {@link #carried} to the next export.
	 */
	private void export(List<OtlpSpan> spans, long deadlineNanos, boolean partial) {
		if (spans.isEmpty() && this.carried.isEmpty()) {
			return;
		}
		List<OtlpSpan> all = spans;
		if (!this.carried.isEmpty()) {
			all = new ArrayList<>(this.carried.size() + spans.size());
			all.addAll(this.carried);
			all.addAll(spans);
			this.carried = new ArrayList<>();
			this.carriedBytes = 0;
		}
		// the carried spans' events are counted already
		this.exporting += events(spans);
		try {
			writeAll(all, deadlineNanos, partial);
		}
		finally {
			this.exporting = events(this.carried);
		}
	}

	private static int events(List<OtlpSpan> spans) {
		int events = 0;
		for (OtlpSpan span : spans) {
			events += span.events();
		}
		return events;
	}

	private void writeAll(List<OtlpSpan> spans, long deadlineNanos, boolean partial) {
		int suffix = this.encoder.suffix().length;
		for (int i = 0; i < spans.size(); i++) {
			if (Transport.passed(deadlineNanos)) {
				dropRest(spans, i);
				break;
			}
			if (this.written.size() >= this.maxBatch) {
				postWritten(deadlineNanos);
			}
			if (this.body == null && !startBody(deadlineNanos)) {
				// no request finished before the deadline (or the shutdown interrupted the wait)
				dropRest(spans, i);
				break;
			}
			OtlpSpan released = spans.get(i);
			int mark = this.body.beginItem();
			OtlpSpan span = write(released, mark);
			if (span == null) {
				this.exporting -= released.events();
				continue;
			}
			if (this.body.items() > 0 && this.body.size() + suffix > this.maxBatchBytes) {
				// the request is full without this span: send it, and begin the next one with the span
				byte[] json = this.body.takeBack(mark);
				postWritten(deadlineNanos);
				if (!startBody(deadlineNanos)) {
					dropRest(spans, i);
					break;
				}
				this.body.addItem(json);
			}
			else {
				this.body.endItem(mark);
			}
			this.written.add(span);
		}
		if (!this.written.isEmpty() && (partial || this.written.size() >= this.maxBatch)) {
			postWritten(deadlineNanos);
		}
		else if (!this.written.isEmpty()) {
			// not full: the next export writes these spans again, ahead of its own (a tick sends them at the latest)
			this.carriedBytes = this.body.size() - this.encoder.prefix().length;
			this.carried = this.written;
			this.written = new ArrayList<>();
			this.senders.release(this.body);
			this.body = null;
		}
		else if (this.body != null) {
			this.senders.release(this.body);
			this.body = null;
		}
	}

	/** Counts the spans from {@code from} on as dropped ({@code shutdown}). */
	private void dropRest(List<OtlpSpan> spans, int from) {
		int events = 0;
		for (OtlpSpan rest : spans.subList(from, spans.size())) {
			events += rest.events();
		}
		this.outcomes.dropped(DropReason.SHUTDOWN, events);
		this.exporting -= events;
	}

	/** Takes a body for the next request; {@code false} if none became free before the deadline. */
	private boolean startBody(long deadlineNanos) {
		this.body = this.senders.acquire(deadlineNanos);
		if (this.body == null) {
			return false;
		}
		this.body.start(this.encoder.prefix());
		return true;
	}

	/**
	 * Writes the span into the body, truncated to fit {@code max-event-bytes} if needed. Returns the span as
	 * written, or {@code null} (dropped, counted, and rolled back to {@code mark}) if that is impossible.
	 */
	private OtlpSpan write(OtlpSpan span, int mark) {
		int start = this.body.itemStart(mark);
		try {
			this.encoder.write(span, this.body);
		}
		catch (RuntimeException ex) {
			this.body.rollback(mark);
			this.outcomes.dropped(DropReason.SERIALIZATION, span.events());
			logDropped(span, "not writable as OTLP JSON (" + ex.getClass().getSimpleName() + ")");
			return null;
		}
		if (this.body.size() - start <= this.shrinker.maxBytes()) {
			return span;
		}
		byte[] json = this.body.copyFrom(start);
		this.body.rollback(mark);
		EventShrinker.Shrunk<OtlpSpan> shrunk = shrink(span, json);
		if (shrunk == null) {
			this.outcomes.dropped(DropReason.OVERSIZE, span.events());
			logDropped(span, json.length + " bytes, more than langfuse.max-event-bytes or max-batch-bytes ("
					+ this.shrinker.maxBytes() + "), even with input, output and metadata truncated");
			return null;
		}
		this.body.beginItem();
		this.body.writeBytes(shrunk.json());
		return shrunk.value();
	}

	/** Hands the request written so far to a sender; the worker goes on with a new body. */
	private void postWritten(long deadlineNanos) {
		RequestBody request = this.body;
		List<OtlpSpan> spans = this.written;
		this.body = null;
		this.written = new ArrayList<>();
		request.finish(this.encoder.suffix());
		int events = 0;
		for (OtlpSpan span : spans) {
			events += span.events();
		}
		this.senders.submit(request, events, () -> complete(request, spans, deadlineNanos));
		this.exporting -= events;
	}

	/**
	 * Posts a written request and accounts it (on a sender thread). A success needs nothing more; a 413 copies the
	 * spans' JSON out of the body to split them.
	 */
	private void complete(RequestBody request, List<OtlpSpan> spans, long deadlineNanos) {
		HttpResult result = post(request, deadlineNanos);
		List<Encoded> chunk = new ArrayList<>(spans.size());
		for (int i = 0; i < spans.size(); i++) {
			chunk.add(new Encoded(spans.get(i), (result.status() == 413) ? request.item(i) : null));
		}
		account(request, chunk, result, deadlineNanos);
	}

	/** Posts a complete body, gzipped if so configured. */
	private HttpResult post(RequestBody request, long deadlineNanos) {
		if (!this.gzip) {
			return this.http.post(PATH, request, HEADERS, deadlineNanos);
		}
		return this.http.post(PATH, request.gzip(), GZIP_HEADERS, deadlineNanos);
	}

	/** The span with its largest fields truncated until its JSON fits, or {@code null}. */
	private EventShrinker.Shrunk<OtlpSpan> shrink(OtlpSpan span, byte[] json) {
		try {
			return this.shrinker.shrink(span, json, EventShrinker.SPAN_FIELDS, this.encoder::encode);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private void post(RequestBody request, List<Encoded> chunk, long deadlineNanos) {
		account(request, chunk, post(body(request, chunk), deadlineNanos), deadlineNanos);
	}

	/** Accounts the answer to a request of these spans: splits, counts and logs. */
	private void account(RequestBody request, List<Encoded> chunk, HttpResult result, long deadlineNanos) {
		int events = 0;
		for (Encoded encoded : chunk) {
			events += encoded.span().events();
		}
		if (result == HttpResult.DEADLINE) {
			this.outcomes.dropped(DropReason.SHUTDOWN, events);
		}
		else if (result.isSuccess()) {
			this.responseLog.success();
			this.outcomes.sent(events);
			if (logger.isTraceEnabled()) {
				logger.trace("Langfuse accepted " + chunk.size() + " spans (" + events + " events)");
			}
		}
		else if (result.status() == 413 && chunk.size() > 1) {
			int half = chunk.size() / 2;
			post(request, new ArrayList<>(chunk.subList(0, half)), deadlineNanos);
			post(request, new ArrayList<>(chunk.subList(half, chunk.size())), deadlineNanos);
		}
		else if (result.status() == 413) {
			this.outcomes.dropped(DropReason.OVERSIZE, events);
			logDropped(chunk.get(0).span(), chunk.get(0).json().length + " bytes, refused by the server (HTTP 413)");
		}
		else if (result.status() == 400) {
			this.outcomes.rejected(events);
			this.responseLog.failure(PATH, result, events);
		}
		else if (result.isTransient()) {
			this.outcomes.failed(events, result.describe());
			this.responseLog.failure(PATH, result, events);
		}
		else {
			this.outcomes.rejected(events);
			this.responseLog.failure(PATH, result, events);
		}
	}

	private RequestBody body(RequestBody request, List<Encoded> chunk) {
		request.start(this.encoder.prefix());
		for (Encoded encoded : chunk) {
			request.addItem(encoded.json());
		}
		request.finish(this.encoder.suffix());
		return request;
	}

	private void logDropped(OtlpSpan span, String why) {
		long held = this.oversizeLog.tryAcquire();
		if (held >= 0) {
			logger.warn("Dropped Langfuse span " + LogText.safe(span.spanId(), LogText.NAME) + " ("
					+ LogText.safe(span.type(), LogText.NAME) + " '" + LogText.safe(span.name(), LogText.NAME) + "', "
					+ span.events() + " events) because it is " + why + "; the rest is sent"
					+ ((held > 0) ? "; " + held + " similar drops not logged" : ""));
		}
	}

	/** A span and its JSON ({@code null} when the answer needs no resend of it). */
	private record Encoded(OtlpSpan span, byte[] json) {
	}

}
