package io.github.langfuse4j.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MessageMaps}: found by identity, never by equality; full after
 * {@link MessageMaps#CAPACITY} messages; and, shared by racing threads, never a map of
 * another message.
 */
class MessageMapsTest {

	@Test
	void aMessageIsFoundByIdentity() {
		MessageMaps maps = new MessageMaps();
		UserMessage message = new UserMessage("Hello");
		Map<String, Object> map = Map.of("role", "user", "content", "Hello");
		assertThat(maps.get(message)).isNull();
		maps.put(message, map);
		assertThat(maps.get(message)).isSameAs(map);
		// an equal message is another message: its map is built from it
		assertThat(maps.get(new UserMessage("Hello"))).isNull();
	}

	@Test
	void keepsNoMoreThanItsCapacity() {
		MessageMaps maps = new MessageMaps();
		List<Message> messages = new ArrayList<>();
		for (int i = 0; i <= MessageMaps.CAPACITY; i++) {
			Message message = new UserMessage("m" + i);
			messages.add(message);
			maps.put(message, Map.of("content", "m" + i));
		}
		for (int i = 0; i < MessageMaps.CAPACITY; i++) {
			assertThat(maps.get(messages.get(i))).containsEntry("content", "m" + i);
		}
		assertThat(maps.get(messages.get(MessageMaps.CAPACITY))).isNull();
	}

	@Test
	void racingThreadsNeverGetTheMapOfAnotherMessage() throws Exception {
		int threads = 4;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 200; round++) {
				MessageMaps maps = new MessageMaps();
				CyclicBarrier start = new CyclicBarrier(threads);
				List<Future<Integer>> found = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					int thread = t;
					found.add(pool.submit(() -> {
						List<Message> own = new ArrayList<>();
						for (int i = 0; i < MessageMaps.CAPACITY; i++) {
							own.add(new UserMessage(thread + "/" + i));
						}
						start.await(10, TimeUnit.SECONDS);
						int hits = 0;
						for (int pass = 0; pass < 3; pass++) {
							for (Message message : own) {
								Map<String, Object> map = maps.get(message);
								if (map == null) {
									maps.put(message, Map.of("content", message.getText()));
								}
								else {
									assertThat(map).containsEntry("content", message.getText());
									hits++;
								}
							}
						}
						return hits;
					}));
				}
				int hits = 0;
				for (Future<Integer> result : found) {
					hits += result.get(30, TimeUnit.SECONDS);
				}
				// some entries are found again; a lost race only means a map built twice
				assertThat(hits).isPositive();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
