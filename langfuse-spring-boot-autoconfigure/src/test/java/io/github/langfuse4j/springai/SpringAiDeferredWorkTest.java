package io.github.langfuse4j.springai;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import io.micrometer.observation.ObservationRegistry;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import tools.jackson.databind.JsonNode;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.TestJson;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseScope;
import io.github.langfuse4j.tracing.LangfuseTrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge's handlers do their work off the calling thread: on the application's thread
 * they read the time, the current Langfuse handle and copies of what the application may
 * change, and hand the rest to the exporter's own thread. What Langfuse shows must still
 * be exactly what the call did: its times, its place in the application's trace, the
 * trace attributes, and nothing in the wrong place when work is dropped.
 */
class SpringAiDeferredWorkTest {

	private static final Duration AWAIT = Duration.ofSeconds(30);

	private final LoopbackServer server = new LoopbackServer();

	private final LangfuseIngest ingest = ingest(IngestConfig.Protocol.INGESTION);

	private final HeldIngest held = new HeldIngest(this.ingest);

	private final ObservationRegistry registry = ObservationRegistry.create();

	@AfterEach
	void close() {
		this.ingest.close();
		this.server.close();
	}

	/** An exporter to the loopback server that sends only when flushed. */
	private LangfuseIngest ingest(IngestConfig.Protocol protocol) {
		return LangfuseIngest.create(IngestConfig.builder()
			.host(this.server.url())
			.publicKey("pk-lf-test")
			.secretKey("sk-lf-test")
			.protocol(protocol)
			.flushInterval(Duration.ofHours(1))
			.maxRetries(0)
			.build());
	}

	private void register(Langfuse langfuse) {
		this.registry.observationConfig()
			.observationHandler(LangfuseSpringAi.modelHandler(() -> langfuse))
			.observationHandler(LangfuseSpringAi.chatClientHandler(() -> langfuse));
	}

	private String call(ChatClient.ChatClientRequestSpec request) {
		return request.tools(new WeatherTools()).call().content();
	}

	private ChatClient client() {
		return ChatClient.create(new FakeChatModel(this.registry), this.registry);
	}

	@Test
	void theBridgeReadsTheRequestOnTheExportersThreadNotTheCallers() {
		register(Langfuse.create(this.ingest));
		MediaProbe question = new MediaProbe("Weather in Paris?");
		String caller = Thread.currentThread().getName();
		call(client().prompt().messages(question));
		Wire wire = awaitWire(Langfuse.create(this.ingest), (w) -> w.nodes.size() == 4);
		assertThat(wire.ofType("generation")).hasSize(2);
		assertThat(question.readers).as("threads on which the bridge read the message")
			.isNotEmpty()
			.doesNotContain(caller)
			.containsOnly("langfuse-deferred");
	}

	@Test
	void nothingIsBuiltOnTheCallingThread() {
		Langfuse langfuse = registerHeld();
		call(client().prompt().user("Weather in Paris?"));
		assertThat(this.held.enqueued).as("events built during the call").isEmpty();
		// a ChatClient span, two model rounds and a tool: a start and a stop each
		assertThat(this.held.tasks).hasSize(8);
		this.held.release();
		Wire wire = awaitWire(langfuse, (w) -> w.nodes.size() == 4);
		assertOneCallTree(wire);
	}

