/**
 * Id derivation shared by the tracing API and the OTLP transport.
 * <p>
 * Internal: not API. Types here may change or disappear in any release.
 */
package io.github.langfuse4j.internal.ids;
