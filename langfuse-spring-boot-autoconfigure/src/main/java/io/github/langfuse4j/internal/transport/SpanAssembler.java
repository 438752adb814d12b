package io.github.langfuse4j.internal.transport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.ingest.model.TraceCreate;

/**
 * Turns observation and trace events into spans, each exported exactly once, after it is
 * complete.
 *
 * <p>
 * <b>Observations.</b> Create and update events with the same observation id are merged
 * (later fields win, absent fields keep earlier values). An observation is complete when
 * it has an end time; an {@code event-create} is complete at once. A complete observation
 * is released as soon as its trace's {@code trace-create} has been seen (so that it
 * carries the trace attributes and hangs below the trace's root span), or at the first
 * {@linkplain #takeDue tick} at least {@link Limits#traceDataWait()} after it completed,
 * without trace data. An observation that never completes is released as it is (end =
 * start) at the first tick {@link Limits#openMaxAge()} after its first event, and at
 * shutdown.
 *
 * <p>
 * <b>Traces.</b> {@code trace-create} events are merged per trace id
 * ({@link BodyMerge#trace}). The trace's root span is released at the first tick at which
 * the trace's data has been seen and none of its observations is open (or
 * {@link Limits#rootWait()} after the data was first seen, or at shutdown), or earlier,
 * when the caller {@linkplain #releaseCompleteRoots() releases complete roots} (the OTLP
 * transport does so once they and the released spans fill a request). It starts at the
 * trace's {@code timestamp} (else at the earliest of its first event and its
 * observations' starts) and ends at the latest envelope timestamp of its
 * {@code trace-create} events (the tracing API stamps the event with the trace's end),
 * never before its start. A trace without a name gets a root with an empty name, so that
 * it acquires none. Observations of the trace released after its root keep getting the
 * trace attributes and the root as parent.
 *
 * <p>
 * <b>Root ids.</b> A synthetic root gets a span id made of the trace id, a random nonce
 * made once per assembler, a sequence number and the envelope id of the first
 * {@code trace-create} merged into it ({@link OtlpIds}), so that two exporters continuing
 * one trace never send clashing span ids. A trace whose body names a root observation
 * ({@link TraceBody#rootObservationId()}, a lone observation of the tracing API) has no
 * synthetic root: that observation's span, parentless, becomes the trace's root and
 * carries the trace's data. If that observation was already released when the trace data
 * came, or is still open when the root is due, a synthetic root is made after all.
 *
 * <p>
 * <b>Once only.</b> The ids of released observations and traces are remembered
 * ({@link ExportedSpans}: bounded, oldest forgotten first). An event that arrives for an
 * observation already released cannot be sent without duplicating the span on Langfuse
 * v4: {@link #add} answers {@link Added#LATE}, and the caller counts it as
 * <em>rejected</em>. A {@code trace-create} that arrives after its trace's root was
 * released starts a further root span of its own (a new id), carrying what it set merged
 * over the remembered trace attributes (not the earlier input and output), so that what
 * it set is not lost.
 *
 * <p>
 * <b>Bounds.</b> At most {@link Limits#maxObservations()} observations,
 * {@link Limits#maxTraces()} traces and {@link Limits#maxBytes()} estimated bytes
 * ({@link SizeEstimate}) are buffered. When a new event does not fit, the roots of traces
 * whose data has come and none of whose observations is open are released early (they
 * would leave at the next tick anyway), then the oldest complete observations still
 * waiting for their trace data; after {@link #shuttingDown()} also the oldest open
 * observations, as they are. If that is not enough, the event is not kept
 * ({@link Added#FULL}, counted by the caller as {@link DropReason#BUFFER_FULL}). An event
 * larger than the whole buffer on its own (its oversized fields are truncated before it
 * gets here, see {@link SpanValues}) is not kept either ({@link Added#OVERSIZE}). The
 * estimate is exact for text; the OTLP transport hands in events whose structured values
 * are already JSON text, so the bound holds for every value type.
 *
 * <p>
 * A plain data structure: it neither counts outcomes nor logs, and its time is the
 * injected clock's, so that every wait ({@link ReleasePolicy}) and bound is testable
 * without a server or sleeping. Used by one thread at a time, except {@link #pending()},
 * which any thread may read.
 */
