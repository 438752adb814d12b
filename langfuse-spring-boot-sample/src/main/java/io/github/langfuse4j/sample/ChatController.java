package io.github.langfuse4j.sample;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /chat?q=...}: answers a question through Spring AI's ChatClient. */
@RestController
class ChatController {

	private final ChatService chat;

	ChatController(ChatService chat) {
		this.chat = chat;
	}

	@GetMapping("/chat")
	Answer chat(@RequestParam("q") String question,
			@RequestParam(name = "user", defaultValue = "demo-user") String user,
			@RequestParam(name = "session", defaultValue = "demo-session") String session) {
		return new Answer(this.chat.answer(question, user, session));
	}

	@ExceptionHandler(RuntimeException.class)
	@ResponseStatus(HttpStatus.BAD_GATEWAY)
	String modelFailed(RuntimeException ex) {
		return "The model call failed: " + ex.getClass().getSimpleName();
	}

	/** The model's answer. */
	record Answer(String answer) {
	}

}
