/**
 * Rules of the wire model that the tracing API applies early, when a setter receives a
 * value, and the model applies again when a body is built: one home for each rule. Not
 * API: types here may change or go away in any release.
 */
package io.github.langfuse4j.internal.model;