final class SpanAssembler {

	/**
	 * The name of the root of a trace without a name: empty, so that Langfuse v4 takes no
	 * trace name from it.
	 */
	private static final String UNNAMED_ROOT = "";

	private final Limits limits;

	private final ReleasePolicy policy;

	private final LongSupplier nanoTime;

	/**
	 * Made once per assembler (per exporter), so that root span ids of two exporters
	 * never clash.
	 */
	private final String nonce = UUID.randomUUID().toString();

	/** Numbers the synthetic roots of this assembler. */
	private long rootSequence;

	/**
	 * Buffered observations (open or complete and waiting), in order of their first
	 * event.
	 */
	private final LinkedHashMap<String, BufferedObservation> observations = new LinkedHashMap<>();

	/** Complete observations waiting for their trace data, in order of completion. */
	private final LinkedHashMap<String, BufferedObservation> waiting = new LinkedHashMap<>();

	private final Map<String, BufferedTrace> traces = new HashMap<>();

	/** Observation ids and trace attributes already exported. */
	private final ExportedSpans exported;

	/**
	 * Released observations, turned into spans when taken (so that they get the latest
	 * trace data).
	 */
	private final List<BufferedObservation> ready = new ArrayList<>();

	/** Released root spans. */
	private final List<OtlpSpan> readyRoots = new ArrayList<>();

	/**
	 * Traces whose root could leave now: their data has come, the root is not released
	 * and none of their observations is buffered. In the order they became complete; kept
	 * up to date by {@link #updateComplete}.
	 */
	private final LinkedHashSet<BufferedTrace> complete = new LinkedHashSet<>();

	/** The estimated bytes of the traces in {@link #complete}. */
	private long completeBytes;

	private long bufferedBytes;

	private int readyEvents;

	private long readyBytes;

	private volatile int pendingEvents;

	/**
	 * Set when the shutdown has begun: everything held may be released early to make
	 * room.
	 */
	private boolean shuttingDown;

	/**
	 * Creates an empty buffer.
	 * @param limits the bounds and waits
	 * @param nanoTime the clock, {@link System#nanoTime()} outside tests
	 */
	SpanAssembler(Limits limits, LongSupplier nanoTime) {
		this.limits = limits;
		this.policy = new ReleasePolicy(limits.traceDataWait(), limits.rootWait(), limits.openMaxAge());
		this.exported = new ExportedSpans(limits.rememberedObservations(), limits.rememberedTraces(),
				limits.rememberedTraceBytes());
		this.nanoTime = nanoTime;
	}

	/**
	 * Takes in a trace or observation event. An event that is not kept
	 * ({@link Added#LATE}, {@link Added#FULL}, {@link Added#OVERSIZE}) is the caller's to
	 * count and log.
	 * @param event a {@link TraceCreate} or an {@link ObservationEvent}
	 * @return what became of it
	 */
	Added add(IngestionEvent event) {
		if (event instanceof TraceCreate trace) {
			return addTrace(trace);
		}
		else if (event instanceof ObservationEvent observation) {
			return addObservation(observation);
		}
		else {
			throw new IllegalArgumentException("not a trace or observation event: " + event.type());
		}
	}

