package io.github.langfuse4j.autoconfigure;

import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.util.ClassUtils;

import io.github.langfuse4j.ingest.model.TraceBody;
import io.github.langfuse4j.internal.json.IngestionResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runtime hints for AOT and native images (issue 12 item 19): every model type the JSON
 * mapper writes or reads, the serializer an annotation names, and the version resource.
 */
class LangfuseRuntimeHintsTests {

	private static final String MODEL = "io.github.langfuse4j.ingest.model";

	private static final String JSON = "io.github.langfuse4j.internal.json";

	private final RuntimeHints hints = new RuntimeHints();

	LangfuseRuntimeHintsTests() {
		new LangfuseRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void theVersionResourceIsIncluded() {
		assertThat(RuntimeHintsPredicates.resource().forResource("io/github/langfuse4j/langfuse-version.properties"))
			.accepts(this.hints);
	}

	@Test
	void everyPublicModelRecordAndEnumCanBeWrittenAndRead() throws Exception {
		List<Class<?>> types = modelTypes();
		assertThat(types).contains(TraceBody.class, IngestionResponse.class, IngestionResponse.Error.class);
		for (Class<?> type : types) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(this.hints);
			if (type.isRecord()) {
				for (RecordComponent component : type.getRecordComponents()) {
					assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor()))
						.as(type.getSimpleName() + "." + component.getName() + "()")
						.accepts(this.hints);
				}
			}
		}
	}

	@Test
	void theResponseRecordsCanBeCreatedByTheMapper() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(IngestionResponse.Error.class.getDeclaredConstructors()[0])).accepts(this.hints);
	}

	@Test
	void theSerializerNamedByAnAnnotationCanBeCreated() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of(MODEL + ".LenientValueSerializer"))
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
	}

	@Test
	void theAutoConfigurationImportsTheHints() {
		ImportRuntimeHints imported = LangfuseAutoConfiguration.class.getAnnotation(ImportRuntimeHints.class);
		assertThat(imported).isNotNull();
		assertThat(imported.value()).contains(LangfuseRuntimeHints.class);
	}

	private static List<Class<?>> modelTypes() throws ClassNotFoundException {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isIndependent();
			}
		};
		scanner.addIncludeFilter((reader, factory) -> true);
		List<Class<?>> types = new ArrayList<>();
		for (String pkg : List.of(MODEL, JSON)) {
			for (BeanDefinition definition : scanner.findCandidateComponents(pkg)) {
				Class<?> type = ClassUtils.forName(definition.getBeanClassName(),
						LangfuseRuntimeHintsTests.class.getClassLoader());
				if (Modifier.isPublic(type.getModifiers()) && (type.isRecord() || type.isEnum())) {
					types.add(type);
				}
			}
		}
		return types;
	}

}
