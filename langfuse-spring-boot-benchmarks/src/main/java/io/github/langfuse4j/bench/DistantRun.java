package io.github.langfuse4j.bench;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;

/**
 * The distant-server benchmark: the highest offered rate each exporter sustains with zero
 * loss against a {@link DelayedServer} that answers every POST after a fixed delay (a
 * Langfuse 100-300 ms away).
 *
 * <p>
 * Producer threads, paced in 1 ms slices, offer "units" of two items: a trace and its
 * generation (about 1 KB of input and 1 KB of output, different text per event): for the
 * starter a {@code trace-create} and a {@code generation-create} given to
 * {@link LangfuseIngest#enqueue} (2 events, 2 spans in OTLP mode), for OpenTelemetry a
 * root span and a child span with the same attributes as strings, through the SDK tracer
 * into a {@link BatchSpanProcessor} with an {@link OtlpHttpSpanExporter}, both at their
 * defaults. A step offers a rate for a fixed time, then drains (the starter's
 * {@code flush}, OpenTelemetry's {@code forceFlush}) and closes. It passes when the
 * server received every item offered (nothing dropped, failed or rejected), when at the
 * end of the offering the backlog (offered minus received) was no more than
 * {@code 1 s + 2 delays} of production (a flush interval and a request in flight), and
 * when the backlog's floor (its minimum over one second, sampled every 20 ms) grew
 * between the middle and the end of the step by no more than {@value #GROWTH} of what the
 * second half offered: so a rate that a large queue only absorbed for the few seconds of
 * a step does not pass. The knee is searched by doubling, then bisection to
 * {@value #RESOLUTION}.
 *
 * <p>
 * Usage ({@code bash langfuse-spring-boot-benchmarks/distant.sh} builds and runs it):
 * <pre>
 * java -cp benchmarks.jar io.github.langfuse4j.bench.DistantRun [--delays 100,300] [--step-seconds 5]
 *     [--producers 2] [--setup NAME[:key=value,...]]... [--set key=value]... [--rate EVENTS_PER_S]
 * </pre> A setup named {@code otel} is OpenTelemetry's peer; any other is the starter,
 * configured by its {@code langfuse.*} settings (without the prefix, kebab-case:
 * {@code protocol=otlp,max-batch=1000}), applied to {@link IngestConfig.Builder} by
 * reflection, so a setting the builder gains later (requests in flight, compression) is
 * usable here without changing this class. {@code --set} adds a setting to every starter
 * setup. {@code --rate} runs one step per setup at that rate instead of searching.
 */
public final class DistantRun {

	static final double RESOLUTION = 1.12;

	/**
	 * The backlog's floor may grow by this share of what the second half of a step
	 * offered.
	 */
	static final double GROWTH = 0.1;

	private DistantRun() {
	}

	private static final AttributeKey<String> TYPE = AttributeKey.stringKey("langfuse.observation.type");

	private static final AttributeKey<String> INPUT = AttributeKey.stringKey("langfuse.observation.input");

	private static final AttributeKey<String> OUTPUT = AttributeKey.stringKey("langfuse.observation.output");

	private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");

	private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

	private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

	private static final AttributeKey<String> TRACE_NAME = AttributeKey.stringKey("langfuse.trace.name");

	private static final AttributeKey<String> USER = AttributeKey.stringKey("user.id");

	private static final AttributeKey<String> SESSION = AttributeKey.stringKey("session.id");

	/**
	 * Distinct texts the producers cycle through (2 MB): different text per event within
	 * any request.
	 */
	private static final int TEXTS = 1024;

	private static final String[] INPUTS = new String[TEXTS];

	private static final String[] OUTPUTS = new String[TEXTS];

	private static final String[] INPUT_JSON = new String[TEXTS];

	static {
		for (int i = 0; i < TEXTS; i++) {
			INPUTS[i] = Events.variedText(2L * i, 1024);
			OUTPUTS[i] = Events.variedText(2L * i + 1, 1024);
			INPUT_JSON[i] = "[{\"role\":\"user\",\"content\":\"" + INPUTS[i] + "\"}]";
		}
	}

	/** What a step offers items to. */
	interface Subject extends AutoCloseable {

		/** Offers one unit (2 items); called by several producer threads. */
		void unit(int index);

