package io.github.langfuse4j.springai;

import java.util.Objects;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import io.github.langfuse4j.tracing.Langfuse;

/**
 * The Spring AI bridge's entry point: the keys of the advisor parameters that set trace
 * attributes per request, and the observation handlers, one per Spring AI module. With
 * the Spring Boot starter the handlers are beans and nothing needs to be called; set the
 * trace attributes per request through advisor parameters: <pre>{@code
 * chatClient.prompt()
 *     .user(question)
 *     .advisors((a) -> a.param(LangfuseSpringAi.USER_ID, "u-42").param(LangfuseSpringAi.TAGS, List.of("beta")))
 *     .call()
 *     .content();
 * }</pre>
 *
 * <p>
 * Without Spring Boot, register the handlers on the registry that Spring AI observes
 * through: <pre>{@code
 * registry.observationConfig()
 *     .observationHandler(LangfuseSpringAi.modelHandler(() -> langfuse))
 *     .observationHandler(LangfuseSpringAi.chatClientHandler(() -> langfuse));
 * }</pre> Each handler needs only the classes of its own module: the model handler
 * {@code spring-ai-model}, the ChatClient handler {@code spring-ai-client-chat}, the
 * vector-store handler {@code spring-ai-vector-store}.
 *
 * <p>
 * On the application's threads the handlers only read the time, the current Langfuse
 * handle and copies of what the application may change, and hand each callback to the
 * exporter's own thread ({@link Langfuse#defer(Runnable)}), which records it; so
 * {@link Langfuse#flush(java.time.Duration)} right after a call sends the call's whole
 * tree.
 */
public final class LangfuseSpringAi {

	/**
	 * Advisor parameter: the Langfuse user id of the trace a ChatClient call starts (or
	 * of the application's current trace it runs in). A string.
	 */
	public static final String USER_ID = "langfuse.user_id";

	/**
	 * Advisor parameter: the Langfuse session id; without it the chat memory's
	 * conversation id ({@code ChatMemory.CONVERSATION_ID}) is the session. A string.
	 */
	public static final String SESSION_ID = "langfuse.session_id";

	/**
	 * Advisor parameter: the Langfuse trace tags, a collection or array of strings, or
	 * one string.
	 */
	public static final String TAGS = "langfuse.tags";

	/**
	 * Advisor parameter: the Langfuse trace name of the trace a ChatClient call starts;
	 * the default is the ChatClient span's name. A string.
	 */
	public static final String TRACE_NAME = "langfuse.trace_name";

	private LangfuseSpringAi() {
	}

	/**
	 * The handler of {@code spring-ai-model}'s observations: a chat model round becomes a
	 * generation, a tool execution a {@code tool}, an embedding call an
	 * {@code embedding}, an image call a generation.
	 * @param langfuse gives the tracing API when the first observation arrives (lazily,
	 * so that a bean factory can pass a provider); {@code null} from it means nothing is
	 * recorded
	 * @return the handler
	 */
	public static ObservationHandler<Observation.Context> modelHandler(Supplier<@Nullable Langfuse> langfuse) {
		return modelHandler(langfuse, false);
	}

	/**
	 * The handler of {@code spring-ai-model}'s observations, see
	 * {@link #modelHandler(Supplier)}.
	 * @param langfuse gives the tracing API
	 * @param useTracingTraceId whether a trace started by the handler takes the id of the
	 * Micrometer Tracing trace around it (when there is one)
	 * @return the handler
	 */
	public static ObservationHandler<Observation.Context> modelHandler(Supplier<@Nullable Langfuse> langfuse,
			boolean useTracingTraceId) {
		return new ModelObservationHandler(bridge(langfuse, useTracingTraceId));
	}

	/**
	 * The handler of {@code spring-ai-client-chat}'s observations: a ChatClient call
	 * becomes a span, the root of a new trace when nothing encloses it; advisors only
	 * nest and are passed through.
	 * @param langfuse gives the tracing API when the first observation arrives
	 * @return the handler
	 */
	public static ObservationHandler<Observation.Context> chatClientHandler(Supplier<@Nullable Langfuse> langfuse) {
		return chatClientHandler(langfuse, false);
	}

	/**
	 * The handler of {@code spring-ai-client-chat}'s observations, see
	 * {@link #chatClientHandler(Supplier)}.
	 * @param langfuse gives the tracing API
	 * @param useTracingTraceId whether a trace started by the handler takes the id of the
	 * Micrometer Tracing trace around it (when there is one)
	 * @return the handler
	 */
	public static ObservationHandler<Observation.Context> chatClientHandler(Supplier<@Nullable Langfuse> langfuse,
			boolean useTracingTraceId) {
		return new ChatClientObservationHandler(bridge(langfuse, useTracingTraceId));
	}

	/**
	 * The handler of {@code spring-ai-vector-store}'s observations: a query becomes a
	 * {@code retriever}, an add or delete a span.
	 * @param langfuse gives the tracing API when the first observation arrives
	 * @return the handler
	 */
	public static ObservationHandler<Observation.Context> vectorStoreHandler(Supplier<@Nullable Langfuse> langfuse) {
		return vectorStoreHandler(langfuse, false);
	}

	/**
	 * The handler of {@code spring-ai-vector-store}'s observations, see
	 * {@link #vectorStoreHandler(Supplier)}.
	 * @param langfuse gives the tracing API
	 * @param useTracingTraceId whether a trace started by the handler takes the id of the
	 * Micrometer Tracing trace around it (when there is one)
	 * @return the handler
	 */
	public static ObservationHandler<Observation.Context> vectorStoreHandler(Supplier<@Nullable Langfuse> langfuse,
			boolean useTracingTraceId) {
		return new VectorStoreObservationHandler(bridge(langfuse, useTracingTraceId));
	}

	private static Bridge bridge(Supplier<@Nullable Langfuse> langfuse, boolean useTracingTraceId) {
		return new Bridge(Objects.requireNonNull(langfuse, "langfuse must not be null"), useTracingTraceId);
	}

}
