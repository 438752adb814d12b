package io.github.langfuse4j.internal.transport;

import java.io.OutputStream;
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
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.ScoreBody;
import io.github.langfuse4j.ingest.model.ScoreCreate;
import io.github.langfuse4j.ingest.model.SdkLog;
import io.github.langfuse4j.ingest.model.TraceCreate;
import io.github.langfuse4j.internal.json.LangfuseJson;
import io.github.langfuse4j.internal.logging.LogText;
import io.github.langfuse4j.internal.logging.ThrottledLogger;
import io.github.langfuse4j.internal.transport.BatchWriter.Item;

/**
 * The OTLP transport: traces and observations become spans (assembled by a
 * {@link SpanAssembler}) sent as OTLP/HTTP JSON to
 * {@code POST /api/public/otel/v1/traces}; scores and sdk-logs keep going as ingestion
 * batches through an {@link IngestionTransport}, with their trace and observation ids
 * mapped by {@link OtlpIds} so that a score lands on the exported trace. One flush may
 * therefore send two kinds of requests.
 *
 * <p>
 * Released spans are sent at the next tick ({@link #sendPending}), or as soon as released
 * spans and the roots of complete traces (their data came, none of their observations is
 * open) add up to {@code max-batch} spans or {@code max-batch-bytes} (estimated): then
 * those roots are released too and everything goes out in full requests, so that under
 * load a root leaves about one request after its trace ended, not one flush interval, and
 * complete traces do not pile up in the span buffer; at low rates roots still leave once
 * per flush interval, so requests stay big. The last request of such an export, if it is
 * not full, is not sent: its spans are written again at the head of the next export (a
 * tick, a flush or the shutdown sends them), so that a request in flight is not spent on
 * a small remainder. A trace and its root usually share a request.
 *
 * <p>
 * Events enter the span buffer prepared by {@link SpanValues}: structured values rendered
 * to JSON text, and any field among input, output and metadata that is alone larger than
 * a span may be already replaced by the truncation marker, so that an oversized event is
 * truncated, not refused by the buffer.
 *
 * <p>
 * The {@link BatchWriter} writes the requests: none holds more than {@code max-batch}
 * spans and no body exceeds {@code max-batch-bytes}; once the deadline has passed, no
 * more spans are written and their events are counted as dropped
 * ({@link DropReason#SHUTDOWN}); a span whose JSON is larger than {@code max-event-bytes}
 * (or than a request may be) gets its largest fields among input, output and metadata
 * replaced by a marker ({@link EventShrinker}) until it fits, and one that still does not
 * fit is dropped as {@link DropReason#OVERSIZE}; a 413 splits the request in halves, and
 * a single span that still gets a 413 is dropped as oversize. The OTLP rules for answers
 * are this transport's: any 2xx is success (the body is ignored); a 400 rejects the whole
 * request (its spans' events are counted as rejected). Failed requests, 400 included, are
 * logged by {@link ResponseLog} (throttled, with the server's short reason). What still
 * fails after {@link LangfuseHttp}'s retries is counted as failed.
 *
 * <p>
 * The worker writes each request into a body from the {@link Senders} and hands it over;
 * a sender thread gzips it ({@code otlp.compression: gzip}; {@code max-batch-bytes}
 * limits the body before compression), posts it and accounts the answer, while the worker
 * writes the next one. Requests may be answered in any order; Langfuse does not need a
 * trace's root span before its observations.
 */
final class OtlpTransport implements Transport, BatchWriter.Accounting<OtlpSpan> {

	static final String PATH = "/api/public/otel/v1/traces";

	/** Asks Langfuse Cloud and dual-write servers for the real-time v4 write path. */
	static final Map<String, String> HEADERS = Map.of("x-langfuse-ingestion-version", "4");

	/** {@link #HEADERS} of a gzipped body. */
	static final Map<String, String> GZIP_HEADERS = Map.of("x-langfuse-ingestion-version", "4", "Content-Encoding",
			"gzip");

