package io.github.langfuse4j.tracing;

import java.time.Instant;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * A started trace: the whole of one request, conversation turn or job. Its
 * {@code trace-create} event, with every field set so far, is emitted once when it ends;
 * setters called after the end are ignored.
 *
 * <p>
 * Observations still open when the trace ends are not ended with it: each is exported
 * when it is ended itself (the trace id is all an observation needs).
 */
public interface LangfuseTrace extends LangfuseHandle {

	/**
	 * Sets the trace name.
	 * @param name the name, at most 1000 characters
	 * @return this trace
	 * @throws NullPointerException if {@code name} is {@code null}
	 * @throws IllegalArgumentException if {@code name} is blank or too long
	 */
	LangfuseTrace name(String name);

	/**
	 * Sets the user the trace belongs to.
	 * @param userId the user id, or {@code null} for none
	 * @return this trace
	 */
	LangfuseTrace userId(@Nullable String userId);

	/**
	 * Sets the session the trace belongs to.
	 * @param sessionId the session id, or {@code null} for none
	 * @return this trace
	 */
	LangfuseTrace sessionId(@Nullable String sessionId);

	/**
	 * Sets the tags, replacing those set before.
	 * @param tags the tags; {@code null} elements are left out, a {@code null} array for
	 * no tags
	 * @return this trace
	 */
	LangfuseTrace tags(@Nullable String @Nullable ... tags);

	/**
	 * Sets the tags, replacing those set before.
	 * @param tags the tags; {@code null} elements are left out, {@code null} for no tags
	 * @return this trace
	 */
	LangfuseTrace tags(@Nullable Collection<String> tags);

	/**
	 * Sets the input of the trace: any value the library's JSON mapper can write (a value
	 * it cannot write is sent as a placeholder string). The value is written when the
	 * event is sent, so do not change it afterwards.
	 * @param input the input, or {@code null} for none
	 * @return this trace
	 */
	LangfuseTrace input(@Nullable Object input);

	/**
	 * Sets the output of the trace, like {@link #input(Object)}.
	 * @param output the output, or {@code null} for none
	 * @return this trace
	 */
	LangfuseTrace output(@Nullable Object output);

	/**
	 * Sets the metadata, replacing what was set before: preferably a map (each key
	 * becomes a filterable attribute), or any value the library's JSON mapper can write.
	 * @param metadata the metadata, or {@code null} for none
	 * @return this trace
	 */
	LangfuseTrace metadata(@Nullable Object metadata);

	/**
	 * Adds one metadata key; metadata that was not a map is replaced by a map.
	 * @param key the key
	 * @param value the value
	 * @return this trace
	 * @throws NullPointerException if {@code key} is {@code null}
	 */
	LangfuseTrace metadata(String key, @Nullable Object value);

	/**
	 * Sets the version of the application code that produced the trace.
	 * @param version the version, or {@code null} for none
	 * @return this trace
	 */
	LangfuseTrace version(@Nullable String version);

	/**
	 * Sets whether the trace can be viewed by anyone with its URL.
	 * @param publicTrace {@code true} to make it public
	 * @return this trace
	 */
	LangfuseTrace publicTrace(boolean publicTrace);

	/**
	 * Ends the trace with the given end time (for timings measured elsewhere) and emits
	 * its event. Later calls do nothing. Never throws.
	 * @param endTime the end time
	 * @throws NullPointerException if {@code endTime} is {@code null}
	 */
	void end(Instant endTime);

}
