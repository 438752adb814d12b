package io.github.langfuse4j.internal.transport;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.github.langfuse4j.ingest.model.GenerationCreate;
import io.github.langfuse4j.ingest.model.IngestionEvent;
import io.github.langfuse4j.ingest.model.ObservationBody;
import io.github.langfuse4j.ingest.model.ObservationEvent;
import io.github.langfuse4j.ingest.model.ObservationType;
import io.github.langfuse4j.ingest.model.SpanCreate;
import io.github.langfuse4j.internal.json.IngestionResponse;

/**
 * Servers before 3.98.2 do not know the event types {@code agent-create},
 * {@code tool-create}, {@code chain-create}, {@code retriever-create},
 * {@code evaluator-create}, {@code embedding-create} and {@code guardrail-create}: each
 * gets a per-event 400 {@code "Invalid request data"} in the 207, whose zod error names
 * the failed discriminator ({@code invalid_union_discriminator} / "Invalid discriminator
 * value" in zod 3, "No matching discriminator" in zod 4). Such an event is sent again as
 * an observation type those servers know, with its own type in the metadata key
 * {@value #TYPE_KEY}: a {@code span-create}, or a {@code generation-create} if it has a
 * model, model parameters, usage, cost or completion start (which a span cannot carry;
 * the same choice those servers make for such a span over OTLP).
 */
final class TypedObservationFallback {

	/** The metadata key that records the type the server did not accept. */
	static final String TYPE_KEY = "langfuse_observation_type";

	private TypedObservationFallback() {
	}

	/**
	 * Whether the event is one of the typed observation events that servers before 3.98.2
	 * reject.
	 * @param event the event
	 * @return {@code true} for the seven newer {@code -create} types
	 */
	static boolean isTyped(IngestionEvent event) {
		return event instanceof ObservationEvent observation && observation.observationType().isGenerationLike()
				&& observation.observationType() != ObservationType.GENERATION;
	}

	/**
	 * Whether the error is the server not knowing the event's type.
	 * @param event the event the error is for
	 * @param error the per-event error
	 * @return {@code true} if the event should be sent again with {@link #asKnownType}
	 */
	static boolean rejectsType(IngestionEvent event, IngestionResponse.Error error) {
		if (error.status() != 400 || !isTyped(event)) {
			return false;
		}
		String text = String.valueOf(error.message()) + ' ' + String.valueOf(error.error());
		return text.toLowerCase(Locale.ROOT).contains("discriminator");
	}

	/**
	 * The event as a {@code span-create} or {@code generation-create} with a new envelope
	 * id, the same timestamp and body, and its type in the metadata.
	 * @param event a typed observation event
	 * @return the event to send instead
	 */
	static ObservationEvent asKnownType(ObservationEvent event) {
		ObservationBody body = event.body();
		ObservationBody marked = body.toBuilder().metadata(withType(body.metadata(), event.observationType())).build();
		String id = UUID.randomUUID().toString();
		return body.hasGenerationFields() ? new GenerationCreate(id, event.timestamp(), marked)
				: new SpanCreate(id, event.timestamp(), marked);
	}

	/**
	 * The metadata with the type added: a map gets the key; any other value is wrapped as
	 * {@code {"metadata": value}}, which is how the server stores metadata that is not a
	 * map.
	 */
	private static Map<String, Object> withType(Object metadata, ObservationType type) {
		Map<String, Object> marked = new LinkedHashMap<>();
		if (metadata instanceof Map<?, ?> map) {
			map.forEach((key, value) -> marked.put(String.valueOf(key), value));
		}
		else if (metadata != null) {
			marked.put("metadata", metadata);
		}
		marked.put(TYPE_KEY, type.wireName());
		return marked;
	}

}