	/**
	 * The spans released since the last call: complete observations whose trace data is
	 * known, and observations released early to make room. Their events stop counting as
	 * {@link #pending()}.
	 * @return the spans, for the caller to export; never {@code null}
	 */
	List<OtlpSpan> takeReady() {
		if (this.ready.isEmpty() && this.readyRoots.isEmpty()) {
			return List.of();
		}
		List<OtlpSpan> spans = new ArrayList<>(this.ready.size() + this.readyRoots.size());
		for (BufferedObservation observation : this.ready) {
			spans.add(toSpan(observation));
		}
		spans.addAll(this.readyRoots);
		this.ready.clear();
		this.readyRoots.clear();
		this.pendingEvents -= this.readyEvents;
		this.readyEvents = 0;
		this.readyBytes = 0;
		return spans;
	}

	/**
	 * How many spans are released and not yet taken.
	 * @return the number of spans
	 */
	int readyCount() {
		return this.ready.size() + this.readyRoots.size();
	}

	/**
	 * How many traces are complete (their data came, none of their observations is
	 * buffered) and their root not yet released: roots that
	 * {@link #releaseCompleteRoots()} would release.
	 * @return the number of traces
	 */
	int completeRoots() {
		return this.complete.size();
	}

	/**
	 * The estimated size of the roots that {@link #releaseCompleteRoots()} would release.
	 * @return the estimate in bytes
	 */
	long completeRootBytes() {
		return this.completeBytes;
	}

	/**
	 * The estimated size of the released spans not yet taken.
	 * @return the estimate in bytes
	 */
	long readyBytes() {
		return this.readyBytes;
	}

	/**
	 * A tick (every flush interval, on flush, at shutdown): releases what is due by time,
	 * and the root spans of traces whose observations are all complete.
	 * @param force {@code true} at shutdown: release everything, complete or not
	 * @return the spans to export
	 */
	List<OtlpSpan> takeDue(boolean force) {
		long now = this.nanoTime.getAsLong();
		for (Iterator<BufferedObservation> it = this.waiting.values().iterator(); it.hasNext();) {
			BufferedObservation observation = it.next();
			if (!this.policy.waitedForTraceData(observation.completedNanos, now, force)) {
				break;
			}
			it.remove();
			release(observation);
		}
		Set<String> openTraces = new HashSet<>();
		for (Iterator<BufferedObservation> it = this.observations.values().iterator(); it.hasNext();) {
			BufferedObservation observation = it.next();
			if (observation.completedNanos >= 0) {
				continue;
			}
			if (this.policy.openTooLong(observation.firstSeenNanos, now, force)) {
				it.remove();
				release(observation);
			}
			else {
				openTraces.add(observation.traceKey);
			}
		}
		List<BufferedTrace> roots = new ArrayList<>();
		for (BufferedTrace trace : this.traces.values()) {
			if (trace.body != null && !trace.rootExported
					&& this.policy.rootDue(trace.seenNanos, openTraces.contains(trace.key), now, force)) {
				roots.add(trace);
			}
		}
		for (BufferedTrace trace : roots) {
			releaseRoot(trace);
		}
		return takeReady();
	}

	/**
	 * The bounds and waits.
	 * @return the limits
	 */
	Limits limits() {
		return this.limits;
	}

	/**
	 * How many observations are buffered (open, or complete and waiting for their trace's
	 * data).
	 * @return the number of observations
	 */
	int observationCount() {
		return this.observations.size();
	}

	/**
	 * How many traces are buffered (with data or buffered observations).
	 * @return the number of traces
	 */
	int traceCount() {
		return this.traces.size();
	}

	/**
	 * The shutdown has begun: from now on, open observations are released early too when
	 * the buffer is full.
	 */
	void shuttingDown() {
		this.shuttingDown = true;
	}

	/**
	 * The estimated bytes of what is buffered (not counting released spans not yet
	 * taken).
	 * @return the estimate, at most {@link Limits#maxBytes()}
	 */
	long bufferedBytes() {
		return this.bufferedBytes;
	}

	/**
	 * Events held back (buffered or released but not taken) and not yet reported. Safe to
	 * read from any thread.
	 * @return how many
	 */
	int pending() {
		return this.pendingEvents;
	}

