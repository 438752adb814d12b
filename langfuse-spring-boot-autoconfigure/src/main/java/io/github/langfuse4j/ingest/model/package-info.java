/**
 * The Langfuse ingestion wire model: one record per event type ({@code trace-create},
 * {@code span-create}, {@code generation-create}, ..., {@code score-create}) and their
 * bodies, validated on construction the way the server validates them. Both protocols
 * start from these records: the ingestion transport writes them as they are, the OTLP
 * transport maps them to spans.
 * <p>
 * Values are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable};
 * a {@code null} body field is left out of the JSON.
 */
@NullMarked
package io.github.langfuse4j.ingest.model;

import org.jspecify.annotations.NullMarked;
