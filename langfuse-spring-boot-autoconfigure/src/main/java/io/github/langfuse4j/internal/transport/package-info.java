/**
 * The two Langfuse wire protocols and the HTTP underneath them: the ingestion batch
 * endpoint, OTLP/HTTP JSON with its span assembly, request bodies, the requests in
 * flight, retries and response handling.
 * <p>
 * Internal: not API. Types here may change or disappear in any release.
 */
package io.github.langfuse4j.internal.transport;
