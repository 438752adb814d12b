package io.github.langfuse4j.internal.transport;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.langfuse4j.ingest.DropReason;
import io.github.langfuse4j.internal.transport.BatchWriter.Item;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the one batching loop of both transports, without HTTP: items are short
 * strings written as {@code "text"} between {@code [} and {@code ]}, posted to a
 * recording function instead of a server.
 */
class BatchWriterTest {

	private static final byte[] PREFIX = "[".getBytes(StandardCharsets.UTF_8);

	private static final byte[] SUFFIX = "]".getBytes(StandardCharsets.UTF_8);

	private final CountedOutcomes outcomes = new CountedOutcomes();

	/**
	 * One request in flight, so that requests are posted in the order they were written.
	 */
	private final Senders senders = new Senders(1, 64, 1024, this.outcomes);

	/** The bodies posted, in order. */
	private final List<String> posted = Collections.synchronizedList(new ArrayList<>());

	/** Why items were dropped before a request, as told to the accounting. */
	private final List<String> dropped = Collections.synchronizedList(new ArrayList<>());

	/** Items refused alone with a 413. */
	private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

	/** The answer to a posted body. */
	private Function<String, HttpResult> server = (body) -> ok();

	/** How many times the encoder wrote an item. */
	private final AtomicInteger encodes = new AtomicInteger();

	@AfterEach
	void close() {
		this.senders.shutdownNow(0);
	}

	@Test
	void cutsRequestsByCount() {
		BatchWriter<Note> writer = writer(3, 1000, 100);
		writer.write(notes("a", "b", "c", "d", "e", "f", "g"), Transport.NO_DEADLINE);
		writer.send(Transport.NO_DEADLINE);
		awaitIdle();
		assertThat(this.posted).containsExactly("[\"a\",\"b\",\"c\"]", "[\"d\",\"e\",\"f\"]", "[\"g\"]");
		assertThat(this.outcomes.sent).isEqualTo(7);
		assertThat(this.outcomes.total()).isEqualTo(7);
	}

	@Test
	void cutsRequestsByBytesWithoutSplittingAnItem() {
		// "[" + "aaaa" (6 bytes with quotes) + "," + "bbbb" + "]" = 15 bytes: two items
		// fit in 15, three do not
		BatchWriter<Note> writer = writer(100, 15, 10);
		writer.write(notes("aaaa", "bbbb", "cccc", "dddd", "e"), Transport.NO_DEADLINE);
		writer.send(Transport.NO_DEADLINE);
		awaitIdle();
		assertThat(this.posted).containsExactly("[\"aaaa\",\"bbbb\"]", "[\"cccc\",\"dddd\"]", "[\"e\"]");
		assertThat(this.posted).allSatisfy((body) -> assertThat(body.length()).isLessThanOrEqualTo(15));
		assertThat(this.outcomes.sent).isEqualTo(5);
	}

	@Test
	void shrinksAnItemLargerThanAnItemMayBe() {
		BatchWriter<Note> writer = writer(100, 1000, 8);
		writer.write(notes("a", "shrink-me-please", "b"), Transport.NO_DEADLINE);
		writer.send(Transport.NO_DEADLINE);
		awaitIdle();
		// the encoder keeps the first six characters: "shrink" with quotes is 8 bytes
		assertThat(this.posted).containsExactly("[\"a\",\"shrink\",\"b\"]");
		assertThat(this.outcomes.sent).isEqualTo(3);
		assertThat(this.dropped).isEmpty();
	}

