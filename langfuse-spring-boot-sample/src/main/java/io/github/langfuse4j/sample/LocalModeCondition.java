package io.github.langfuse4j.sample;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when no Langfuse keys are configured: the sample then runs against its local
 * receiver.
 */
final class LocalModeCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return !StringUtils.hasText(context.getEnvironment().getProperty("langfuse.public-key"))
				|| !StringUtils.hasText(context.getEnvironment().getProperty("langfuse.secret-key"));
	}

}
