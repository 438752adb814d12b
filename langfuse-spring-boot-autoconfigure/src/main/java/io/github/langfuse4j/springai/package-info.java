/**
 * The Spring AI bridge: Micrometer {@code ObservationHandler}s that turn what Spring AI
 * observes (ChatClient calls, chat-model rounds, tool executions, embeddings,
 * vector-store queries) into Langfuse traces through the tracing API, with no code in the
 * application. {@link io.github.langfuse4j.springai.LangfuseSpringAi} holds the advisor
 * parameter keys and creates the handlers for a registry that Spring Boot does not
 * configure.
 * <p>
 * Values are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.github.langfuse4j.springai;

import org.jspecify.annotations.NullMarked;
