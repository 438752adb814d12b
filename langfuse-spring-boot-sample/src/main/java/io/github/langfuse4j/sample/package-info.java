/**
 * A runnable application that traces with the starter: the tracing API, a fake chat
 * model, and a local Langfuse stand-in that prints the trace tree when no keys are
 * configured.
 */
package io.github.langfuse4j.sample;