	@Test
	void dropsAnItemThatCannotBeMadeToFitAndSendsTheRest() {
		BatchWriter<Note> writer = writer(100, 1000, 8);
		writer.write(List.of(new Note("a", 1), new Note("huge-and-unshrinkable", 3), new Note("b", 1)),
				Transport.NO_DEADLINE);
		writer.send(Transport.NO_DEADLINE);
		awaitIdle();
		assertThat(this.posted).containsExactly("[\"a\",\"b\"]");
		assertThat(this.outcomes.sent).isEqualTo(2);
		assertThat(this.outcomes.dropped(DropReason.OVERSIZE)).isEqualTo(3);
		assertThat(this.dropped).singleElement().asString().contains("23 bytes").contains("(8 bytes)");
		assertThat(this.outcomes.total()).isEqualTo(5);
	}

	@Test
	void dropsAnItemThatCannotBeWrittenAndSendsTheRest() {
		BatchWriter<Note> writer = writer(100, 1000, 100);
		writer.write(notes("a", "bad", "b"), Transport.NO_DEADLINE);
		writer.send(Transport.NO_DEADLINE);
		awaitIdle();
		assertThat(this.posted).containsExactly("[\"a\",\"b\"]");
		assertThat(this.outcomes.dropped(DropReason.SERIALIZATION)).isEqualTo(1);
		assertThat(this.dropped).singleElement().asString().contains("IllegalStateException");
		assertThat(this.outcomes.total()).isEqualTo(3);
		assertThat(writer.unsent()).isZero();
	}

	@Test
	void splitsA413InHalvesDownToOneItem() {
		this.server = (body) -> body.contains(",") ? status(413) : ok();
		BatchWriter<Note> writer = writer(100, 1000, 100);
		writer.write(notes("a", "b", "c", "d", "e"), Transport.NO_DEADLINE);
		writer.send(Transport.NO_DEADLINE);
		awaitIdle();
		assertThat(this.posted).containsExactly("[\"a\",\"b\",\"c\",\"d\",\"e\"]", "[\"a\",\"b\"]", "[\"a\"]",
				"[\"b\"]", "[\"c\",\"d\",\"e\"]", "[\"c\"]", "[\"d\",\"e\"]", "[\"d\"]", "[\"e\"]");
		assertThat(this.outcomes.sent).isEqualTo(5);
		assertThat(this.outcomes.total()).isEqualTo(5);
	}

	@Test
	void dropsAnItemThatGetsA413Alone() {
		this.server = (body) -> body.contains("big") ? status(413) : ok();
		BatchWriter<Note> writer = writer(100, 1000, 100);
		writer.write(List.of(new Note("a", 1), new Note("big", 4), new Note("c", 1), new Note("d", 1)),
				Transport.NO_DEADLINE);
		writer.send(Transport.NO_DEADLINE);
		awaitIdle();
		assertThat(this.refused).containsExactly("big");
		assertThat(this.outcomes.dropped(DropReason.OVERSIZE)).isEqualTo(4);
		assertThat(this.outcomes.sent).isEqualTo(3);
		assertThat(this.outcomes.total()).isEqualTo(7);
	}

	@Test
	void countsEveryEventExactlyOnceWhateverTheAnswer() {
		this.server = (body) -> body.contains("reject") ? status(400) : (body.contains("fail") ? status(503) : ok());
		BatchWriter<Note> writer = writer(2, 1000, 100);
		writer.write(List.of(new Note("ok", 2), new Note("ok", 3), new Note("reject", 5), new Note("x", 1),
				new Note("fail", 7), new Note("bad", 11), new Note("y", 13)), Transport.NO_DEADLINE);
		writer.send(Transport.NO_DEADLINE);
		awaitIdle();
		// requests: [ok, ok], [reject, x], [fail, y]; bad is dropped before any request
		assertThat(this.posted).hasSize(3);
		assertThat(this.outcomes.sent).isEqualTo(2 + 3);
		assertThat(this.outcomes.rejected).isEqualTo(5 + 1);
		assertThat(this.outcomes.failed).isEqualTo(7 + 13);
		assertThat(this.outcomes.dropped(DropReason.SERIALIZATION)).isEqualTo(11);
		assertThat(this.outcomes.total()).isEqualTo(2 + 3 + 5 + 1 + 7 + 11 + 13);
		assertThat(writer.unsent()).isZero();
	}

