package io.github.langfuse4j.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small question-answering web application traced with the Langfuse starter: by hand
 * ({@code /ask}) and through Spring AI ({@code /chat}). Without keys it starts a local
 * stand-in for Langfuse, runs a few demo questions and prints what Langfuse would have
 * received; with {@code LANGFUSE_PUBLIC_KEY} and {@code LANGFUSE_SECRET_KEY} (and
 * optionally {@code LANGFUSE_HOST}) it sends to that Langfuse. Without
 * {@code OPENAI_API_KEY} Spring AI's OpenAI model talks to a local stub; with it, to
 * OpenAI.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
