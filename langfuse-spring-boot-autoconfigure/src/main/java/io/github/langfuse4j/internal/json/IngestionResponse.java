package io.github.langfuse4j.internal.json;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The {@code 207 Multi-Status} body of {@code POST /api/public/ingestion}: one entry per
 * event, listed by envelope id ({@code sdk-log} events get none).
 *
 * @param successes events that were accepted (status 201)
 * @param errors events that were rejected
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestionResponse(List<Success> successes, List<Error> errors) {

	/**
	 * Create a new {@link IngestionResponse}; {@code null} lists become empty lists.
	 */
	public IngestionResponse {
		successes = (successes != null) ? List.copyOf(successes) : List.of();
		errors = (errors != null) ? List.copyOf(errors) : List.of();
	}

	/**
	 * Parse a response body leniently.
	 * @param json the response body
	 * @return the response, or {@code null} if the body is not a JSON object with
	 * {@code successes} or {@code errors} lists
	 */
	public static IngestionResponse parse(byte[] json) {
		if (json == null || json.length == 0) {
			return null;
		}
		try {
			JsonNode node = LangfuseJson.mapper().readTree(json);
			if (node == null || !node.isObject() || !(node.has("successes") || node.has("errors"))) {
				return null;
			}
			return LangfuseJson.mapper().treeToValue(node, IngestionResponse.class);
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			return null;
		}
	}

	/**
	 * An accepted event.
	 *
	 * @param id the envelope id of the event
	 * @param status the per-event status, normally 201
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Success(String id, int status) {

		@JsonCreator
		static Success fromJson(@JsonProperty("id") String id, @JsonProperty("status") Integer status) {
			return new Success(id, (status != null) ? status : 0);
		}

	}

	/**
	 * A rejected event.
	 *
	 * @param id the envelope id of the event, or {@code "unknown"}
	 * @param status the per-event status, e.g. 400 or 401 ({@code 0} if absent)
	 * @param message a short message, e.g. {@code "Invalid request data"}, if any
	 * @param error details, usually a string, if any
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Error(String id, int status, String message, Object error) {

		@JsonCreator
		static Error fromJson(@JsonProperty("id") String id, @JsonProperty("status") Integer status,
				@JsonProperty("message") String message, @JsonProperty("error") Object error) {
			return new Error(id, (status != null) ? status : 0, message, error);
		}

	}

}