	private static final Log logger = LogFactory.getLog(OtlpTransport.class);

	private final LangfuseHttp http;

	/**
	 * Where requests go: {@link #PATH} below the host, or the full URL of
	 * {@code langfuse.otlp.endpoint}.
	 */
	private final String target;

	private final Outcomes outcomes;

	private final ResponseLog responseLog;

	private final IngestionTransport ingestion;

	private final SpanAssembler assembler;

	private final OtlpEncoder encoder;

	private final JsonMapper mapper = LangfuseJson.mapper();

	private final int maxBatchBytes;

	private final int maxBatch;

	/**
	 * Renders values and truncates oversized fields of events as they enter the span
	 * buffer.
	 */
	private final SpanValues values;

	private final List<IngestionEvent> ingestionEvents = new ArrayList<>();

	private final Senders senders;

	private final boolean gzip;

	/**
	 * Writes the spans into requests. The spans of the last, partial request of an export
	 * that was not a tick are {@linkplain BatchWriter#hold() held}: not sent, but written
	 * again at the head of the next export, so that under load every request is full; a
	 * tick, a flush and the shutdown send them.
	 */
	private final BatchWriter<OtlpSpan> writer;

	private final ThrottledLogger dropLog = new ThrottledLogger(logger, Duration.ofSeconds(30));

	private final ThrottledLogger lateLog = new ThrottledLogger(logger, Duration.ofSeconds(30));

	/**
	 * For events the span buffer cannot keep: full, or one larger than the whole buffer.
	 */
	private final ThrottledLogger bufferLog = new ThrottledLogger(logger, Duration.ofSeconds(30));

	OtlpTransport(IngestConfig config, LangfuseHttp http, Outcomes outcomes, ResponseLog responseLog,
			IngestionTransport ingestion, Senders senders) {
		this(config, http, outcomes, responseLog, ingestion, senders, SpanAssembler.Limits.DEFAULT);
	}

