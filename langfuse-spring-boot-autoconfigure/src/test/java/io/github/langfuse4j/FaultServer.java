package io.github.langfuse4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer.Recorded;
import io.github.langfuse4j.LoopbackServer.Response;

/**
 * A Langfuse look-alike on loopback that injects faults, request by request, and keeps a
 * ledger of what it acknowledged so that tests can check the client's accounting against
 * it.
 *
 * <p>
 * Each request gets a number; the fault for request {@code n} is drawn from the
 * configured weights with a {@link Random} seeded by {@code seed} and {@code n}, so a run
 * is reproducible as far as the order of requests is. Faults with a budget
 * ({@link Builder#limit}) stop once the budget is used up; then the request is answered
 * normally.
 *
 * <p>
 * <b>The ledger counts only answers the client can have seen.</b> A success answered at
 * once is recorded (before it is written, so that the ledger is complete when the client
 * has read it). Slow answers (beyond the client's read timeout), connection resets and
 * cut bodies are never recorded: the client cannot know them, so it may legitimately send
 * those events again. Tests therefore use a read timeout far above the time a normal
 * answer takes on loopback.
 */
public final class FaultServer implements AutoCloseable {

	/** What the server does with a request. */
	public enum Fault {

		/** Answers like Langfuse: 207 with every event 201, or 200 {} for OTLP. */
		OK,

		/** 500, 502, 503 or 504. */
		SERVER_ERROR,

		/** 429 with {@code Retry-After: 1}. */
		RATE_LIMITED,

		/**
		 * 413 for a request with more than one event or span (like a proxy's body limit).
		 */
		TOO_LARGE,

		/**
		 * Ingestion: 207 with per-event 201, 400, 500 and 429. OTLP: answered like
		 * {@link #OK}.
		 */
		MIXED_207,

		/** 200 or 207 with a body that is not JSON. */
		GARBAGE,

		/**
		 * 207 (200 for OTLP) with JSON cut in the middle (complete HTTP, broken JSON).
		 */
		TRUNCATED_JSON,

		/** A success answered after the client's read timeout. */
		SLOW,

		/** The connection is closed without an answer. */
		RESET,

		/** Success headers, then the connection closes in the middle of the body. */
		CUT_BODY

	}

	private final LoopbackServer server = new LoopbackServer();

	private final long seed;

	private final Map<Fault, Integer> weights;

	private final int totalWeight;

	private final Map<Fault, AtomicInteger> budgets;

	private final Duration slowDelay;

	private final AtomicLong requests = new AtomicLong();

	private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();

	/** Ingestion envelope id to the number of 201s the client saw for it. */
	private final Map<String, AtomicInteger> acknowledgedEvents = new ConcurrentHashMap<>();

	/**
	 * OTLP trace id / span id to the number of successful answers the client saw for a
	 * request holding it.
	 */
	private final Map<String, AtomicInteger> acknowledgedSpans = new ConcurrentHashMap<>();

	private final AtomicLong rejectedEvents = new AtomicLong();

	private FaultServer(Builder builder) {
		this.seed = builder.seed;
		this.weights = new EnumMap<>(builder.weights);
		this.totalWeight = this.weights.values().stream().mapToInt(Integer::intValue).sum();
		this.budgets = new EnumMap<>(Fault.class);
		builder.limits.forEach((fault, limit) -> this.budgets.put(fault, new AtomicInteger(limit)));
		this.slowDelay = builder.slowDelay;
		this.server.respond(LoopbackServer.INGESTION, this::answerIngestion);
		this.server.respond(LoopbackServer.OTLP, this::answerOtlp);
	}

	public static Builder builder() {
		return new Builder();
	}

	public String url() {
		return this.server.url();
	}

	public LoopbackServer server() {
		return this.server;
	}

	/**
	 * How many requests got each fault (faults out of budget count as {@link Fault#OK}).
	 */
	public Map<Fault, Integer> injected() {
		Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
		this.injected.forEach((fault, count) -> counts.put(fault, count.get()));
		return counts;
	}

