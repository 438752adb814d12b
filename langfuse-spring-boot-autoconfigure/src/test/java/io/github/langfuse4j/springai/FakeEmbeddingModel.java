package io.github.langfuse4j.springai;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.ai.embedding.observation.DefaultEmbeddingModelObservationConvention;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationDocumentation;

/**
 * An embedding model that observes as Spring AI 2.0's providers do (the merged request in
 * the context, the response set inside {@code observe}); three dimensions from the text's
 * bytes, one prompt token per word.
 */
class FakeEmbeddingModel implements EmbeddingModel {

	static final String MODEL = "fake-embedding";

	private final ObservationRegistry registry;

	FakeEmbeddingModel(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public EmbeddingResponse call(EmbeddingRequest request) {
		EmbeddingRequest merged = new EmbeddingRequest(request.getInstructions(),
				EmbeddingOptions.builder().model(MODEL).dimensions(3).build());
		EmbeddingModelObservationContext context = EmbeddingModelObservationContext.builder()
			.embeddingRequest(merged)
			.provider("openai")
			.build();
		return EmbeddingModelObservationDocumentation.EMBEDDING_MODEL_OPERATION
			.observation(null, new DefaultEmbeddingModelObservationConvention(), () -> context, this.registry)
			.observe(() -> {
				List<Embedding> embeddings = new ArrayList<>();
				int tokens = 0;
				for (String text : merged.getInstructions()) {
					embeddings.add(new Embedding(vector(text), embeddings.size()));
					tokens += text.split("\\s+").length;
				}
				EmbeddingResponse response = new EmbeddingResponse(embeddings,
						new EmbeddingResponseMetadata(MODEL, new DefaultUsage(tokens, 0, tokens)));
				context.setResponse(response);
				return response;
			});
	}

	private static float[] vector(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		float[] vector = new float[3];
		for (int i = 0; i < bytes.length; i++) {
			vector[i % 3] += bytes[i];
		}
		return vector;
	}

	@Override
	public float[] embed(Document document) {
		return call(new EmbeddingRequest(List.of(document.getText()), null)).getResult().getOutput();
	}

	@Override
	public int dimensions() {
		return 3;
	}

}