	@Test
	void dropsEverythingOnceTheDeadlineHasPassed() {
		BatchWriter<Note> writer = writer(100, 1000, 100);
		writer.write(List.of(new Note("a", 2), new Note("b", 3)), System.nanoTime() - 1);
		writer.send(Transport.NO_DEADLINE);
		awaitIdle();
		assertThat(this.posted).isEmpty();
		assertThat(this.outcomes.dropped(DropReason.SHUTDOWN)).isEqualTo(5);
		assertThat(writer.unsent()).isZero();
	}

	@Test
	void heldItemsAreWrittenAgainAheadOfTheNextOnes() {
		BatchWriter<Note> writer = writer(100, 1000, 100);
		writer.write(List.of(new Note("a", 2), new Note("b", 3)), Transport.NO_DEADLINE);
		writer.hold();
		writer.settle();
		assertThat(writer.heldCount()).isEqualTo(2);
		assertThat(writer.heldBytes()).isEqualTo("\"a\",\"b\"".length());
		assertThat(writer.unsent()).isEqualTo(5);
		assertThat(this.posted).isEmpty();
		writer.write(notes("c"), Transport.NO_DEADLINE);
		writer.send(Transport.NO_DEADLINE);
		writer.settle();
		awaitIdle();
		assertThat(this.posted).containsExactly("[\"a\",\"b\",\"c\"]");
		assertThat(this.outcomes.sent).isEqualTo(6);
		assertThat(writer.heldCount()).isZero();
		assertThat(writer.unsent()).isZero();
	}

	@Test
	void heldItemsAreNotEncodedAgain() {
		BatchWriter<Note> writer = writer(3, 1000, 100);
		writer.write(notes("a", "b"), Transport.NO_DEADLINE);
		writer.hold();
		writer.settle();
		writer.write(notes("c", "d", "e"), Transport.NO_DEADLINE);
		writer.hold();
		writer.settle();
		writer.write(notes("f"), Transport.NO_DEADLINE);
		writer.send(Transport.NO_DEADLINE);
		writer.settle();
		awaitIdle();
		assertThat(this.posted).containsExactly("[\"a\",\"b\",\"c\"]", "[\"d\",\"e\",\"f\"]");
		assertThat(this.encodes).hasValue(6);
		assertThat(this.outcomes.sent).isEqualTo(6);
		assertThat(writer.unsent()).isZero();
	}

	@Test
	void heldItemsAreCutByBytesLikeOthers() {
		// each note is 3 bytes plus a comma: 2 + 3 + 1 + 3 + 1 + 3 + 1 = 14 bytes take 3
		// notes, a fourth would not fit in 15
		BatchWriter<Note> writer = writer(100, 15, 100);
		writer.write(notes("a", "b"), Transport.NO_DEADLINE);
		writer.hold();
		writer.settle();
		assertThat(writer.heldBytes()).isEqualTo("\"a\",\"b\"".length());
		writer.write(notes("c", "d"), Transport.NO_DEADLINE);
		writer.send(Transport.NO_DEADLINE);
		writer.settle();
		awaitIdle();
		assertThat(this.posted).containsExactly("[\"a\",\"b\",\"c\"]", "[\"d\"]");
		assertThat(this.encodes).hasValue(4);
		assertThat(writer.unsent()).isZero();
	}

	@Test
	void discardingHeldItemsReturnsTheirEvents() {
		BatchWriter<Note> writer = writer(100, 1000, 100);
		writer.write(List.of(new Note("a", 2), new Note("b", 3)), Transport.NO_DEADLINE);
		writer.hold();
		assertThat(writer.discardHeld()).isEqualTo(5);
		assertThat(writer.heldCount()).isZero();
		assertThat(writer.unsent()).isZero();
	}

