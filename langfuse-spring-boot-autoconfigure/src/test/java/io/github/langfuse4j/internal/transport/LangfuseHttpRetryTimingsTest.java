package io.github.langfuse4j.internal.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.langfuse4j.LoopbackServer;
import io.github.langfuse4j.LoopbackServer.Response;
import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.LangfuseRestClientCustomizer;
import io.github.langfuse4j.ingest.RequestObserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The retry timings of {@link LangfuseHttp}: the defaults, the backoff's doubling, bound
 * and jitter, and that the client waits what its {@link RetryTimings} say, against a
 * loopback server. Lower bounds only: on a loaded machine a wait may take longer, never
 * shorter.
 */
@ExtendWith(OutputCaptureExtension.class)
class LangfuseHttpRetryTimingsTest {

	private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

	private final LoopbackServer server = new LoopbackServer();

	private final List<Long> arrivals = new CopyOnWriteArrayList<>();

	private LangfuseHttp http;

	@AfterEach
	void stop() {
		if (this.http != null) {
			this.http.close();
		}
		this.server.close();
	}

	private LangfuseHttp http(int maxRetries, RetryTimings timings) {
		IngestConfig config = IngestConfig.builder()
			.host(this.server.url())
			.publicKey("pk-lf-test-1234")
			.secretKey("sk-lf-very-secret-5678")
			.maxRetries(maxRetries)
			.build();
		this.http = new LangfuseHttp(config, LangfuseRestClientCustomizer.NONE, RequestObserver.NONE, timings);
		return this.http;
	}

	/** Answers the first {@code failures} requests with {@code failure}, then 200. */
	private void answer(int failures, Response failure) {
		AtomicInteger count = new AtomicInteger();
		this.server.respond(LoopbackServer.INGESTION, (request) -> {
			this.arrivals.add(System.nanoTime());
			return (count.getAndIncrement() < failures) ? failure : Response.json(200, "{}");
		});
	}

	private long gapNanos(int request) {
		return this.arrivals.get(request) - this.arrivals.get(request - 1);
	}

	@Test
	void theDefaultsAreAQuarterSecondDoublingUpToThirtySecondsAndASecondsPause() {
		assertThat(RetryTimings.DEFAULT)
			.isEqualTo(new RetryTimings(Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofSeconds(1)));
	}

	@Test
	void timingsThatCannotWorkAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryTimings(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryTimings(Duration.ZERO, Duration.ZERO, Duration.ofMillis(-1)));
	}

	@Test
	void theBackoffDoublesFromTheBaseUpToTheMaximumLessAJitterOfUpToAHalf() {
		LangfuseHttp http = http(0,
				new RetryTimings(Duration.ofMillis(100), Duration.ofMillis(1_000), Duration.ofSeconds(1)));
		long[] expected = { 100, 200, 400, 800, 1_000, 1_000 };
		for (int attempt = 0; attempt < expected.length + 60; attempt++) {
			long backoff = Duration.ofMillis(expected[Math.min(attempt, expected.length - 1)]).toNanos();
			for (int sample = 0; sample < 200; sample++) {
				assertThat(http.backoffNanos(attempt)).as("attempt %d", attempt).isBetween(backoff / 2, backoff);
			}
		}
	}

	@Test
	void aServerErrorIsRetriedAfterTheBackoff() {
		answer(2, Response.json(503, "{}"));
		LangfuseHttp http = http(2, new RetryTimings(Duration.ofMillis(40), Duration.ofMillis(40), Duration.ZERO));
		HttpResult result = http.post(LoopbackServer.INGESTION, BODY, BODY.length, Map.of(), Transport.NO_DEADLINE);
		assertThat(result.status()).isEqualTo(200);
		assertThat(this.arrivals).hasSize(3);
		assertThat(gapNanos(1)).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
		assertThat(gapNanos(2)).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
	}

	@Test
	void a429WithoutRetryAfterPausesAllSendingForTheDefaultPause(CapturedOutput output) {
		answer(1, Response.json(429, "{}"));
		Duration pause = Duration.ofMillis(150);
		LangfuseHttp http = http(1, new RetryTimings(Duration.ZERO, Duration.ZERO, pause));
		HttpResult result = http.post(LoopbackServer.INGESTION, BODY, BODY.length, Map.of(), Transport.NO_DEADLINE);
		assertThat(result.status()).isEqualTo(200);
		assertThat(this.arrivals).hasSize(2);
		assertThat(gapNanos(1)).isGreaterThanOrEqualTo(pause.toNanos());
		assertThat(output.getAll()).containsOnlyOnce("Langfuse rate limit reached (HTTP 429); pausing all sending");
	}

	@Test
	void aRetryAfterHeaderWinsOverTheDefaultPause() {
		answer(1, Response.json(429, "{}").withHeader("Retry-After", "1"));
		LangfuseHttp http = http(1, new RetryTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO));
		HttpResult result = http.post(LoopbackServer.INGESTION, BODY, BODY.length, Map.of(), Transport.NO_DEADLINE);
		assertThat(result.status()).isEqualTo(200);
		assertThat(gapNanos(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
	}

}
