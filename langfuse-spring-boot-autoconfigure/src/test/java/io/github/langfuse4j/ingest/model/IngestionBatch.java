package io.github.langfuse4j.ingest.model;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Test fixture: the request body of {@code POST /api/public/ingestion}.
 *
 * @param batch the events, in order
 * @param metadata optional SDK debugging information (e.g. SDK name and version), any
 * JSON value
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IngestionBatch(List<IngestionEvent> batch, Object metadata) {

	/**
	 * Create a new {@link IngestionBatch}.
	 * @throws NullPointerException if {@code batch} or one of its events is {@code null}
	 */
	IngestionBatch {
		Objects.requireNonNull(batch, "batch must not be null");
		batch = List.copyOf(batch);
		metadata = Checks.copyJson(metadata);
	}

	/**
	 * Create a batch without metadata.
	 * @param batch the events
	 * @return the batch
	 */
	static IngestionBatch of(List<? extends IngestionEvent> batch) {
		return new IngestionBatch(List.copyOf(batch), null);
	}

}
