package io.github.langfuse4j.springai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.tracing.LangfuseObservation;

/**
 * The handler of {@code spring-ai-vector-store}'s observations: a query becomes a
 * {@code retriever} (input: the search request; output: the documents' ids, scores and
 * texts), an add or a delete a span (its embedding calls nest under it).
 */
final class VectorStoreObservationHandler extends DeferringHandler {

	VectorStoreObservationHandler(Bridge bridge) {
		super(bridge);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof VectorStoreObservationContext;
	}

	@Override
	void start(Callback callback) {
		VectorStoreObservationContext context = (VectorStoreObservationContext) callback.context();
		String operation = context.getOperationName();
		String name = context.getDatabaseSystem() + " " + operation;
		Bridge.Placement placement = bridge().place(callback, name, false);
		if (placement == null) {
			return;
		}
		Map<String, Object> metadata = new LinkedHashMap<>(8);
		metadata.put("db_system", context.getDatabaseSystem());
		metadata.put("operation", operation);
		putIfPresent(metadata, "collection", context.getCollectionName());
		putIfPresent(metadata, "namespace", context.getNamespace());
		putIfPresent(metadata, "dimensions", context.getDimensions());
		putIfPresent(metadata, "similarity_metric", context.getSimilarityMetric());
		LangfuseObservation observation;
		if ("query".equals(operation)) {
			observation = ((placement.parent() != null)
					? placement.parent().observation(ObservationType.RETRIEVER, name)
					: callback.langfuse().observation(ObservationType.RETRIEVER, name))
				.startTime(placement.startTime())
				.metadata(metadata)
				// the one place where the query input is built (its output: stop)
				.input(query(context.getQueryRequest()))
				.start();
		}
		else {
			observation = ((placement.parent() != null) ? placement.parent().span(name)
					: callback.langfuse().span(name))
				.startTime(placement.startTime())
				.metadata(metadata)
				.start();
		}
		Bridge.record(context, observation, placement);
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	private static Map<String, Object> query(@Nullable SearchRequest request) {
		Map<String, Object> query = new LinkedHashMap<>(8);
		if (request == null) {
			return query;
		}
		query.put("query", request.getQuery());
		query.put("top_k", request.getTopK());
		query.put("similarity_threshold", request.getSimilarityThreshold());
		if (request.hasFilterExpression()) {
			query.put("filter", String.valueOf(request.getFilterExpression()));
		}
		return query;
	}

	/**
	 * On the calling thread: a copy of the query's documents, a list the application may
	 * change once the call has returned.
	 */
	@Override
	@Nullable Object keepAtStop(Observation.Context context) {
		List<Document> documents = ((VectorStoreObservationContext) context).getQueryResponse();
		return (documents != null) ? documents.toArray() : null;
	}

	@Override
	void stop(Callback callback) {
		Observation.Context context = callback.context();
		Bridge.Recorded recorded = Bridge.recorded(context);
		if (recorded == null) {
			return;
		}
		if (callback.kept() instanceof Object[] documents) {
			// the one place where the query output is built
			recorded.observation().output(documents(documents));
		}
		Throwable error = context.getError();
		if (error != null) {
			recorded.observation().error(error);
		}
		recorded.end(callback.nanoTime());
	}

	private static List<Map<String, Object>> documents(Object[] documents) {
		List<Map<String, Object>> list = new ArrayList<>(documents.length);
		for (Object item : documents) {
			Document document = (Document) item;
			Map<String, Object> map = new LinkedHashMap<>(4);
			map.put("id", document.getId());
			putIfPresent(map, "score", document.getScore());
			putIfPresent(map, "text", document.getText());
			list.add(map);
		}
		return list;
	}

}