	/**
	 * Forgets everything held back (at the end of a shutdown), without reporting it.
	 * @return how many events were held back
	 */
	int discard() {
		int discarded = this.pendingEvents;
		this.observations.clear();
		this.waiting.clear();
		this.traces.clear();
		this.ready.clear();
		this.readyRoots.clear();
		this.complete.clear();
		this.completeBytes = 0;
		this.readyEvents = 0;
		this.readyBytes = 0;
		this.bufferedBytes = 0;
		this.pendingEvents = 0;
		return discarded;
	}

	private Added addTrace(TraceCreate event) {
		TraceBody body = event.body();
		String key = body.id();
		long bytes = SizeEstimate.of(body);
		if (bytes > this.limits.maxBytes()) {
			return Added.OVERSIZE;
		}
		if (!makeRoom(0, this.traces.containsKey(key) ? 0 : 1, bytes)) {
			return Added.FULL;
		}
		// looked up after making room, which may have released the trace's last buffered
		// observation
		BufferedTrace trace = this.traces.computeIfAbsent(key, BufferedTrace::new);
		boolean first = trace.body == null || trace.rootExported;
		if (first) {
			startRoot(trace, event);
		}
		else {
			trace.body = BodyMerge.trace(trace.body, body);
			if (event.timestamp().isBefore(trace.firstEventTimestamp)) {
				trace.firstEventTimestamp = event.timestamp();
			}
			if (event.timestamp().isAfter(trace.latestEventTimestamp)) {
				trace.latestEventTimestamp = event.timestamp();
			}
		}
		trace.events++;
		trace.bytes += bytes;
		this.bufferedBytes += bytes;
		this.pendingEvents++;
		if (first) {
			for (BufferedObservation observation : new ArrayList<>(trace.waiting)) {
				this.waiting.remove(observation.id);
				release(observation);
			}
		}
		updateComplete(trace);
		return first ? Added.BUFFERED : Added.MERGED;
	}

	/**
	 * Starts a root for the first {@code trace-create} of a trace, or for one that
	 * arrives after the trace's root was released: then the new root carries the
	 * remembered trace attributes with the new event's fields merged over them.
	 */
	private void startRoot(BufferedTrace trace, TraceCreate event) {
		TraceBody body = event.body();
		TraceBody earlier = trace.rootExported ? trace.body : null;
		if (earlier == null && trace.body == null) {
			ExportedSpans.Trace remembered = this.exported.trace(trace.key);
			earlier = (remembered != null) ? remembered.body() : null;
		}
		trace.body = (earlier != null) ? BodyMerge.trace(earlier, body) : body;
		trace.rootExported = false;
		trace.seenNanos = this.nanoTime.getAsLong();
		trace.firstEventId = event.id();
		trace.firstEventTimestamp = event.timestamp();
		trace.latestEventTimestamp = event.timestamp();
		if (earlier != null) {
			trace.earliestStart = null;
		}
		String rootObservation = body.rootObservationId();
		if (earlier == null && rootObservation != null && !this.exported.isExported(rootObservation)) {
			trace.rootObservationId = rootObservation;
			trace.rootSpanId = OtlpIds.spanId(rootObservation);
		}
		else {
			trace.rootObservationId = null;
			trace.rootSpanId = syntheticRootId(trace);
		}
	}

	private String syntheticRootId(BufferedTrace trace) {
		return OtlpIds.rootSpanId(OtlpIds.traceId(trace.key), this.nonce, this.rootSequence++, trace.firstEventId);
	}

