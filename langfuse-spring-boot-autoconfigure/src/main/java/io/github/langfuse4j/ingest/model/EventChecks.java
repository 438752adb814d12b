package io.github.langfuse4j.ingest.model;

/**
 * Checks of observation bodies that depend on the event type.
 */
final class EventChecks {

	private EventChecks() {
	}

	static void requireNoGenerationFields(ObservationBody body) {
		if (body.hasGenerationFields()) {
			throw new IllegalArgumentException(
					"model, usage, cost and prompt fields are only allowed on generation-like observations");
		}
	}

	/**
	 * Rejects a prompt link on a generation-like observation that is not a generation:
	 * Langfuse links prompts only to generations over OTLP, so the model rejects them
	 * here in both protocols rather than send what one of them drops.
	 */
	static void requireNoPrompt(ObservationBody body, String type) {
		if (body.promptName() != null || body.promptVersion() != null) {
			throw new IllegalArgumentException("promptName and promptVersion are only allowed on generations, not on "
					+ type + " (Langfuse links prompts only to generations)");
		}
	}

	static void requireNoEndTime(ObservationBody body) {
		if (body.endTime() != null) {
			throw new IllegalArgumentException("endTime is not allowed on an event (an event is a point in time)");
		}
	}

}
