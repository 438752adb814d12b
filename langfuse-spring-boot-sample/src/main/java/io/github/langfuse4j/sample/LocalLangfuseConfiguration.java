package io.github.langfuse4j.sample;

import java.io.IOException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.github.langfuse4j.autoconfigure.LangfuseProperties;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.tracing.Langfuse;

/**
 * Without keys, points the starter at a {@link LocalLangfuse} receiver by declaring the
 * {@link IngestConfig} bean itself (the auto-configuration backs off from it). Everything
 * else is the starter as users get it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LocalModeCondition.class)
class LocalLangfuseConfiguration {

	@Bean(destroyMethod = "close")
	LocalLangfuse localLangfuse() throws IOException {
		return new LocalLangfuse();
	}

	@Bean
	IngestConfig langfuseIngestConfig(LangfuseProperties properties, LocalLangfuse local) {
		return properties.toIngestConfig()
			.toBuilder()
			.host(local.url())
			.publicKey(LocalLangfuse.PUBLIC_KEY)
			.secretKey(LocalLangfuse.SECRET_KEY)
			.build();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "sample.demo", matchIfMissing = true)
	DemoRunner demoRunner(LocalLangfuse local, Langfuse langfuse, LangfuseIngest ingest, Environment environment) {
		return new DemoRunner(local, langfuse, ingest, environment);
	}

}
