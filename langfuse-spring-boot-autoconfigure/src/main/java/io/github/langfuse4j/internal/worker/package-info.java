/**
 * The exporter's worker: the bounded queues, the delivery counters and
 * {@code BatchingLangfuseIngest}, which drains the queue on its own scheduler and hands
 * batches to a transport.
 * <p>
 * Internal: not API. Types here may change or disappear in any release; use
 * {@link io.github.langfuse4j.ingest.LangfuseIngest} instead.
 */
package io.github.langfuse4j.internal.worker;
