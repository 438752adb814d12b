package io.github.langfuse4j.tracing;

/**
 * What a trace records, decided once per trace and shared by every observation under it:
 * everything, everything but the content (inputs and outputs), or nothing because the
 * trace is sampled out. An enum, so that handing the decision to each child allocates
 * nothing.
 */
enum Recording {

	/** The trace is sent with its inputs and outputs. */
	ALL(true, true),

	/** The trace is sent without inputs and outputs ({@code capture-content} off). */
	WITHOUT_CONTENT(true, false),

	/** The trace is sampled out: nothing is stored or sent. */
	NOTHING(false, false);

	private final boolean sampled;

	private final boolean content;

	Recording(boolean sampled, boolean content) {
		this.sampled = sampled;
		this.content = content;
	}

	static Recording of(boolean sampled, boolean captureContent) {
		if (!sampled) {
			return NOTHING;
		}
		return captureContent ? ALL : WITHOUT_CONTENT;
	}

	/** Whether the trace's events are sent. */
	boolean sampled() {
		return this.sampled;
	}

	/** Whether inputs and outputs are stored and sent. */
	boolean content() {
		return this.content;
	}

}
