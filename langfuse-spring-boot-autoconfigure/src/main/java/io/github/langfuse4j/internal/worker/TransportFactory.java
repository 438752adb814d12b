package io.github.langfuse4j.internal.worker;

import io.github.langfuse4j.ingest.RequestObserver;
import io.github.langfuse4j.internal.transport.Outcomes;
import io.github.langfuse4j.internal.transport.Transport;

/**
 * Builds the exporter's {@link Transport} once the exporter's counters exist, so that the
 * transport reports to them. The exporter's public constructor builds the HTTP transport;
 * a test passes one of its own.
 */
@FunctionalInterface
interface TransportFactory {

	/**
	 * Builds the transport.
	 * @param outcomes where the transport reports what became of each event
	 * @param observer where the transport reports each request it made
	 * @return the transport, not {@code null}
	 */
	Transport create(Outcomes outcomes, RequestObserver observer);

}
