/**
 * JMH benchmarks of the exporter and the tracing API against their peers (OpenTelemetry's
 * BatchSpanProcessor, Zipkin's AsyncReporter), the heap footprint, and the distant-server
 * run. Not published.
 */
package io.github.langfuse4j.bench;
