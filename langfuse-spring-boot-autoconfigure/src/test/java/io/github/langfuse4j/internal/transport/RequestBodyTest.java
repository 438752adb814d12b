package io.github.langfuse4j.internal.transport;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for the request body the transports write items into. */
class RequestBodyTest {

	private final RequestBody body = new RequestBody(4);

	@Test
	void joinsItemsWithCommasBetweenPrefixAndSuffix() {
		this.body.start(bytes("["));
		add("{\"a\":1}");
		add("{\"b\":2}");
		add("{\"c\":3}");
		this.body.finish(bytes("]"));
		assertThat(text()).isEqualTo("[{\"a\":1},{\"b\":2},{\"c\":3}]");
		assertThat(this.body.items()).isEqualTo(3);
		assertThat(new String(this.body.item(1), StandardCharsets.UTF_8)).isEqualTo("{\"b\":2}");
	}

	@Test
	void rollingBackAnItemRemovesItAndItsComma() {
		this.body.start(bytes("["));
		add("{\"a\":1}");
		int mark = this.body.beginItem();
		this.body.writeBytes(bytes("{\"half"));
		this.body.rollback(mark);
		add("{\"c\":3}");
		this.body.finish(bytes("]"));
		assertThat(text()).isEqualTo("[{\"a\":1},{\"c\":3}]");
		assertThat(new String(this.body.item(1), StandardCharsets.UTF_8)).isEqualTo("{\"c\":3}");
	}

	@Test
	void rollingBackTheFirstItemLeavesThePrefixAlone() {
		this.body.start(bytes("{\"batch\":["));
		int mark = this.body.beginItem();
		this.body.writeBytes(bytes("{\"broken"));
		this.body.rollback(mark);
		add("{\"a\":1}");
		this.body.finish(bytes("]}"));
		assertThat(text()).isEqualTo("{\"batch\":[{\"a\":1}]}");
	}

	@Test
	void keepsTrackOfManyItemsAndCarriesOneIntoTheNextBody() {
		this.body.start(bytes("["));
		for (int i = 0; i < 300; i++) {
			add(Integer.toString(i));
		}
		assertThat(this.body.items()).isEqualTo(300);
		assertThat(new String(this.body.item(299), StandardCharsets.UTF_8)).isEqualTo("299");
		int mark = this.body.beginItem();
		this.body.writeBytes(bytes("300"));
		byte[] taken = this.body.takeBack(mark);
		assertThat(new String(taken, StandardCharsets.UTF_8)).isEqualTo("300");
		assertThat(text()).endsWith(",298,299");
		this.body.start(bytes("["));
		this.body.addItem(taken);
		add("x");
		this.body.finish(bytes("]"));
		assertThat(text()).isEqualTo("[300,x]");
		assertThat(this.body.items()).isEqualTo(2);
	}

	@Test
	void givesMemoryBackAfterAnUnusuallyLargeRequest() {
		RequestBody body = new RequestBody(1024, 256 * 1024);
		body.start(bytes("["));
		body.addItem(bytes("\"" + "x".repeat(20 * 1024 * 1024) + "\""));
		body.finish(bytes("]"));
		assertThat(body.capacity()).isGreaterThan(20 * 1024 * 1024);
		body.start(bytes("["));
		assertThat(body.capacity()).isEqualTo(1024);
		assertThat(body.size()).isEqualTo(1);
		// a body within the retained size keeps its array for the next request
		body.addItem(bytes("\"" + "y".repeat(40 * 1024) + "\""));
		body.finish(bytes("]"));
		int grown = body.capacity();
		assertThat(grown).isGreaterThan(40 * 1024).isLessThanOrEqualTo(256 * 1024);
		body.start(bytes("["));
		assertThat(body.capacity()).isEqualTo(grown);
	}

	private void add(String json) {
		int mark = this.body.beginItem();
		this.body.writeBytes(bytes(json));
		this.body.endItem(mark);
	}

	private String text() {
		return new String(this.body.array(), 0, this.body.size(), StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