	private Added addObservation(ObservationEvent event) {
		ObservationBody body = event.body();
		String id = body.id();
		if (this.exported.isExported(id)) {
			return Added.LATE;
		}
		long bytes = SizeEstimate.of(body);
		if (bytes > this.limits.maxBytes()) {
			return Added.OVERSIZE;
		}
		BufferedObservation observation = this.observations.get(id);
		Added added = (observation != null) ? Added.MERGED : Added.BUFFERED;
		if (observation == null) {
			String traceKey = traceKey(body);
			int newTraces = this.traces.containsKey(traceKey) ? 0 : 1;
			if (!makeRoom(1, newTraces, bytes)) {
				return Added.FULL;
			}
			observation = new BufferedObservation(id, event.observationType(), event.isUpdate(), body,
					event.timestamp(), this.nanoTime.getAsLong());
			this.observations.put(id, observation);
			attach(observation, traceKey);
		}
		else {
			if (!makeRoom(0, 0, bytes) || this.observations.get(id) == null) {
				// making room may have released this very observation; then the event is
				// late
				return (this.observations.get(id) == null) ? Added.LATE : Added.FULL;
			}
			observation.body = BodyMerge.observation(observation.body, body);
			if (!event.isUpdate() || observation.typeFromUpdate) {
				// a create event decides the type; an update only until a create arrives
				observation.type = event.observationType();
				observation.typeFromUpdate = event.isUpdate();
			}
			String traceKey = traceKey(observation.body);
			if (!traceKey.equals(observation.traceKey)) {
				detach(observation);
				attach(observation, traceKey);
			}
		}
		observation.events++;
		observation.bytes += bytes;
		this.bufferedBytes += bytes;
		this.pendingEvents++;
		BufferedTrace trace = this.traces.get(observation.traceKey);
		trace.observed(observation.body);
		if (observation.completedNanos < 0 && isComplete(observation)) {
			observation.completedNanos = this.nanoTime.getAsLong();
			if (traceData(observation.traceKey) != null) {
				this.observations.remove(id);
				release(observation);
			}
			else {
				this.waiting.put(id, observation);
				trace.waiting.add(observation);
			}
		}
		return added;
	}

	/**
	 * Makes room for new buffered entries by releasing the roots of complete traces, then
	 * the oldest observations that wait for trace data, and at shutdown the oldest open
	 * observations.
	 * @return whether the entries fit now
	 */
	private boolean makeRoom(int newObservations, int newTraces, long bytes) {
		if (!fits(newObservations, newTraces, bytes)) {
			// first what costs nothing: complete traces would leave at the next tick
			// anyway, while an observation released before its trace data comes leaves
			// without the trace's attributes and parent
			releaseCompleteRoots();
		}
		while (!fits(newObservations, newTraces, bytes) && !this.waiting.isEmpty()) {
			Iterator<BufferedObservation> it = this.waiting.values().iterator();
			BufferedObservation oldest = it.next();
			it.remove();
			release(oldest);
		}
		while (this.shuttingDown && !fits(newObservations, newTraces, bytes) && !this.observations.isEmpty()) {
			Iterator<BufferedObservation> it = this.observations.values().iterator();
			BufferedObservation oldest = it.next();
			it.remove();
			release(oldest);
			releaseCompleteRoots();
		}
		return fits(newObservations, newTraces, bytes);
	}

	/**
	 * Releases the roots of traces whose data has come and that have no buffered
	 * observation (they would leave at the next tick anyway), oldest complete first.
	 * Costs only the roots it releases.
	 */
	void releaseCompleteRoots() {
		if (this.complete.isEmpty()) {
			return;
		}
		for (BufferedTrace trace : new ArrayList<>(this.complete)) {
			releaseRoot(trace);
		}
	}

	/** Puts the trace into {@link #complete} or takes it out, with its current bytes. */
	private void updateComplete(BufferedTrace trace) {
		if (trace.completeBytes >= 0) {
			this.complete.remove(trace);
			this.completeBytes -= trace.completeBytes;
			trace.completeBytes = -1;
		}
		if (trace.body != null && !trace.rootExported && trace.buffered == 0) {
			this.complete.add(trace);
			this.completeBytes += trace.bytes;
			trace.completeBytes = trace.bytes;
		}
	}