	OtlpTransport(IngestConfig config, LangfuseHttp http, Outcomes outcomes, ResponseLog responseLog,
			IngestionTransport ingestion, Senders senders, SpanAssembler.Limits limits) {
		this.http = http;
		this.target = (config.otlpEndpoint() != null) ? config.otlpEndpoint() : PATH;
		this.senders = senders;
		this.gzip = config.otlpCompression() == IngestConfig.Compression.GZIP;
		this.outcomes = outcomes;
		this.responseLog = responseLog;
		this.ingestion = ingestion;
		this.assembler = new SpanAssembler(limits, System::nanoTime);
		this.encoder = new OtlpEncoder(config, this.mapper);
		this.maxBatchBytes = config.maxBatchBytes();
		this.maxBatch = config.maxBatch();
		int maxSpanBytes = BatchWriter.maxItemBytes(config.maxEventBytes(), this.maxBatchBytes, this.encoder.prefix(),
				this.encoder.suffix());
		// truncates spans larger than min(max-event-bytes, max-batch-bytes - request
		// overhead)
		EventShrinker shrinker = new EventShrinker(this.mapper, maxSpanBytes);
		this.values = new SpanValues(this.mapper, shrinker);
		OtlpEncoder spans = this.encoder;
		BatchWriter.Encoder<OtlpSpan> itemEncoder = new BatchWriter.Encoder<>() {

			@Override
			public void write(OtlpSpan span, OutputStream out) {
				spans.write(span, out);
			}

			@Override
			public EventShrinker.Shrunk<OtlpSpan> shrink(OtlpSpan span, byte[] json) {
				return shrinker.shrink(span, json, EventShrinker.SPAN_FIELDS, spans::encode);
			}

			@Override
			public int events(OtlpSpan span) {
				return span.events();
			}

		};
		this.writer = new BatchWriter<>(senders, outcomes, itemEncoder, this.encoder.prefix(), this.encoder.suffix(),
				this.maxBatch, this.maxBatchBytes, maxSpanBytes, this);
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
		if (this.writer.heldCount() + this.assembler.readyCount() + this.assembler.completeRoots() >= this.maxBatch
				|| this.writer.heldBytes() + this.assembler.readyBytes()
						+ this.assembler.completeRootBytes() >= this.maxBatchBytes) {
			// a full request's worth: the roots of complete traces go with it instead of
			// waiting for the tick
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
		// the ingestion transport's requests in flight are counted too: both share the
		// senders
		return this.assembler.pending() + this.writer.unsent() + this.senders.inFlightEvents();
	}

	// the requests in flight are the shared senders', which the ingestion transport
	// manages for both

	@Override
	public boolean awaitCapacity(long deadlineNanos) {
		return this.ingestion.awaitCapacity(deadlineNanos);
	}

	@Override
	public boolean awaitRequests(long deadlineNanos) {
		return this.ingestion.awaitRequests(deadlineNanos);
	}

	@Override
	public void cancelRequests(long deadlineNanos) {
		this.ingestion.cancelRequests(deadlineNanos);
	}

	/** The estimated bytes the span buffer holds. */
	long bufferedBytes() {
		return this.assembler.bufferedBytes();
	}

	@Override
	public int discardPending() {
		int discarded = this.assembler.discard() + this.writer.discardHeld();
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
		IngestionEvent prepared;
		SpanAssembler.Added added;
		try {
			prepared = this.values.prepare(event);
			added = this.assembler.add(prepared);
		}
		catch (RuntimeException ex) {
			// defensive: merging validated bodies should not fail; never lose the
			// accounting of an event
			this.outcomes.dropped(DropReason.SERIALIZATION, 1);
			logger.warn("Dropped Langfuse " + event.type() + " event " + LogText.safe(event.id(), LogText.NAME)
					+ " because it could not be merged into its span (" + LogText.of(ex) + ")");
			return;
		}
		switch (added) {
			case LATE -> late(prepared);
			case FULL -> full(prepared);
			case OVERSIZE -> tooLarge(prepared);
			default -> {
			}
		}
	}

	/** An event for an observation already exported: a span can be sent only once. */
	private void late(IngestionEvent event) {
		this.outcomes.rejected(1);
		String id = (event instanceof ObservationEvent observation) ? observation.body().id() : event.id();
		this.lateLog.warn(() -> "Langfuse " + event.type() + " event " + LogText.safe(event.id(), LogText.NAME)
				+ " arrived after observation " + LogText.safe(id, LogText.NAME)
				+ " was already exported as an OTLP span; a span can be sent only once, so the event is not sent"
				+ " and counted as rejected");
	}

	private void full(IngestionEvent event) {
		this.outcomes.dropped(DropReason.BUFFER_FULL, 1);
		SpanAssembler.Limits limits = this.assembler.limits();
		this.bufferLog.warn(() -> "Langfuse span buffer full (" + this.assembler.observationCount() + " of "
				+ limits.maxObservations() + " observations, " + this.assembler.traceCount() + " of "
				+ limits.maxTraces() + " traces, ~" + this.assembler.bufferedBytes() + " of " + limits.maxBytes()
				+ " bytes buffered; open observations and traces still waiting for their data); dropped " + event.type()
				+ " event " + LogText.safe(event.id(), LogText.NAME) + " (application unaffected)");
	}

	private static long estimate(IngestionEvent event) {
		if (event instanceof TraceCreate trace) {
			return SizeEstimate.of(trace.body());
		}
		return (event instanceof ObservationEvent observation) ? SizeEstimate.of(observation.body()) : 0;
	}

	/**
	 * An event larger than the whole span buffer, even with its input, output and
	 * metadata truncated.
	 */
	private void tooLarge(IngestionEvent event) {
		this.outcomes.dropped(DropReason.OVERSIZE, 1);
		this.bufferLog.warn(() -> "Dropped Langfuse " + event.type() + " event "
				+ LogText.safe(event.id(), LogText.NAME) + " because it takes ~" + estimate(event)
				+ " bytes even with input, output and metadata truncated, more than the whole span buffer ("
				+ this.assembler.limits().maxBytes() + " bytes); counted as oversize (application unaffected)");
	}

	/**
	 * The score with its trace and observation ids mapped like the exported spans' ids.
	 */
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
	 * Writes the spans held from the last export and then these, and sends them in
	 * requests of at most {@code max-batch} spans and {@code max-batch-bytes}. With
	 * {@code partial} {@code false} (an export because a request's worth is ready) a last
	 * request that is not full is not sent: its spans are held for the next export.
	 */
	private void export(List<OtlpSpan> spans, long deadlineNanos, boolean partial) {
		if (spans.isEmpty() && this.writer.heldCount() == 0) {
			return;
		}
		try {
			this.writer.write(spans, deadlineNanos);
			if (partial || this.writer.open() >= this.maxBatch) {
				this.writer.send(deadlineNanos);
			}
			else {
				// not full: the next export writes these spans again, ahead of its own (a
				// tick sends them at the latest)
				this.writer.hold();
			}
		}
		finally {
			this.writer.settle();
		}
	}

	/** Posts a complete body, gzipped if so configured. */
	@Override
	public HttpResult post(RequestBody request, long deadlineNanos) {
		if (!this.gzip) {
			return this.http.post(this.target, request, HEADERS, deadlineNanos);
		}
		return this.http.post(this.target, request.gzip(), GZIP_HEADERS, deadlineNanos);
	}

	/**
	 * Any answer but a 413 needs only the spans: success, or the whole request rejected
	 * or failed.
	 */
	@Override
	public boolean accounted(List<OtlpSpan> spans, HttpResult result) {
		account(spans, result);
		return true;
	}

	/** The answer to a part of a request that was split after a 413. */
	@Override
	public void answered(RequestBody request, List<Item<OtlpSpan>> chunk, HttpResult result, long deadlineNanos,
			int attempt) {
		List<OtlpSpan> spans = new ArrayList<>(chunk.size());
		for (Item<OtlpSpan> item : chunk) {
			spans.add(item.value());
		}
		account(spans, result);
	}

	@Override
	public void refused(Item<OtlpSpan> item, HttpResult result) {
		dropped(item.value(), "it is " + item.json().length + " bytes, refused by the server (HTTP 413)");
	}

	/** Accounts the answer (not a 413) to a request of these spans: counts and logs. */
	private void account(List<OtlpSpan> spans, HttpResult result) {
		int events = 0;
		for (OtlpSpan span : spans) {
			events += span.events();
		}
		if (result.isSuccess()) {
			this.responseLog.success();
			this.outcomes.sent(events);
			if (logger.isTraceEnabled()) {
				logger.trace("Langfuse accepted " + spans.size() + " spans (" + events + " events)");
			}
		}
		else if (result.status() == 400) {
			this.outcomes.rejected(events);
			this.responseLog.failure(this.target, result, events);
		}
		else if (result.isTransient()) {
			this.outcomes.failed(events, result.describe());
			this.responseLog.failure(this.target, result, events);
		}
		else {
			this.outcomes.rejected(events);
			this.responseLog.failure(this.target, result, events);
		}
	}

	@Override
	public void dropped(OtlpSpan span, String why) {
		this.dropLog.warn(() -> "Dropped Langfuse span " + LogText.safe(span.spanId(), LogText.NAME) + " ("
				+ LogText.safe(span.type(), LogText.NAME) + " '" + LogText.safe(span.name(), LogText.NAME) + "', "
				+ span.events() + " events) because " + why + "; the rest is sent");
	}

}
