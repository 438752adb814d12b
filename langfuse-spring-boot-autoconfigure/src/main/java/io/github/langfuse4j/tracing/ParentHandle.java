package io.github.langfuse4j.tracing;

import io.github.langfuse4j.ingest.model.ObservationType;

/**
 * What trace and observation handles share: starting child observations, scoring themselves and becoming the
 * current context. A subclass says how its children start ({@link #child}) and what its scores are about
 * ({@link #score(String)}).
 */
abstract class ParentHandle implements LangfuseHandle {

	/** A builder of a child observation of this handle, on this handle's trace and clock. */
	abstract ObservationBuilder child(ObservationType type, String name);

	@Override
	public LangfuseSpanBuilder span(String name) {
		return child(ObservationType.SPAN, name);
	}

	@Override
	public LangfuseGenerationBuilder generation(String name) {
		return child(ObservationType.GENERATION, name);
	}

	@Override
	public LangfuseEventBuilder event(String name) {
		return child(ObservationType.EVENT, name);
	}

	@Override
	public LangfuseGenerationBuilder agent(String name) {
		return child(ObservationType.AGENT, name);
	}

	@Override
	public LangfuseGenerationBuilder tool(String name) {
		return child(ObservationType.TOOL, name);
	}

	@Override
	public LangfuseGenerationBuilder chain(String name) {
		return child(ObservationType.CHAIN, name);
	}

	@Override
	public LangfuseGenerationBuilder retriever(String name) {
		return child(ObservationType.RETRIEVER, name);
	}

	@Override
	public LangfuseGenerationBuilder evaluator(String name) {
		return child(ObservationType.EVALUATOR, name);
	}

	@Override
	public LangfuseGenerationBuilder embedding(String name) {
		return child(ObservationType.EMBEDDING, name);
	}

	@Override
	public LangfuseGenerationBuilder guardrail(String name) {
		return child(ObservationType.GUARDRAIL, name);
	}

	@Override
	public String score(String name, double value) {
		return score(name).value(value).send();
	}

	@Override
	public String score(String name, boolean value) {
		return score(name).value(value).send();
	}

	@Override
	public String score(String name, String value) {
		return score(name).value(value).send();
	}

	@Override
	public LangfuseScope makeCurrent() {
		return LangfuseContext.attach(this);
	}

}
