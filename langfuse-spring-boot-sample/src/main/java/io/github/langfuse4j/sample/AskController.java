package io.github.langfuse4j.sample;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /ask?q=...}: answers a question through the traced workflow. */
@RestController
class AskController {

	private final AnswerService answers;

	AskController(AnswerService answers) {
		this.answers = answers;
	}

	@GetMapping("/ask")
	AnswerService.Answer ask(@RequestParam("q") String question,
			@RequestParam(name = "user", defaultValue = "demo-user") String user,
			@RequestParam(name = "session", defaultValue = "demo-session") String session) {
		return this.answers.answer(question, user, session);
	}

	@ExceptionHandler(IllegalStateException.class)
	@ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
	String modelFailed(IllegalStateException ex) {
		return "The model failed: " + ex.getMessage();
	}

}
