package io.github.langfuse4j.internal.ids;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The sample-rate decision against OpenTelemetry's own {@code TraceIdRatioBased} sampler
 * (the SDK is a test dependency only): the same decision for the same id and ratio, and
 * the expected share of traces kept.
 */
class TraceIdRatioTest {

	private static final int IDS = 100_000;

	@ParameterizedTest
	@ValueSource(doubles = { 0.0, 0.0001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999, 1.0 })
	void decidesLikeOpenTelemetryAndKeepsTheRatio(double ratio) {
		TraceIdRatio sampler = TraceIdRatio.of(ratio);
		Sampler otel = Sampler.traceIdRatioBased(ratio);
		SplittableRandom random = new SplittableRandom(Double.doubleToLongBits(ratio));
		int kept = 0;
		for (int i = 0; i < IDS; i++) {
			String id = randomTraceId(random);
			boolean keeps = sampler.keeps(id);
			assertThat(keeps).as("ratio %s, trace id %s", ratio, id).isEqualTo(otelKeeps(otel, id));
			if (keeps) {
				kept++;
			}
		}
		// binomial: within 6 standard deviations (a false alarm about once in 10^9 runs)
		double expected = ratio * IDS;
		double sigma = Math.sqrt(IDS * ratio * (1 - ratio));
		assertThat((double) kept).as("kept of %s at ratio %s", IDS, ratio)
			.isBetween(expected - 6 * sigma - 1, expected + 6 * sigma + 1);
	}

	@Test
	void theEndsAreExact() {
		SplittableRandom random = new SplittableRandom(7);
		for (int i = 0; i < 1000; i++) {
			String id = randomTraceId(random);
			assertThat(TraceIdRatio.of(0).keeps(id)).isFalse();
			assertThat(TraceIdRatio.of(1).keeps(id)).isTrue();
		}
		assertThat(TraceIdRatio.of(1).keepsAll()).isTrue();
		assertThat(TraceIdRatio.of(0.999999).keepsAll()).isFalse();
	}

	@Test
	void edgesOfTheLowerBitsDecideLikeOpenTelemetry() {
		for (String lower : List.of("0000000000000000", "0000000000000001", "8000000000000000", "8000000000000001",
				"7fffffffffffffff", "ffffffffffffffff", "4000000000000000", "3fffffffffffffff")) {
			String id = "0123456789abcdef" + lower;
			for (double ratio : new double[] { 0.0, 0.25, 0.5, 0.75 }) {
				assertThat(TraceIdRatio.of(ratio).keeps(id)).as("%s at %s", id, ratio)
					.isEqualTo(otelKeeps(Sampler.traceIdRatioBased(ratio), id));
			}
		}
	}

	@Test
	void otherIdShapesAreDecidedOnTheIdTheOtlpTransportSends() {
		SplittableRandom random = new SplittableRandom(11);
		for (double ratio : new double[] { 0.1, 0.5, 0.9 }) {
			TraceIdRatio sampler = TraceIdRatio.of(ratio);
			Sampler otel = Sampler.traceIdRatioBased(ratio);
			for (int i = 0; i < 2000; i++) {
				String hex = randomTraceId(random);
				String uuid = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
						+ hex.substring(16, 20) + "-" + hex.substring(20);
				String upper = uuid.toUpperCase(Locale.ROOT);
				String businessKey = "order-" + random.nextInt();
				assertThat(sampler.keeps(uuid)).isEqualTo(otelKeeps(otel, hex));
				assertThat(sampler.keeps(upper)).isEqualTo(otelKeeps(otel, hex));
				assertThat(sampler.keeps(hex.toUpperCase(Locale.ROOT))).isEqualTo(otelKeeps(otel, hex));
				assertThat(sampler.keeps(businessKey)).isEqualTo(otelKeeps(otel, OtlpTraceIds.of(businessKey)));
			}
		}
	}

	@Test
	void anAllZeroIdIsDecidedOnItsHashLikeTheOtlpTransportMapsIt() {
		String zeros = "00000000000000000000000000000000";
		String uuidZeros = "00000000-0000-0000-0000-000000000000";
		for (double ratio : new double[] { 0.1, 0.5, 0.9 }) {
			Sampler otel = Sampler.traceIdRatioBased(ratio);
			assertThat(TraceIdRatio.of(ratio).keeps(zeros)).isEqualTo(otelKeeps(otel, OtlpTraceIds.of(zeros)));
			assertThat(TraceIdRatio.of(ratio).keeps(uuidZeros)).isEqualTo(otelKeeps(otel, OtlpTraceIds.of(uuidZeros)));
		}
		assertThat(OtlpTraceIds.of(zeros)).isNotEqualTo(zeros).hasSize(32);
	}

	@Test
	void lowerBitsMatchTheMappedId() {
		SplittableRandom random = new SplittableRandom(3);
		for (int i = 0; i < 1000; i++) {
			String hex = randomTraceId(random);
			assertThat(OtlpTraceIds.lowerBits(hex)).isEqualTo(Long.parseUnsignedLong(hex.substring(16), 16));
			String key = "key-" + i;
			assertThat(OtlpTraceIds.lowerBits(key))
				.isEqualTo(Long.parseUnsignedLong(OtlpTraceIds.of(key).substring(16), 16));
		}
	}

	@Test
	void refusesRatiosOutsideZeroToOne() {
		for (double ratio : new double[] { -0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY }) {
			assertThatIllegalArgumentException().isThrownBy(() -> TraceIdRatio.of(ratio));
		}
	}

	private static boolean otelKeeps(Sampler sampler, String traceId) {
		return sampler.shouldSample(Context.root(), traceId, "span", SpanKind.INTERNAL, Attributes.empty(), List.of())
			.getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
	}

	private static String randomTraceId(SplittableRandom random) {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
