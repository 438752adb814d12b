package io.github.langfuse4j.architecture;

import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.LangfuseIngest;
import io.github.langfuse4j.internal.worker.BatchingLangfuseIngest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package graph: no cycles (the API's factory, {@code LangfuseIngest.create}, is the
 * one edge from the API to the worker), the internal packages never reach up into the
 * tracing API or the auto-configuration, and the public packages hold exactly the listed
 * public types: a new public type is a decision, made here.
 */
class ArchitectureTest {

	private static final Set<String> PUBLIC_PACKAGES = Set.of("io.github.langfuse4j.ingest",
			"io.github.langfuse4j.ingest.model", "io.github.langfuse4j.tracing", "io.github.langfuse4j.autoconfigure",
			"io.github.langfuse4j.springai", "io.github.langfuse4j.autoconfigure.springai");

	/**
	 * What users touch; everything else is package-private or lives in
	 * {@code io.github.langfuse4j.internal}.
	 */
	private static final Set<String> PUBLIC_API = Set.of(
			// ingest: the exporter, its settings and its accounting
			"ingest.CommonSecretsMasker", "ingest.DropReason", "ingest.IngestConfig", "ingest.IngestConfig.Builder",
			"ingest.IngestConfig.Compression", "ingest.IngestConfig.Protocol", "ingest.IngestStats",
			"ingest.InvalidSettingException", "ingest.LangfuseHttpClientCustomizer", "ingest.LangfuseIngest",
			"ingest.LangfuseMasker", "ingest.LangfuseMasker.Field", "ingest.LangfuseRestClientCustomizer",
			"ingest.RequestObserver",
			// ingest.model: the wire model
			"ingest.model.AgentCreate", "ingest.model.ChainCreate", "ingest.model.EmbeddingCreate",
			"ingest.model.EvaluatorCreate", "ingest.model.EventCreate", "ingest.model.GenerationCreate",
			"ingest.model.GenerationUpdate", "ingest.model.GuardrailCreate", "ingest.model.IngestionEvent",
			"ingest.model.LenientValue", "ingest.model.ObservationBody", "ingest.model.ObservationBody.Builder",
			"ingest.model.ObservationEvent", "ingest.model.ObservationLevel", "ingest.model.ObservationType",
			"ingest.model.RetrieverCreate", "ingest.model.ScoreBody", "ingest.model.ScoreBody.Builder",
			"ingest.model.ScoreCreate", "ingest.model.ScoreDataType", "ingest.model.SdkLog", "ingest.model.SdkLogBody",
			"ingest.model.SpanCreate", "ingest.model.SpanUpdate", "ingest.model.ToolCreate", "ingest.model.TraceBody",
			"ingest.model.TraceBody.Builder", "ingest.model.TraceCreate", "ingest.model.Usage",
			"ingest.model.UsageUnit",
			// tracing: the API and its entry point
			"tracing.Langfuse", "tracing.Langfuse.Builder", "tracing.LangfuseContext", "tracing.LangfuseEvent",
			"tracing.LangfuseEventBuilder", "tracing.LangfuseGeneration", "tracing.LangfuseGenerationBuilder",
			"tracing.LangfuseHandle", "tracing.LangfuseObservation", "tracing.LangfuseScope",
			"tracing.LangfuseScoreBuilder", "tracing.LangfuseSpan", "tracing.LangfuseSpanBuilder",
			"tracing.LangfuseTrace", "tracing.LangfuseTraceBuilder",
			// autoconfigure: the auto-configuration, its properties, its beans' types and
			// the customizer
			"autoconfigure.IngestConfigCustomizer", "autoconfigure.LangfuseAutoConfiguration",
			"autoconfigure.LangfuseHealthIndicator", "autoconfigure.LangfuseIngestMetrics",
			"autoconfigure.LangfuseProperties", "autoconfigure.LangfuseProperties.Masking",
			"autoconfigure.LangfuseProperties.Otlp", "autoconfigure.LangfuseRequestMetrics",
			// springai: the Spring AI bridge's advisor parameter keys and handler
			// factories, its auto-configuration and properties
			"springai.LangfuseSpringAi", "autoconfigure.springai.LangfuseSpringAiAutoConfiguration",
			"autoconfigure.springai.LangfuseSpringAiProperties");

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

	@Test
	void thePublicPackagesHoldExactlyThePublicApi() {
		Set<String> found = new TreeSet<>();
		for (JavaClass type : CLASSES) {
			if (PUBLIC_PACKAGES.contains(type.getPackageName()) && isVisible(type)) {
				found.add(type.getFullName().substring("io.github.langfuse4j.".length()).replace('$', '.'));
			}
		}
		assertThat(found).containsExactlyInAnyOrderElementsOf(PUBLIC_API);
	}

	private static boolean isVisible(JavaClass type) {
		for (JavaClass t = type; t != null; t = t.getEnclosingClass().orElse(null)) {
			if (!t.getModifiers().contains(JavaModifier.PUBLIC)) {
				return false;
			}
		}
		return !type.isAnonymousClass();
	}

}
