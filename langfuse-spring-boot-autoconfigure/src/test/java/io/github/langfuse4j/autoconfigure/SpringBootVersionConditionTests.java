package io.github.langfuse4j.autoconfigure;

import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.BeanDefinitionStoreException;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * On Spring Boot 3.x the starter fails at once with a message naming the requirement and
 * the version found, instead of a {@code NoClassDefFoundError} for a Jackson 3 annotation
 * later (issue 12 item 17).
 */
class SpringBootVersionConditionTests {

	@ParameterizedTest
	@ValueSource(strings = { "3.5.4", "3.0.0", "2.7.18", "3.5.0-SNAPSHOT" })
	void anOlderSpringBootFailsNamingTheRequirementAndTheVersionFound(String version) {
		assertThatExceptionOfType(UnsupportedSpringBootVersionException.class)
			.isThrownBy(() -> SpringBootVersionCondition.check(version, false))
			.withMessageContaining("Spring Boot 4.0 or newer")
			.withMessageContaining("Spring Boot " + version + " was found")
			.satisfies((ex) -> assertThat(ex.getFoundVersion()).isEqualTo(version));
	}

	@ParameterizedTest
	@ValueSource(strings = { "4.0.0", "4.0.7", "4.1.0-M1", "4.1.0-SNAPSHOT", "5.0.0" })
	void springBoot4AndNewerPass(String version) {
		assertThatNoException().isThrownBy(() -> SpringBootVersionCondition.check(version, true));
	}

	@Test
	void anUnknownVersionIsJudgedByAClassSpringBoot4Added() {
		// a repackaged jar may have no version in its manifest
		assertThatNoException().isThrownBy(() -> SpringBootVersionCondition.check(null, true));
		assertThatNoException().isThrownBy(() -> SpringBootVersionCondition.check("custom", true));
		assertThatExceptionOfType(UnsupportedSpringBootVersionException.class)
			.isThrownBy(() -> SpringBootVersionCondition.check(null, false))
			.withMessageContaining("Spring Boot 4.0 or newer")
			.withMessageContaining("an older Spring Boot (version unknown) was found");
	}

	@Test
	void theRunningSpringBootPasses() {
		assertThat(SpringBootVersion.getVersion()).startsWith("4.");
		assertThatNoException().isThrownBy(() -> SpringBootVersionCondition.check(SpringBootVersion.getVersion(),
				SpringBootVersionCondition.springBoot4ClassPresent(getClass().getClassLoader())));
	}

	@Test
	void theAutoConfigurationIsGuardedBeforeAnythingElse() {
		Conditional conditional = AnnotatedElementUtils.findMergedAnnotation(LangfuseAutoConfiguration.class,
				Conditional.class);
		assertThat(conditional).isNotNull();
		assertThat(conditional.value()).containsExactly(SpringBootVersionCondition.class);
	}

	@Test
	void theFailureAnalysisSaysWhatToDo() {
		UnsupportedSpringBootVersionException cause = new UnsupportedSpringBootVersionException("3.5.4");
		FailureAnalysis analysis = new UnsupportedSpringBootVersionFailureAnalyzer()
			.analyze(new BeanDefinitionStoreException("Failed to process import candidates", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Spring Boot 4.0 or newer").contains("3.5.4");
		assertThat(analysis.getAction()).contains("Upgrade to Spring Boot 4.0");
		assertThat(analysis.getCause()).isSameAs(cause);
	}

	@Test
	void theFailureAnalyzersAreRegistered() throws Exception {
		List<String> analyzers = new ArrayList<>();
		Enumeration<URL> files = getClass().getClassLoader()
			.getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION);
		while (files.hasMoreElements()) {
			Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(files.nextElement()));
			String names = factories.getProperty(FailureAnalyzer.class.getName(), "");
			analyzers.addAll(List.of(names.split("\\s*,\\s*")));
		}
		assertThat(analyzers).contains(UnsupportedSpringBootVersionFailureAnalyzer.class.getName(),
				LangfuseHostFailureAnalyzer.class.getName());
	}

}
