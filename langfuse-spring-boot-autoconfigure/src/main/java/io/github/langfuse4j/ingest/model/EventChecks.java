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

	static void requireNoEndTime(ObservationBody body) {
		if (body.endTime() != null) {
			throw new IllegalArgumentException("endTime is not allowed on an event (an event is a point in time)");
		}
	}

}
