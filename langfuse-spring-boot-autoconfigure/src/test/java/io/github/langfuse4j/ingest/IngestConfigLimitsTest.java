package io.github.langfuse4j.ingest;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every numeric setting has a lower and an upper bound, checked however the configuration
 * is built (issue 12 item 4): a value outside fails with an
 * {@link InvalidSettingException} naming the setting, before anything is allocated.
 */
class IngestConfigLimitsTest {

	static Stream<Arguments> outOfRange() {
		return Stream.of(
				// the ring of a stripe overflowed to 2 slots and lost almost every event
				outside("queue-capacity", (b) -> b.queueCapacity((1 << 30) + 1)),
				// OutOfMemoryError at startup, naming no property
				outside("queue-capacity", (b) -> b.queueCapacity(Integer.MAX_VALUE)),
				outside("queue-capacity", (b) -> b.queueCapacity(IngestConfig.MAX_QUEUE_CAPACITY + 1)),
				outside("max-batch", (b) -> b.maxBatch(Integer.MAX_VALUE)),
				outside("max-batch", (b) -> b.maxBatch(IngestConfig.MAX_MAX_BATCH + 1)),
				// the worker spun a core
				outside("flush-interval", (b) -> b.flushInterval(Duration.ofNanos(1))),
				outside("flush-interval", (b) -> b.flushInterval(Duration.ofMillis(9))),
				outside("flush-interval", (b) -> b.flushInterval(Duration.ofHours(1).plusMillis(1))),
				// far above what any Langfuse accepts
				outside("max-batch-bytes", (b) -> b.maxBatchBytes(Integer.MAX_VALUE)),
				outside("max-batch-bytes", (b) -> b.maxBatchBytes(IngestConfig.MAX_BODY_BYTES + 1)),
				outside("max-event-bytes", (b) -> b.maxEventBytes(IngestConfig.MAX_BODY_BYTES + 1)),
				outside("connect-timeout", (b) -> b.connectTimeout(Duration.ofNanos(999_999))),
				outside("connect-timeout", (b) -> b.connectTimeout(Duration.ofDays(365 * 300))),
				outside("read-timeout", (b) -> b.readTimeout(Duration.ofNanos(1))),
				outside("read-timeout", (b) -> b.readTimeout(Duration.ofHours(2))),
				outside("shutdown-timeout", (b) -> b.shutdownTimeout(Duration.ofHours(2))),
				outside("max-retries", (b) -> b.maxRetries(11)),
				outside("max-retries", (b) -> b.maxRetries(Integer.MAX_VALUE)));
	}

	private static Arguments outside(String setting, UnaryOperator<IngestConfig.Builder> change) {
		return Arguments.of(setting, change);
	}

	@ParameterizedTest(name = "{0} #{index}")
	@MethodSource("outOfRange")
	void aValueOutsideItsRangeFailsNamingTheSetting(String setting, UnaryOperator<IngestConfig.Builder> change) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> change.apply(IngestConfig.builder()).build())
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo(setting))
			.satisfies((ex) -> assertThat(ex.getReason()).startsWith("must be between"));
	}

	@Test
	void theBoundsThemselvesAreAccepted() {
		IngestConfig lowest = IngestConfig.builder()
			.maxBatch(1)
			.maxBatchBytes(1)
			.maxEventBytes(1)
			.queueCapacity(1)
			.flushInterval(Duration.ofMillis(10))
			.connectTimeout(Duration.ofMillis(1))
			.readTimeout(Duration.ofMillis(1))
			.shutdownTimeout(Duration.ZERO)
			.maxRetries(0)
			.build();
		assertThat(lowest.flushInterval()).isEqualTo(Duration.ofMillis(10));
		IngestConfig highest = IngestConfig.builder()
			.maxBatch(IngestConfig.MAX_MAX_BATCH)
			.maxBatchBytes(IngestConfig.MAX_BODY_BYTES)
			.maxEventBytes(IngestConfig.MAX_BODY_BYTES)
			.queueCapacity(IngestConfig.MAX_QUEUE_CAPACITY)
			.flushInterval(Duration.ofHours(1))
			.connectTimeout(Duration.ofHours(1))
			.readTimeout(Duration.ofHours(1))
			.shutdownTimeout(Duration.ofHours(1))
			.maxRetries(10)
			.build();
		assertThat(highest.queueCapacity()).isEqualTo(1_000_000);
		assertThat(highest.maxBatchBytes()).isEqualTo(4_718_592);
	}

}
