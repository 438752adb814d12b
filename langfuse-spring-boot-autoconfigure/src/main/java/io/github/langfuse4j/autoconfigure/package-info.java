/**
 * Spring Boot auto-configuration of the Langfuse exporter and tracing API: the
 * {@code langfuse.*} properties, the beans, Micrometer meters, the Actuator health
 * indicator, and the failure analyzers that name the property to fix when a setting is
 * wrong.
 * <p>
 * Values are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.github.langfuse4j.autoconfigure;

import org.jspecify.annotations.NullMarked;