	@Test
	void theItemBoundLeavesRoomForPrefixAndSuffix() {
		assertThat(BatchWriter.maxItemBytes(1000, 100, PREFIX, SUFFIX)).isEqualTo(98);
		assertThat(BatchWriter.maxItemBytes(50, 100, PREFIX, SUFFIX)).isEqualTo(50);
		assertThat(BatchWriter.maxItemBytes(50, 1, PREFIX, SUFFIX)).isZero();
	}

	private BatchWriter<Note> writer(int maxBatch, int maxBatchBytes, int maxItemBytes) {
		BatchWriter.Accounting<Note> accounting = new BatchWriter.Accounting<>() {

			@Override
			public HttpResult post(RequestBody body, long deadlineNanos) {
				String text = new String(body.toByteArray(), StandardCharsets.UTF_8);
				BatchWriterTest.this.posted.add(text);
				return BatchWriterTest.this.server.apply(text);
			}

			@Override
			public boolean accounted(List<Note> items, HttpResult result) {
				if (!result.isSuccess()) {
					return false;
				}
				BatchWriterTest.this.outcomes.sent(events(items));
				return true;
			}

			@Override
			public void answered(RequestBody request, List<Item<Note>> chunk, HttpResult result, long deadlineNanos,
					int attempt) {
				List<Note> items = chunk.stream().map(Item::value).toList();
				if (result.isSuccess()) {
					BatchWriterTest.this.outcomes.sent(events(items));
				}
				else if (result.isTransient()) {
					BatchWriterTest.this.outcomes.failed(events(items), result.describe());
				}
				else {
					BatchWriterTest.this.outcomes.rejected(events(items));
				}
			}

			@Override
			public void refused(Item<Note> item, HttpResult result) {
				BatchWriterTest.this.refused.add(item.value().text());
			}

			@Override
			public void dropped(Note item, String why) {
				BatchWriterTest.this.dropped.add(why);
			}

		};
		return new BatchWriter<>(this.senders, this.outcomes, new NoteEncoder(maxItemBytes, this.encodes), PREFIX,
				SUFFIX, maxBatch, maxBatchBytes, maxItemBytes, accounting);
	}

	private void awaitIdle() {
		assertThat(this.senders.awaitIdle(System.nanoTime() + TimeUnit.SECONDS.toNanos(10))).isTrue();
	}

	private static int events(List<Note> notes) {
		return notes.stream().mapToInt(Note::events).sum();
	}

	private static List<Note> notes(String... texts) {
		List<Note> notes = new ArrayList<>();
		for (String text : texts) {
			notes.add(new Note(text, 1));
		}
		return notes;
	}

	private static HttpResult ok() {
		return status(200);
	}

	private static HttpResult status(int status) {
		return new HttpResult(status, new byte[0], null, null);
	}

	/** An item: its text and how many events it stands for. */
	record Note(String text, int events) {
	}

	/**
	 * Writes a note as a JSON string; {@code "bad"} cannot be written, a note starting
	 * with {@code "huge"} cannot be shrunk, others shrink by keeping their first
	 * characters.
	 */
	private record NoteEncoder(int maxBytes, AtomicInteger encodes) implements BatchWriter.Encoder<Note> {

		@Override
		public void write(Note note, OutputStream out) {
			this.encodes.incrementAndGet();
			if (note.text().equals("bad")) {
				throw new IllegalStateException("not writable");
			}
			try {
				out.write(json(note.text()));
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

		@Override
		public EventShrinker.Shrunk<Note> shrink(Note note, byte[] json) {
			if (note.text().startsWith("huge")) {
				return null;
			}
			Note smaller = new Note(note.text().substring(0, this.maxBytes - 2), note.events());
			return new EventShrinker.Shrunk<>(smaller, json(smaller.text()));
		}

		@Override
		public int events(Note note) {
			return note.events();
		}

		private static byte[] json(String text) {
			return ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8);
		}

	}

}
