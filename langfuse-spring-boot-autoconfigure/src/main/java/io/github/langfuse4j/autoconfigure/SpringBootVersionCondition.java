package io.github.langfuse4j.autoconfigure;

import org.springframework.boot.SpringBootVersion;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Fails the application's startup at once when it runs on a Spring Boot older than 4.0.
 * It is the first thing Spring evaluates of {@link LangfuseAutoConfiguration}, before any
 * of its beans or its Jackson 3 mapper is loaded, and uses only types that Spring Boot
 * 2.7 and 3.x have as well. The version comes from Spring Boot's manifest; a repackaged
 * jar may have none, then a class that Spring Boot 4.0 added decides.
 */
final class SpringBootVersionCondition implements Condition {

	/** A class of the {@code spring-boot} jar that exists from version 4.0 on. */
	static final String SPRING_BOOT_4_CLASS = "org.springframework.boot.EnvironmentPostProcessor";

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		check(SpringBootVersion.getVersion(), springBoot4ClassPresent(context.getClassLoader()));
		return true;
	}

	static boolean springBoot4ClassPresent(ClassLoader classLoader) {
		return ClassUtils.isPresent(SPRING_BOOT_4_CLASS, classLoader);
	}

	/**
	 * Fails if the Spring Boot on the class path is older than 4.0.
	 * @param version the Spring Boot version, or {@code null} if unknown
	 * @param springBoot4ClassPresent whether {@link #SPRING_BOOT_4_CLASS} is present
	 * @throws UnsupportedSpringBootVersionException if the version is older than 4.0
	 */
	static void check(String version, boolean springBoot4ClassPresent) {
		int major = major(version);
		boolean supported = (major >= 0) ? major >= 4 : springBoot4ClassPresent;
		if (!supported) {
			throw new UnsupportedSpringBootVersionException((major >= 0) ? version : null);
		}
	}

	/** The major version, or -1 if {@code version} does not start with one. */
	private static int major(String version) {
		if (version == null) {
			return -1;
		}
		int end = 0;
		while (end < version.length() && end < 4 && Character.isDigit(version.charAt(end))) {
			end++;
		}
		return (end == 0) ? -1 : Integer.parseInt(version.substring(0, end));
	}

}
