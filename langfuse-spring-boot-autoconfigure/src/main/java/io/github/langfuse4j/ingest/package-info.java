/**
 * The exporter's API: {@link io.github.langfuse4j.ingest.LangfuseIngest} (a non-blocking,
 * bounded, batching uploader of Langfuse events), its settings
 * ({@link io.github.langfuse4j.ingest.IngestConfig}) and its accounting
 * ({@link io.github.langfuse4j.ingest.IngestStats},
 * {@link io.github.langfuse4j.ingest.DropReason}). The implementation lives in
 * {@code io.github.langfuse4j.internal}, which is not API.
 * <p>
 * Values are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.github.langfuse4j.ingest;

import org.jspecify.annotations.NullMarked;
