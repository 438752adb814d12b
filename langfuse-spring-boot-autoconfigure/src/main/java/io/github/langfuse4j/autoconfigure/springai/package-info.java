/**
 * Auto-configuration of the Spring AI bridge
 * ({@link io.github.langfuse4j.springai.LangfuseSpringAi}): one observation handler bean
 * per Spring AI module on the class path, switched by {@code langfuse.spring-ai.*}.
 * <p>
 * Values are non-null unless marked {@link org.jspecify.annotations.Nullable @Nullable}.
 */
@NullMarked
package io.github.langfuse4j.autoconfigure.springai;

import org.jspecify.annotations.NullMarked;
