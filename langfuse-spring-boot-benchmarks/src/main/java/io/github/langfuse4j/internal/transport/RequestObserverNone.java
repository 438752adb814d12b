package io.github.langfuse4j.internal.transport;

import io.github.langfuse4j.ingest.RequestObserver;

/** A request observer that ignores everything. */
enum RequestObserverNone implements RequestObserver {

	INSTANCE;

	@Override
	public void requestCompleted(String endpoint, int status, String failure, long nanos) {
	}

}
