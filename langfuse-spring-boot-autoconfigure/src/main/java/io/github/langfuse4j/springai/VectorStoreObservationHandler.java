package io.github.langfuse4j.springai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.tracing.Langfuse;
import io.github.langfuse4j.tracing.LangfuseObservation;

/**
 * The handler of {@code spring-ai-vector-store}'s observations: a query becomes a
 * {@code retriever} (input: the search request; output: the documents' ids, scores and
 * texts), an add or a delete a span (its embedding calls nest under it).
 */
final class VectorStoreObservationHandler implements ObservationHandler<Observation.Context> {

	private final Bridge bridge;

	VectorStoreObservationHandler(Bridge bridge) {
		this.bridge = bridge;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof VectorStoreObservationContext;
	}

	@Override
	public void onStart(Observation.Context context) {
		try {
			Langfuse langfuse = this.bridge.langfuse();
			if (langfuse != null && context instanceof VectorStoreObservationContext store) {
				start(langfuse, store);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.bridge.failed(context, ex);
		}
	}

	private void start(Langfuse langfuse, VectorStoreObservationContext context) {
		String operation = context.getOperationName();
		String name = context.getDatabaseSystem() + " " + operation;
		Bridge.Placement placement = this.bridge.place(langfuse, context, name, false);
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
					: langfuse.observation(ObservationType.RETRIEVER, name))
				.metadata(metadata)
				// the one place where the query input is built (its output: onStop)
				.input(query(context.getQueryRequest()))
				.start();
		}
		else {
			observation = ((placement.parent() != null) ? placement.parent().span(name) : langfuse.span(name))
				.metadata(metadata)
				.start();
		}
		Bridge.record(context, observation, placement.trace());
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

	@Override
	public void onStop(Observation.Context context) {
		try {
			Bridge.Recorded recorded = Bridge.recorded(context);
			if (recorded == null || !(context instanceof VectorStoreObservationContext store)) {
				return;
			}
			List<Document> documents = store.getQueryResponse();
			if (documents != null) {
				// the one place where the query output is built
				recorded.observation().output(documents(documents));
			}
			Throwable error = context.getError();
			if (error != null) {
				recorded.observation().error(error);
			}
			recorded.end();
		}
		catch (RuntimeException | LinkageError ex) {
			this.bridge.failed(context, ex);
		}
	}

	private static List<Map<String, Object>> documents(List<Document> documents) {
		List<Map<String, Object>> list = new ArrayList<>(documents.size());
		for (Document document : documents) {
			Map<String, Object> map = new LinkedHashMap<>(4);
			map.put("id", document.getId());
			putIfPresent(map, "score", document.getScore());
			putIfPresent(map, "text", document.getText());
			list.add(map);
		}
		return list;
	}

}