	/**
	 * Ingestion events the client saw a 201 for, with how often; a correct client never
	 * sees two.
	 */
	public Map<String, Integer> acknowledgedEvents() {
		Map<String, Integer> copy = new java.util.HashMap<>();
		this.acknowledgedEvents.forEach((id, count) -> copy.put(id, count.get()));
		return copy;
	}

	/**
	 * OTLP spans ({@code traceId/spanId}) in requests the client saw succeed, with how
	 * often.
	 */
	public Map<String, Integer> acknowledgedSpans() {
		Map<String, Integer> copy = new java.util.HashMap<>();
		this.acknowledgedSpans.forEach((id, count) -> copy.put(id, count.get()));
		return copy;
	}

	/**
	 * Events the server acknowledged (each 201 and each span in a successful request,
	 * with repeats).
	 */
	public long acknowledged() {
		long events = this.acknowledgedEvents.values().stream().mapToLong(AtomicInteger::get).sum();
		return events + this.acknowledgedSpans.values().stream().mapToLong(AtomicInteger::get).sum();
	}

	/** Events answered with a per-event 400 in a 207 the client saw. */
	public long rejectedEvents() {
		return this.rejectedEvents.get();
	}

	private Fault next(Random random, int items) {
		int pick = random.nextInt(Math.max(1, this.totalWeight));
		Fault fault = Fault.OK;
		for (Map.Entry<Fault, Integer> entry : this.weights.entrySet()) {
			pick -= entry.getValue();
			if (pick < 0) {
				fault = entry.getKey();
				break;
			}
		}
		if (fault == Fault.TOO_LARGE && items < 2) {
			fault = Fault.OK;
		}
		AtomicInteger budget = this.budgets.get(fault);
		if (budget != null && budget.getAndDecrement() <= 0) {
			fault = Fault.OK;
		}
		this.injected.computeIfAbsent(fault, (f) -> new AtomicInteger()).incrementAndGet();
		return fault;
	}

	private Random random() {
		long n = this.requests.incrementAndGet();
		return new Random(this.seed * 1_000_003L + n);
	}

	private Response answerIngestion(Recorded request) {
		Random random = random();
		List<String> ids = request.eventIds();
		Fault fault = next(random, ids.size());
		switch (fault) {
			case OK:
				acknowledge(ids);
				return Response.json(207, LoopbackServer.allSucceeded(request));
			case MIXED_207:
				return mixed(random, ids);
			case GARBAGE:
				// a 2xx whose body cannot be read is a success for the whole request (see
				// the README)
				acknowledge(ids);
				return Response.text(random.nextBoolean() ? 200 : 207, "<html><body>Bad gateway? Nope.</body></html>");
			case TRUNCATED_JSON:
				acknowledge(ids);
				String succeeded = LoopbackServer.allSucceeded(request);
				return Response.json(207, succeeded.substring(0, succeeded.length() / 2));
			default:
				return fault(fault, random, LoopbackServer.allSucceeded(request), 207);
		}
	}

	private Response answerOtlp(Recorded request) {
		Random random = random();
		List<String> spans = spanKeys(request);
		Fault fault = next(random, spans.size());
		switch (fault) {
			case OK:
			case MIXED_207:
				acknowledgeSpans(spans);
				return Response.json(200, "{}");
			case GARBAGE:
				acknowledgeSpans(spans);
				return Response.text(200, "ok, I guess");
			case TRUNCATED_JSON:
				acknowledgeSpans(spans);
				return Response.json(200, "{\"partialSucc");
			default:
				return fault(fault, random, "{}", 200);
		}
	}

