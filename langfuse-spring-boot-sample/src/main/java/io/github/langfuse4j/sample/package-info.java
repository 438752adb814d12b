/**
 * A runnable application that traces with the starter in two ways: by hand through the
 * tracing API (over a fake chat model), and with no code through Spring AI (a ChatClient
 * with a tool over Spring AI's OpenAI model, answered by a local OpenAI stub when no
 * model key is configured); and a local Langfuse stand-in that prints the trace trees
 * when no Langfuse keys are configured.
 */
package io.github.langfuse4j.sample;