	private boolean fits(int newObservations, int newTraces, long bytes) {
		return this.observations.size() + newObservations <= this.limits.maxObservations()
				&& this.traces.size() + newTraces <= this.limits.maxTraces()
				&& this.bufferedBytes + bytes <= this.limits.maxBytes();
	}

	private void attach(BufferedObservation observation, String traceKey) {
		observation.traceKey = traceKey;
		BufferedTrace trace = this.traces.computeIfAbsent(traceKey, BufferedTrace::new);
		trace.buffered++;
		if (observation.completedNanos >= 0 && this.waiting.containsKey(observation.id)) {
			trace.waiting.add(observation);
		}
		updateComplete(trace);
	}

	private void detach(BufferedObservation observation) {
		BufferedTrace trace = this.traces.get(observation.traceKey);
		if (trace == null) {
			return;
		}
		trace.buffered--;
		trace.waiting.remove(observation);
		updateComplete(trace);
		if (trace.buffered == 0 && (trace.body == null || trace.rootExported)) {
			this.traces.remove(trace.key);
		}
	}

	/**
	 * Releases a buffered observation for export; the caller has removed it from the maps
	 * it iterates.
	 */
	private void release(BufferedObservation observation) {
		BufferedTrace trace = this.traces.get(observation.traceKey);
		if (trace != null && trace.body != null && !trace.rootExported
				&& observation.id.equals(trace.rootObservationId)) {
			// the trace's root observation: its span carries the trace's data and stands
			// for the trace's events
			observation.rootOf = trace.body;
			observation.events += trace.events;
			observation.bytes += trace.bytes;
			trace.events = 0;
			trace.bytes = 0;
			rootReleased(trace);
		}
		this.observations.remove(observation.id);
		this.waiting.remove(observation.id);
		detach(observation);
		this.bufferedBytes -= observation.bytes;
		this.readyEvents += observation.events;
		this.readyBytes += observation.bytes;
		this.exported.observation(observation.id);
		this.ready.add(observation);
	}

	/** The span of a released observation, with the trace data known now. */
	private OtlpSpan toSpan(BufferedObservation observation) {
		ObservationBody body = observation.body;
		TraceBody traceData = (observation.rootOf != null) ? observation.rootOf : traceData(observation.traceKey);
		String traceId = OtlpIds.traceId(observation.traceKey);
		String parent;
		if (body.parentObservationId() != null) {
			parent = OtlpIds.spanId(body.parentObservationId());
		}
		else {
			parent = (traceData != null && observation.rootOf == null) ? rootSpanId(observation.traceKey) : null;
		}
		Instant start = (body.startTime() != null) ? body.startTime() : observation.firstEventTimestamp;
		Instant end = (observation.type == ObservationType.EVENT || body.endTime() == null) ? start : body.endTime();
		String name = (body.name() != null) ? body.name() : observation.type.wireName();
		return new OtlpSpan(traceId, OtlpIds.spanId(observation.id), parent, name, observation.type.wireName(), start,
				end, body, traceData, observation.events);
	}

	private void releaseRoot(BufferedTrace trace) {
		TraceBody body = trace.body;
		if (trace.rootObservationId != null) {
			// the root observation is still open (or never came): a synthetic root after
			// all
			trace.rootObservationId = null;
			trace.rootSpanId = syntheticRootId(trace);
		}
		String traceId = OtlpIds.traceId(trace.key);
		Instant start = body.timestamp();
		if (start == null) {
			start = trace.firstEventTimestamp;
			if (trace.earliestStart != null && trace.earliestStart.isBefore(start)) {
				start = trace.earliestStart;
			}
		}
		Instant end = trace.latestEventTimestamp.isAfter(start) ? trace.latestEventTimestamp : start;
		String name = (body.name() != null) ? body.name() : UNNAMED_ROOT;
		this.readyRoots.add(new OtlpSpan(traceId, trace.rootSpanId, null, name, ObservationType.SPAN.wireName(), start,
				end, null, body, trace.events));
		this.readyEvents += trace.events;
		this.readyBytes += trace.bytes;
		this.bufferedBytes -= trace.bytes;
		trace.events = 0;
		trace.bytes = 0;
		rootReleased(trace);
		updateComplete(trace);
		if (trace.buffered == 0) {
			this.traces.remove(trace.key);
		}
	}