	private Response fault(Fault fault, Random random, String successBody, int successStatus) {
		return switch (fault) {
			case SERVER_ERROR -> {
				int[] statuses = { 500, 502, 503, 504 };
				yield Response.json(statuses[random.nextInt(statuses.length)], "{\"error\":\"Internal Server Error\"}");
			}
			case RATE_LIMITED -> Response.json(429, "{\"message\":\"rate limited\"}").withHeader("Retry-After", "1");
			case TOO_LARGE -> Response.text(413, "Body exceeded 4.5mb limit");
			// the answer comes after the client gave up: never counted as acknowledged
			case SLOW -> Response.json(successStatus, successBody).delayedBy(this.slowDelay);
			case RESET -> Response.connectionReset();
			case CUT_BODY -> Response.json(successStatus, successBody + "          ").cutAfter(5);
			default -> throw new IllegalStateException("unexpected fault " + fault);
		};
	}

	/** A 207 with a status per event: mostly 201, some 400, 500 and 429. */
	private Response mixed(Random random, List<String> ids) {
		StringBuilder successes = new StringBuilder();
		StringBuilder errors = new StringBuilder();
		List<String> acknowledged = new ArrayList<>();
		int rejected = 0;
		for (String id : ids) {
			int roll = random.nextInt(10);
			int status = (roll < 7) ? 201 : (roll == 7) ? 400 : (roll == 8) ? 500 : 429;
			if (status == 201) {
				acknowledged.add(id);
				successes.append((successes.length() > 0) ? "," : "")
					.append("{\"id\":\"")
					.append(id)
					.append("\",\"status\":201}");
			}
			else {
				rejected += (status == 400) ? 1 : 0;
				errors.append((errors.length() > 0) ? "," : "")
					.append("{\"id\":\"")
					.append(id)
					.append("\",\"status\":")
					.append(status)
					.append(",\"message\":\"")
					.append((status == 400) ? "Invalid request data" : "try again")
					.append("\"}");
			}
		}
		acknowledge(acknowledged);
		this.rejectedEvents.addAndGet(rejected);
		return Response.json(207, "{\"successes\":[" + successes + "],\"errors\":[" + errors + "]}");
	}

	private void acknowledge(List<String> ids) {
		for (String id : ids) {
			this.acknowledgedEvents.computeIfAbsent(id, (k) -> new AtomicInteger()).incrementAndGet();
		}
	}

	private void acknowledgeSpans(List<String> spans) {
		for (String span : spans) {
			this.acknowledgedSpans.computeIfAbsent(span, (k) -> new AtomicInteger()).incrementAndGet();
		}
	}

	/** {@code traceId/spanId} of every span of an OTLP request. */
	public static List<String> spanKeys(Recorded request) {
		List<String> keys = new ArrayList<>();
		for (JsonNode resourceSpans : TestJson.read(request.body()).path("resourceSpans")) {
			for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
				for (JsonNode span : scopeSpans.path("spans")) {
					keys.add(span.path("traceId").asString() + "/" + span.path("spanId").asString());
				}
			}
		}
		return keys;
	}

	@Override
	public void close() {
		this.server.close();
	}

	/** Configures a {@link FaultServer}. */
	public static final class Builder {

		private long seed = 42;

		private final Map<Fault, Integer> weights = new EnumMap<>(Fault.class);

		private final Map<Fault, Integer> limits = new EnumMap<>(Fault.class);

		private Duration slowDelay = Duration.ofSeconds(2);

		public Builder seed(long seed) {
			this.seed = seed;
			return this;
		}

		/**
		 * Adds a fault with a relative weight (add {@link Fault#OK} with a weight too).
		 */
		public Builder fault(Fault fault, int weight) {
			this.weights.put(fault, weight);
			return this;
		}

		/** Injects {@code fault} at most {@code times} times. */
		public Builder limit(Fault fault, int times) {
			this.limits.put(fault, times);
			return this;
		}

		/**
		 * How long a {@link Fault#SLOW} answer takes; must be well beyond the client's
		 * read timeout.
		 */
		public Builder slowDelay(Duration delay) {
			this.slowDelay = delay;
			return this;
		}

		public FaultServer build() {
			if (this.weights.isEmpty()) {
				this.weights.put(Fault.OK, 1);
			}
			return new FaultServer(this);
		}

	}

}
