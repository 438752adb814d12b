/**
 * The Langfuse tracing API: {@link io.github.langfuse4j.tracing.Langfuse} starts traces,
 * spans, generations, events and scores; their handles collect fields and emit one event
 * each when they end; a current context per thread nests new work under the handle made
 * current. Built on {@link io.github.langfuse4j.ingest.LangfuseIngest}.
 * <p>
 * Values are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable};
 * an optional argument that is {@code null} sets nothing.
 */
@NullMarked
package io.github.langfuse4j.tracing;

import org.jspecify.annotations.NullMarked;