	@Test
	void theTimesAreThoseOfTheCallNotOfWhenTheBridgeGotToIt() {
		Langfuse langfuse = registerHeld();
		Instant before = Instant.now();
		call(client().prompt().user("Weather in Paris?").advisors((a) -> a.param(LangfuseSpringAi.USER_ID, "u-1")));
		Instant returned = Instant.now();
		Instant later = returned.plusMillis(20);
		while (!Instant.now().isAfter(later)) {
			// the bridge's thread gets to the callbacks well after the call
			Thread.onSpinWait();
		}
		this.held.release();
		awaitWire(langfuse, (w) -> w.nodes.size() == 4 && w.traces.size() == 1);
		List<JsonNode> bodies = bodies();
		assertThat(bodies).hasSize(5);
		Map<String, JsonNode> byId = new HashMap<>();
		for (JsonNode body : bodies) {
			byId.put(body.path("id").asString(), body);
			for (String field : List.of("startTime", "endTime", "timestamp")) {
				if (body.has(field)) {
					Instant time = Instant.parse(body.path(field).asString());
					assertThat(time).as(field + " of " + body.path("name").asString()).isBetween(before, returned);
				}
			}
			if (body.has("endTime")) {
				assertThat(Instant.parse(body.path("endTime").asString()))
					.isAfterOrEqualTo(Instant.parse(body.path("startTime").asString()));
			}
		}
		// each child within its parent
		for (JsonNode body : bodies) {
			JsonNode parent = byId.get(body.path("parentObservationId").asString());
			if (parent != null) {
				assertThat(Instant.parse(body.path("startTime").asString()))
					.isAfterOrEqualTo(Instant.parse(parent.path("startTime").asString()));
				assertThat(Instant.parse(body.path("endTime").asString()))
					.isBeforeOrEqualTo(Instant.parse(parent.path("endTime").asString()));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp", "ingestion" })
	void anApplicationTraceEndedAsTheCallReturnsKeepsTheAttributesAndTheTree(String protocol) {
		// in OTLP the trace's root span may leave before the bridge's spans arrive
		LangfuseIngest ingest = ingest(
				protocol.equals("otlp") ? IngestConfig.Protocol.OTLP : IngestConfig.Protocol.INGESTION);
		try {
			HeldIngest held = new HeldIngest(ingest);
			Langfuse langfuse = Langfuse.create(held);
			register(langfuse);
			LangfuseTrace trace = langfuse.trace("request").start();
			try (LangfuseScope scope = trace.makeCurrent()) {
				call(client().prompt()
					.user("Weather in Paris?")
					.advisors((a) -> a.param(LangfuseSpringAi.USER_ID, "u-42").param(LangfuseSpringAi.TAGS, "beta")));
			}
			trace.end();
			// the trace is sent before the bridge's thread gets to the callbacks
			assertThat(langfuse.flush(AWAIT)).isTrue();
			held.release();
			Wire wire = Wire.await(this.server, langfuse, protocol, (w) -> w.nodes.size() == 4 && !w.traces.isEmpty());
			assertThat(wire.traces).allSatisfy((t) -> {
				assertThat(t.id()).isEqualTo(trace.id());
				assertThat(t.name()).isEqualTo("request");
				assertThat(t.userId()).isEqualTo("u-42");
				assertThat(t.tags()).containsExactly("beta");
			});
			Wire.Node span = assertOneCallTree(wire);
			assertThat(span.parentId()).as("right under the trace").isNull();
			assertThat(wire.nodes).allMatch((n) -> n.traceId().equals(trace.id()));
		}
		finally {
			ingest.close();
		}
	}

	@Test
	void aDroppedStartDropsItsWholeCallNeverRecordsItsPartsElsewhere() {
		Langfuse langfuse = registerHeld();
		// the queue is full when the ChatClient call starts
		this.held.reject = 1;
		call(client().prompt().user("Weather in Paris?"));
		assertThat(this.held.tasks).as("the stop of the dropped start is not handed over either").hasSize(6);
		this.held.release();
		assertThat(this.held.enqueued).as("the model rounds and the tool of the dropped call").isEmpty();
		// the next call is whole
		call(client().prompt().user("Weather in Paris?"));
		this.held.release();
		Wire wire = awaitWire(langfuse, (w) -> w.nodes.size() == 4);
		assertOneCallTree(wire);
	}

	@Test
	void aMessageListChangedBeforeTheBridgesThreadGetsToItKeepsTheInputOfTheCall() {
		Langfuse langfuse = registerHeld();
		List<Message> messages = new ArrayList<>(List.of(new UserMessage("Weather in Paris?")));
		new FakeChatModel(this.registry).call(new Prompt(messages));
		messages.add(new UserMessage("added after the call"));
		this.held.release();
		Wire wire = awaitWire(langfuse, (w) -> !w.ofType("generation").isEmpty());
		JsonNode input = wire.ofType("generation").get(0).input();
		assertThat(input).hasSize(1);
		assertThat(input.get(0).path("content").asString()).isEqualTo("Weather in Paris?");
	}

	@Test
	void aFlushRightAfterTheCallSendsItsWholeTree() {
		// the real exporter's thread: the flush runs what was handed over first
		Langfuse langfuse = Langfuse.create(this.ingest);
		register(langfuse);
		call(client().prompt().user("Weather in Paris?"));
		assertThat(langfuse.flush(AWAIT)).isTrue();
		Wire wire = Wire.of(this.server, false);
		assertThat(wire.nodes).hasSize(4);
		IngestStats stats = this.ingest.stats();
		assertThat(stats.droppedTotal()).isZero();
		assertThat(stats.sent()).isEqualTo(stats.accepted());
	}

	/** The tracing API on {@link #held}, its handlers registered. */
	private Langfuse registerHeld() {
		Langfuse langfuse = Langfuse.create(this.held);
		register(langfuse);
		return langfuse;
	}

	/** One call's tree: the model rounds and the tool under the ChatClient span. */
	private static Wire.Node assertOneCallTree(Wire wire) {
		Wire.Node span = wire.single("span", ChatClientObservationHandler.NAME);
		assertThat(wire.nodes).filteredOn((n) -> n != span).allMatch((n) -> span.id().equals(n.parentId()));
		return span;
	}

	private Wire awaitWire(Langfuse langfuse, Predicate<Wire> done) {
		try {
			await().atMost(AWAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
				langfuse.flush(AWAIT);
				return done.test(Wire.of(this.server, false));
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("not received in time; received " + Wire.of(this.server, false).nodes, ex);
		}
		return Wire.of(this.server, false);
	}

	/** The bodies of every event the server received. */
	private List<JsonNode> bodies() {
		List<JsonNode> bodies = new ArrayList<>();
		for (LoopbackServer.Recorded request : this.server.requests(LoopbackServer.INGESTION)) {
			for (JsonNode event : TestJson.read(request.body()).path("batch")) {
				bodies.add(event.path("body"));
			}
		}
		return bodies;
	}

	/**
	 * An exporter whose deferred tasks wait until the test releases them, as if the
	 * exporter's thread were behind; or are dropped, as if its queue were full.
	 */
	static final class HeldIngest implements LangfuseIngest {

		private final LangfuseIngest delegate;

		final List<Runnable> tasks = new ArrayList<>();

		final List<IngestionEvent> enqueued = new ArrayList<>();

		int reject;

		HeldIngest(LangfuseIngest delegate) {
			this.delegate = delegate;
		}

		@Override
		public boolean defer(Runnable task) {
			if (this.reject > 0) {
				this.reject--;
				return false;
			}
			this.tasks.add(task);
			return true;
		}

		/** Runs the held tasks in order, as the exporter's thread would. */
		void release() {
			List<Runnable> release = new ArrayList<>(this.tasks);
			this.tasks.clear();
			release.forEach(Runnable::run);
		}

		@Override
		public void enqueue(IngestionEvent event) {
			this.enqueued.add(event);
			this.delegate.enqueue(event);
		}

		@Override
		public void flush() {
			this.delegate.flush();
		}

		@Override
		public boolean flush(Duration timeout) {
			return this.delegate.flush(timeout);
		}

		@Override
		public IngestStats stats() {
			return this.delegate.stats();
		}

		@Override
		public void close() {
			this.delegate.close();
		}

	}

	/** A user message that records the threads on which the bridge's code reads it. */
	static final class MediaProbe extends UserMessage {

		final Queue<String> readers = new ConcurrentLinkedQueue<>();

		MediaProbe(String text) {
			super(text);
		}

		@Override
		public List<Media> getMedia() {
			if (StackWalker.getInstance()
				.walk((frames) -> frames.anyMatch((frame) -> frame.getClassName().equals(Messages.class.getName())))) {
				this.readers.add(Thread.currentThread().getName());
			}
			return super.getMedia();
		}

	}

}
