package io.github.langfuse4j.springai;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.Advisor;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

import io.github.langfuse4j.tracing.LangfuseHandle;
import io.github.langfuse4j.tracing.LangfuseSpan;
import io.github.langfuse4j.tracing.LangfuseTrace;

/**
 * The handler of {@code spring-ai-client-chat}'s observations: a ChatClient call becomes
 * a span; when nothing encloses it, the root of a new trace that carries the trace
 * attributes (session from the chat memory's conversation id, user, tags and name from
 * {@link LangfuseSpringAi}'s advisor parameters). Inside the application's current
 * Langfuse trace those attributes go to that trace. Advisor observations are not
 * recorded: their children nest under the ChatClient span. The span has no usage: the
 * ChatClient response sums the whole tool loop, which the generations already carry.
 */
final class ChatClientObservationHandler extends DeferringHandler {

	/** The span name, Spring AI's own contextual name of the observation. */
	static final String NAME = "spring_ai chat_client";

	/** The advisor names of the last call, see {@link #advisors}. */
	private volatile List<String> lastAdvisors = List.of();

	ChatClientObservationHandler(Bridge bridge) {
		super(bridge);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatClientObservationContext;
	}

	/**
	 * On the calling thread: the trace attributes (advisors may change the request's
	 * context map as the call goes on) and a copy of the prompt's messages. Inside the
	 * application's current trace the attributes are set on it here, while it is surely
	 * open (the application may end it as soon as the call returns).
	 */
	@Override
	Kept keepAtStart(Observation.Context context, @Nullable LangfuseHandle current) {
		ChatClientRequest request = ((ChatClientObservationContext) context).getRequest();
		TraceAttributes attributes = TraceAttributes.of(request.context());
		if (!attributes.isEmpty() && current instanceof LangfuseTrace trace
				&& !Bridge.nestsIn(context, ChatClientObservationContext.class, ToolCallingObservationContext.class)) {
			attributes.applyTo(trace, false);
		}
		return new Kept(attributes, request.prompt().getInstructions().toArray());
	}

	/**
	 * What the calling thread keeps of a ChatClient call's start.
	 *
	 * @param attributes the trace attributes
	 * @param messages a copy of the prompt's messages
	 */
	record Kept(TraceAttributes attributes, Object[] messages) {
	}

	@Override
	void start(Callback callback) {
		ChatClientObservationContext context = (ChatClientObservationContext) callback.context();
		Kept kept = (Kept) callback.kept();
		TraceAttributes attributes = kept.attributes();
		// a trace of its own only when it has attributes to carry: otherwise the span is
		// the trace's root, in OTLP without a synthetic root span above it
		Bridge.Placement placement = bridge().place(callback, (attributes.name() != null) ? attributes.name() : NAME,
				!attributes.isEmpty());
		if (placement == null) {
			return;
		}
		if (placement.trace() != null) {
			attributes.applyTo(placement.trace(), true);
		}
		LangfuseSpan span = ((placement.parent() != null) ? placement.parent().span(NAME)
				: callback.langfuse().span(NAME))
			.startTime(placement.startTime())
			.metadata("stream", context.isStream())
			.metadata("advisors", advisors(context.getAdvisors()))
			.metadata("format", context.getFormat())
			.start();
		// known once started (the span may start a trace or join the application's): no
		// messages are kept for a trace that keeps no content
		if (span.isCapturingContent()) {
			// the one place where the ChatClient input is taken (its output: stop)
			Messages input = Messages.input(kept.messages());
			span.input(input);
			if (placement.trace() != null) {
				placement.trace().input(input);
			}
		}
		Bridge.record(context, span, placement);
	}

	/**
	 * The trace attributes given as advisor parameters; the session defaults to the chat
	 * memory's conversation id.
	 */
	record TraceAttributes(@Nullable String userId, @Nullable String sessionId, @Nullable List<String> tags,
			@Nullable String name) {

		static TraceAttributes of(Map<String, @Nullable Object> parameters) {
			String sessionId = Bridge.string(parameters.get(LangfuseSpringAi.SESSION_ID));
			if (sessionId == null) {
				sessionId = Bridge.string(parameters.get(ChatMemory.CONVERSATION_ID));
			}
			return new TraceAttributes(Bridge.string(parameters.get(LangfuseSpringAi.USER_ID)), sessionId,
					Bridge.tags(parameters.get(LangfuseSpringAi.TAGS)),
					Bridge.string(parameters.get(LangfuseSpringAi.TRACE_NAME)));
		}

		boolean isEmpty() {
			return this.userId == null && this.sessionId == null && this.tags == null && this.name == null;
		}

		/** Sets what was given; the name only on a trace that is not new (it has it). */
		void applyTo(LangfuseTrace trace, boolean started) {
			if (this.userId != null) {
				trace.userId(this.userId);
			}
			if (this.sessionId != null) {
				trace.sessionId(this.sessionId);
			}
			if (this.tags != null) {
				trace.tags(this.tags);
			}
			if (this.name != null && !started) {
				trace.name(this.name);
			}
		}

	}

	/**
	 * The advisors' names; the last list is kept and returned again while the names are
	 * the same, as they are from call to call of one ChatClient.
	 */
	private List<String> advisors(@Nullable List<? extends Advisor> advisors) {
		if (advisors == null || advisors.isEmpty()) {
			return List.of();
		}
		List<String> last = this.lastAdvisors;
		if (sameNames(last, advisors)) {
			return last;
		}
		List<String> names = new ArrayList<>(advisors.size());
		for (Advisor advisor : advisors) {
			names.add(advisor.getName());
		}
		List<String> kept = Collections.unmodifiableList(names);
		this.lastAdvisors = kept;
		return kept;
	}

	private static boolean sameNames(List<String> names, List<? extends Advisor> advisors) {
		if (names.size() != advisors.size()) {
			return false;
		}
		for (int i = 0; i < names.size(); i++) {
			if (!Objects.equals(names.get(i), advisors.get(i).getName())) {
				return false;
			}
		}
		return true;
	}

	@Override
	void stop(Callback callback) {
		ChatClientObservationContext context = (ChatClientObservationContext) callback.context();
		Bridge.Recorded recorded = Bridge.recorded(context);
		if (recorded == null) {
			return;
		}
		ChatClientResponse response = context.getResponse();
		if (response != null && recorded.observation().isCapturingContent()) {
			// the one place where the ChatClient output is taken
			Messages output = Messages.output(response.chatResponse());
			recorded.observation().output(output);
			if (recorded.trace() != null) {
				recorded.trace().output(output);
			}
		}
		Throwable error = context.getError();
		if (error != null) {
			recorded.observation().error(error);
		}
		recorded.end(callback.nanoTime());
	}

}
