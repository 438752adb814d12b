/**
 * Rules of the wire model that the tracing API applies early, when a setter receives a
 * value, and the model applies again when a body is built: one home for each rule; and
 * the compact, unmodifiable map that the tracing API and the Spring AI bridge build their
 * values in, which the model keeps without copying it. Not API: types here may change or
 * go away in any release.
 */
package io.github.langfuse4j.internal.model;