		/** Sends what is held, within a bound. */
		void drain();

		/**
		 * Items the exporter itself counted as lost (dropped, failed, rejected), or -1 if
		 * it does not say.
		 */
		long lost();

		String detail();

		@Override
		void close();

	}

	/** A named exporter configuration. */
	record Setup(String name, Map<String, String> settings) {

		boolean otel() {
			return this.name.startsWith("otel");
		}

		/** Events per request by this setup's batch rule (for the first guess only). */
		int batch() {
			return otel() ? 512 : Integer.parseInt(this.settings.getOrDefault("max-batch", "100"));
		}

		Subject start(String url) {
			return otel() ? new OtelSubject(url) : new StarterSubject(url, this.settings);
		}

	}

	record Step(double rate, boolean pass, String summary, String detail) {

	}

	public static void main(String[] args) throws Exception {
		List<Long> delays = List.of(100L, 300L);
		int stepSeconds = 5;
		int producers = 2;
		double fixedRate = 0;
		List<Setup> setups = new ArrayList<>();
		Map<String, String> common = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String value = args[++i];
			switch (args[i - 1]) {
				case "--delays" -> delays = java.util.Arrays.stream(value.split(",")).map(Long::valueOf).toList();
				case "--step-seconds" -> stepSeconds = Integer.parseInt(value);
				case "--producers" -> producers = Integer.parseInt(value);
				case "--rate" -> fixedRate = Double.parseDouble(value);
				case "--set" -> common.putAll(settings(value));
				case "--setup" -> {
					int colon = value.indexOf(':');
					setups.add(new Setup((colon < 0) ? value : value.substring(0, colon),
							(colon < 0) ? Map.of() : settings(value.substring(colon + 1))));
				}
				default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
			}
		}
		if (setups.isEmpty()) {
			setups.add(new Setup("otlp-default", settings("protocol=otlp")));
			setups.add(new Setup("ingestion-default", settings("protocol=ingestion")));
			setups.add(new Setup("otlp-best", settings(BEST)));
			setups.add(new Setup("ingestion-best", settings(BEST_INGESTION)));
			setups.add(new Setup("otel", Map.of()));
		}
		List<Setup> all = new ArrayList<>();
		for (Setup setup : setups) {
			Map<String, String> merged = new LinkedHashMap<>(setup.settings());
			if (!setup.otel()) {
				common.forEach(merged::putIfAbsent);
			}
			all.add(new Setup(setup.name(), merged));
		}
		System.out.printf(Locale.ROOT,
				"# distant server: %d cores, %s, load average %.2f, producers %d, steps of %d s%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), loadAverage(),
				producers, stepSeconds);
		warmUp(all, producers);
		List<String> table = new ArrayList<>();
		for (long delay : delays) {
			try (DelayedServer server = new DelayedServer(delay)) {
				for (Setup setup : all) {
					lastFail = null;
					Step knee = (fixedRate > 0) ? step(server, setup, fixedRate, stepSeconds, producers, delay)
							: knee(server, setup, stepSeconds, producers, delay);
					table.add(String.format(Locale.ROOT, "| %d ms | %s | %s | %,.0f | %s | %s | %.2f |", delay,
							setup.name(), describe(setup), (knee != null) ? knee.rate() : 0,
							(knee != null) ? knee.summary() : "no rate passed",
							(lastFail != null)
									? String.format(Locale.ROOT, "%,.0f: %s", lastFail.rate(), lastFail.summary()) : "",
							loadAverage()));
				}
			}
		}
		System.out.println();
		System.out.println("| Delay | Setup | Settings | Knee (events/s, zero loss) | At the knee | First failing rate "
				+ "| Load average |");
		System.out.println("|---|---|---|---:|---|---|---:|");
		table.forEach(System.out::println);
		System.out.println();
		System.out.println(io.github.langfuse4j.internal.transport.GzipBenchmark.sizes());
	}

	/**
	 * The best settings found on the code of issue 13 (one request in flight): big
	 * batches, a big queue.
	 */
	static final String BEST = "protocol=otlp,max-batch=2000,queue-capacity=50000";

	/** The same for the ingestion protocol. */
	static final String BEST_INGESTION = "protocol=ingestion,max-batch=2000,queue-capacity=50000";

	private static String describe(Setup setup) {
		if (setup.otel()) {
			return "BatchSpanProcessor + OtlpHttpSpanExporter, defaults";
		}
		return setup.settings()
			.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + e.getValue())
			.reduce((a, b) -> a + ", " + b)
			.orElse("defaults");
	}

	private static Map<String, String> settings(String text) {
		Map<String, String> settings = new LinkedHashMap<>();
		for (String pair : text.split(",")) {
			if (!pair.isBlank()) {
				int eq = pair.indexOf('=');
				String key = pair.substring(0, eq).trim();
				settings.put(key.startsWith("langfuse.") ? key.substring("langfuse.".length()) : key,
						pair.substring(eq + 1).trim());
			}
		}
		return settings;
	}

	/**
	 * Compiles the hot code of every kind of setup against a server without delay
	 * (results not used).
	 */
	private static void warmUp(List<Setup> setups, int producers) {
		try (DelayedServer server = new DelayedServer(0)) {
			for (Setup setup : setups) {
				step(server, setup, 4000, 2, producers, 0);
			}
		}
	}

	/**
	 * Doubles from a first guess until a step fails, then bisects; the last passing step,
	 * or null.
	 */
	private static Step knee(DelayedServer server, Setup setup, int seconds, int producers, long delay) {
		double guess = Math.max(200, 0.5 * setup.batch() * 1000.0 / Math.max(delay, 1));
		Step pass = null;
		Step fail = null;

		double rate = guess;
		while (fail == null && rate <= 400_000) {
			Step step = step(server, setup, rate, seconds, producers, delay);
			if (step.pass()) {
				pass = step;
				rate *= 2;
			}
			else {
				fail = step;
			}
		}
		if (pass == null) {
			// the first guess failed: halve until one passes
			rate = guess / 2;
			while (pass == null && rate >= 50) {
				Step step = step(server, setup, rate, seconds, producers, delay);
				if (step.pass()) {
					pass = step;
				}
				else {
					fail = step;
					rate /= 2;
				}
			}
		}
		while (pass != null && fail != null && fail.rate() / pass.rate() > RESOLUTION) {
			Step step = step(server, setup, Math.sqrt(pass.rate() * fail.rate()), seconds, producers, delay);
			if (step.pass()) {
				pass = step;
			}
			else {
				fail = step;
			}
		}
		if (pass != null && fail != null) {
			System.out.printf(Locale.ROOT, "knee %s %d ms: %,.0f passes; %,.0f fails: %s%n", setup.name(), delay,
					pass.rate(), fail.rate(), fail.summary());
			lastFail = fail;
		}
		return pass;
	}

	/** The lowest failing step of the last search (what limits the knee). */
	private static Step lastFail;

	static Step step(DelayedServer server, Setup setup, double rate, int seconds, int producers, long delay) {
		server.reset();
		Subject subject = setup.start(server.url());
		double unitsPerThread = rate / 2 / producers;
		long durationNanos = TimeUnit.SECONDS.toNanos(seconds);
		LongAdder units = new LongAdder();
		long begin = System.nanoTime();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < producers; t++) {
			int offset = t * (TEXTS / Math.max(producers, 1));
			Thread thread = new Thread(() -> {
				long made = 0;
				while (true) {
					long elapsed = System.nanoTime() - begin;
					if (elapsed >= durationNanos) {
						break;
					}
					long due = (long) (elapsed * unitsPerThread / 1e9);
					while (made < due) {
						subject.unit((int) ((offset + made) % TEXTS));
						made++;
						units.increment();
					}
					LockSupport.parkNanos(1_000_000);
				}
			}, "producer-" + t);
			thread.start();
			threads.add(thread);
		}
		// the backlog's floor (its minimum over a second) in the middle and at the end of
		// the step: a flush interval's sawtooth does not move a floor, a rate the
		// exporter does not keep up with raises it
		long middleFloor = Long.MAX_VALUE;
		long endFloor = Long.MAX_VALUE;
		while (true) {
			long elapsed = System.nanoTime() - begin;
			if (elapsed >= durationNanos) {
				break;
			}
			long items = server.items();
			long backlog = 2 * units.sum() - items;
			if (elapsed >= durationNanos / 2 - 1_000_000_000L && elapsed < durationNanos / 2) {
				middleFloor = Math.min(middleFloor, backlog);
			}
			else if (elapsed >= durationNanos - 1_000_000_000L) {
				endFloor = Math.min(endFloor, backlog);
			}
			LockSupport.parkNanos(20_000_000);
		}
		for (Thread thread : threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		double elapsed = (System.nanoTime() - begin) / 1e9;
		long offered = 2 * units.sum();
		long receivedAtEnd = server.items();
		long backlog = offered - receivedAtEnd;
		subject.drain();
		long lostByExporter = subject.lost();
		String exporterDetail = subject.detail();
		subject.close();
		long received = server.items();
		long allowed = (long) (rate * (1.0 + 2.0 * delay / 1000));
		long growth = (endFloor == Long.MAX_VALUE || middleFloor == Long.MAX_VALUE) ? 0 : endFloor - middleFloor;
		long allowedGrowth = (long) (GROWTH * rate * seconds / 2);
		boolean pass = received == offered && lostByExporter <= 0 && backlog <= allowed && growth <= allowedGrowth;
		String detail = String.format(Locale.ROOT,
				"offered %,d, received %,d (%,.0f/s during the step), backlog at end %,d (allowed %,d), floor grew %,d "
						+ "(allowed %,d), lost %,d; %,d B per item on the wire; "
						+ "%,d requests, up to %,d items per request, up to %d in flight; %s",
				offered, received, receivedAtEnd / elapsed, backlog, allowed, growth, allowedGrowth,
				(lostByExporter < 0) ? offered - received : lostByExporter,
				server.wireBytes() / Math.max(1, server.items()), server.requests(), server.maxItemsPerRequest(),
				server.maxInFlight(), exporterDetail);
		String summary = String.format(Locale.ROOT,
				"delivered %,.0f/s during the step, backlog at end %,d (allowed %,d), floor grew %,d (allowed %,d), "
						+ "lost %,d%s; up to %,d per request, %d in flight",
				receivedAtEnd / elapsed, backlog, allowed, growth, allowedGrowth,
				(lostByExporter < 0) ? offered - received : lostByExporter,
				(subject instanceof StarterSubject starter) ? " " + starter.drops : "", server.maxItemsPerRequest(),
				server.maxInFlight());
		Step step = new Step(rate, pass, summary, detail);
		if (delay > 0) {
			System.out.printf(Locale.ROOT, "%d ms %-18s %,8.0f events/s %s  %s%n", delay, setup.name(), rate,
					pass ? "PASS" : "fail", detail);
		}
		return step;
	}

	private static double loadAverage() {
		return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	/** The starter: {@link LangfuseIngest} with default settings plus the setup's. */
	static final class StarterSubject implements Subject {

		private final LangfuseIngest ingest;

		StarterSubject(String url, Map<String, String> settings) {
			IngestConfig.Builder builder = IngestConfig.builder()
				.host(url)
				.publicKey("pk-lf-bench")
				.secretKey("sk-lf-bench");
			settings.forEach((key, value) -> apply(builder, key, value));
			this.ingest = LangfuseIngest.create(builder.build());
		}

		@Override
		public void unit(int index) {
			String traceId = Events.traceId();
			IngestionEvent trace = Events.trace(traceId);
			IngestionEvent generation = Events.generation(traceId, Events.observationId(), null, INPUTS[index],
					OUTPUTS[index]);
			this.ingest.enqueue(trace);
			this.ingest.enqueue(generation);
		}

		@Override
		public void drain() {
			this.ingest.flush(Duration.ofSeconds(20));
		}

		/** Non-zero drop reasons at the last {@link #lost()}. */
		String drops = "";

		@Override
		public long lost() {
			IngestStats stats = this.ingest.stats();
			StringBuilder reasons = new StringBuilder();
			stats.dropped().forEach((reason, count) -> {
				if (count > 0) {
					reasons.append(reasons.isEmpty() ? "(" : ", ")
						.append(reason.name().toLowerCase(Locale.ROOT))
						.append(' ')
						.append(count);
				}
			});
			if (stats.failed() > 0) {
				reasons.append(reasons.isEmpty() ? "(" : ", ").append("failed ").append(stats.failed());
			}
			this.drops = reasons.isEmpty() ? "" : reasons.append(')').toString();
			return stats.droppedTotal() + stats.failed() + stats.rejected();
		}

		@Override
		public String detail() {
			IngestStats stats = this.ingest.stats();
			return "starter: accepted " + stats.accepted() + ", sent " + stats.sent() + ", dropped " + stats.dropped()
					+ ", failed " + stats.failed() + ", rejected " + stats.rejected() + ", queued " + stats.queued();
		}

		@Override
		public void close() {
			this.ingest.close();
		}

	}

	/**
	 * Sets {@code key} (kebab-case {@code langfuse.*} name without the prefix) on the
	 * builder through its setter of the same name in camel case; the value is converted
	 * to the setter's parameter type (int, long, boolean, {@link Duration} as
	 * {@code 500ms}, {@code 2s} or ISO-8601, an enum by name, or a string).
	 */
	static void apply(IngestConfig.Builder builder, String key, String value) {
		StringBuilder name = new StringBuilder();
		boolean upper = false;
		for (char c : key.toCharArray()) {
			if (c == '-' || c == '_' || c == '.') {
				upper = true;
			}
			else {
				name.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		for (Method method : IngestConfig.Builder.class.getMethods()) {
			if (method.getName().contentEquals(name) && method.getParameterCount() == 1) {
				try {
					method.invoke(builder, convert(method.getParameterTypes()[0], value));
					return;
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalArgumentException("cannot set " + key + "=" + value, ex);
				}
			}
		}
		throw new IllegalArgumentException("IngestConfig.Builder has no setting " + key + " (" + name + ")");
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object convert(Class<?> type, String value) {
		if (type == int.class || type == Integer.class) {
			return Integer.valueOf(value.replace("_", ""));
		}
		if (type == long.class || type == Long.class) {
			return Long.valueOf(value.replace("_", ""));
		}
		if (type == boolean.class || type == Boolean.class) {
			return Boolean.valueOf(value);
		}
		if (type == Duration.class) {
			String v = value.toLowerCase(Locale.ROOT);
			if (v.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
			}
			if (v.endsWith("s") && !v.startsWith("p")) {
				return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
			}
			return Duration.parse(value);
		}
		if (type.isEnum()) {
			return Enum.valueOf((Class) type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
		}
		return value;
	}

	/**
	 * OpenTelemetry's SDK tracer, {@link BatchSpanProcessor} and
	 * {@link OtlpHttpSpanExporter} at their defaults.
	 */
	static final class OtelSubject implements Subject {

		private final SdkTracerProvider provider;

		private final Tracer tracer;

		OtelSubject(String url) {
			this.provider = SdkTracerProvider.builder()
				.addSpanProcessor(BatchSpanProcessor
					.builder(OtlpHttpSpanExporter.builder().setEndpoint(url + "/api/public/otel/v1/traces").build())
					.build())
				.build();
			this.tracer = this.provider.get("distant-bench");
		}

		@Override
		public void unit(int index) {
			Span root = this.tracer.spanBuilder("chat-request")
				.setParent(Context.root())
				.setAttribute(TRACE_NAME, "chat-request")
				.setAttribute(USER, "user-42")
				.setAttribute(SESSION, "session-7")
				.startSpan();
			Span generation = this.tracer.spanBuilder("llm-call")
				.setParent(Context.root().with(root))
				.setAttribute(TYPE, "generation")
				.setAttribute(MODEL, "gpt-4o-mini")
				.setAttribute(INPUT, INPUT_JSON[index])
				.setAttribute(OUTPUT, OUTPUTS[index])
				.startSpan();
			generation.setAttribute(INPUT_TOKENS, 240L).setAttribute(OUTPUT_TOKENS, 60L).end();
			root.end();
		}

		@Override
		public void drain() {
			this.provider.forceFlush().join(20, TimeUnit.SECONDS);
		}

		@Override
		public long lost() {
			return -1;
		}

		@Override
		public String detail() {
			return "OpenTelemetry: drops counted as offered minus received";
		}

		@Override
		public void close() {
			this.provider.shutdown().join(10, TimeUnit.SECONDS);
		}

	}

}
