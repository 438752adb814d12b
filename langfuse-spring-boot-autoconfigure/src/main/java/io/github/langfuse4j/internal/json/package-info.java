/**
 * The exporter's JSON mapper, its serializers, and the response of the ingestion
 * endpoint.
 * <p>
 * Internal: not API. Types here may change or disappear in any release.
 */
package io.github.langfuse4j.internal.json;
