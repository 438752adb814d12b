package io.github.langfuse4j.tracing;

/**
 * The time during which a trace or observation is the current context of a thread; see
 * {@link LangfuseHandle#makeCurrent()}. Closing it restores the context that was current
 * before. Close it on the thread that opened it, preferably with try-with-resources;
 * closing twice does nothing.
 */
public interface LangfuseScope extends AutoCloseable {

	/** Restores the previous context of this thread. Never throws. */
	@Override
	void close();

}