	/**
	 * Keeps only the trace attributes of a trace whose root was released, and remembers
	 * them.
	 */
	private void rootReleased(BufferedTrace trace) {
		TraceBody attributes = trace.body.toBuilder()
			.input(null)
			.output(null)
			.timestamp(null)
			.rootObservationId(null)
			.build();
		trace.body = attributes;
		trace.rootExported = true;
		trace.rootObservationId = null;
		this.exported.trace(trace.key, attributes, trace.rootSpanId);
	}

	/**
	 * The span id of the root of a trace whose data is known (see {@link #traceData}).
	 */
	private String rootSpanId(String traceKey) {
		BufferedTrace trace = this.traces.get(traceKey);
		if (trace != null && trace.body != null) {
			return trace.rootSpanId;
		}
		ExportedSpans.Trace remembered = this.exported.trace(traceKey);
		return (remembered != null) ? remembered.rootSpanId() : null;
	}

	/**
	 * The trace data known for a trace: buffered, or remembered after its root was
	 * exported.
	 */
	private TraceBody traceData(String traceKey) {
		BufferedTrace trace = this.traces.get(traceKey);
		if (trace != null && trace.body != null) {
			return trace.body;
		}
		ExportedSpans.Trace remembered = this.exported.trace(traceKey);
		return (remembered != null) ? remembered.body() : null;
	}

	private static String traceKey(ObservationBody body) {
		return (body.traceId() != null) ? body.traceId() : body.id();
	}

	private static boolean isComplete(BufferedObservation observation) {
		return observation.type == ObservationType.EVENT || observation.body.endTime() != null;
	}

	/**
	 * The bounds and waits of the assembler.
	 *
	 * @param maxObservations most observations buffered
	 * @param maxTraces most traces buffered (with data or buffered observations)
	 * @param maxBytes most estimated bytes of buffered bodies
	 * @param traceDataWait how long a complete observation waits for its trace's data
	 * @param rootWait how long a trace's root waits for the trace's open observations
	 * @param openMaxAge how long an observation may stay open before it is exported as it
	 * is
	 * @param rememberedObservations how many exported observation ids are remembered
	 * @param rememberedTraces how many exported traces are remembered
	 * @param rememberedTraceBytes most estimated bytes of remembered trace attributes
	 */
	record Limits(int maxObservations, int maxTraces, long maxBytes, Duration traceDataWait, Duration rootWait,
			Duration openMaxAge, int rememberedObservations, int rememberedTraces, long rememberedTraceBytes) {

		/** The limits the OTLP transport uses. */
		static final Limits DEFAULT = new Limits(10_000, 10_000, 32L << 20, Duration.ofSeconds(30),
				Duration.ofSeconds(30), Duration.ofMinutes(5), 50_000, 10_000, 8L << 20);

	}

	/** What became of an event given to {@link #add}. */
	enum Added {

		/**
		 * Buffered: the first event of its observation or trace (or of a further root of
		 * an exported trace).
		 */
		BUFFERED,

		/** Merged into its buffered observation or trace. */
		MERGED,

		/**
		 * Not kept: its observation was already exported, and a span can be sent only
		 * once. The caller counts it as rejected.
		 */
		LATE,

		/**
		 * Not kept: the buffer is full. The caller counts it as dropped
		 * ({@link DropReason#BUFFER_FULL}).
		 */
		FULL,

		/**
		 * Not kept: it alone is larger than the whole buffer. The caller counts it as
		 * dropped ({@link DropReason#OVERSIZE}).
		 */
		OVERSIZE

	}

}
