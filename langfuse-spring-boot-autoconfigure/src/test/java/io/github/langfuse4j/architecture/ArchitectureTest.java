package io.github.langfuse4j.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.internal.worker.BatchingLangfuseIngest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package graph: no cycles (the API's factory, {@code LangfuseIngest.create}, is the one edge from the API to
 * the worker), and the internal packages never reach up into the tracing API or the auto-configuration.
 */
class ArchitectureTest {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.langfuse4j");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("io.github.langfuse4j.(**)")
			.should()
			.beFreeOfCycles()
			.ignoreDependency(LangfuseIngest.class, BatchingLangfuseIngest.class)
			.check(CLASSES);
	}

	@Test
	void internalsDoNotDependOnTheTracingApiOrTheAutoConfiguration() {
		noClasses().that()
			.resideInAPackage("io.github.langfuse4j.internal..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.langfuse4j.tracing..", "io.github.langfuse4j.autoconfigure..")
			.check(CLASSES);
	}

}
