package io.github.langfuse4j.autoconfigure;

import java.util.Locale;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.IngestStats;
import io.github.langfuse4j.ingest.LangfuseIngest;

/**
 * Reports the exporter's state as the {@code langfuse} health contributor: {@code UP}
 * while requests succeed (or none was made yet), {@link #DEGRADED} when the last request
 * failed. {@code DEGRADED} is not in Spring Boot's default status order, so it never
 * changes the application's overall health; add it to a group's {@code status.order} to
 * let it take the application out of readiness (see the README). The details name the
 * last failure ({@code lastFailureReason}: the status, or the exception with the host and
 * port it could not connect to) and, after a 404, a {@code hint} at
 * {@code langfuse.host}, or at {@code langfuse.otlp.endpoint} when the OTLP endpoint
 * answered it. With {@code langfuse.otlp.endpoint} the details name it as
 * {@code otlpEndpoint}.
 */
public final class LangfuseHealthIndicator extends AbstractHealthIndicator {

	/**
	 * The last request to Langfuse failed; telemetry is being retried, dropped or counted
	 * as failed.
	 */
	public static final Status DEGRADED = new Status("DEGRADED", "The last request to Langfuse failed");

	/** Shown with a 404: the usual cause is a base URL with a path. */
	static final String NOT_FOUND_HINT = "Check langfuse.host: it must be the base URL of Langfuse, such as "
			+ "https://cloud.langfuse.com or http://localhost:3000, without a path such as /api";

	/** Shown with a 404 from the configured OTLP endpoint. */
	static final String OTLP_ENDPOINT_NOT_FOUND_HINT = "Check langfuse.otlp.endpoint: it must be the full URL of "
			+ "an OTLP/HTTP traces endpoint, such as http://otel-collector:4318/v1/traces";

	private final LangfuseIngest ingest;

	private final IngestConfig config;

	/**
	 * Creates the health indicator of an exporter.
	 * @param ingest the exporter
	 * @param config its configuration
	 */
	public LangfuseHealthIndicator(LangfuseIngest ingest, IngestConfig config) {
		super("Langfuse health check failed");
		this.ingest = ingest;
		this.config = config;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		IngestStats stats = this.ingest.stats();
		boolean exporting = this.config.enabled() && this.config.hasKeys();
		boolean failing = stats.lastFailure() != null
				&& (stats.lastSuccess() == null || stats.lastFailure().isAfter(stats.lastSuccess()));
		builder.status((exporting && failing) ? DEGRADED : Status.UP);
		builder.withDetail("exporting", exporting);
		if (!exporting) {
			return;
		}
		builder.withDetail("host", this.config.host());
		String otlpEndpoint = LangfuseAutoConfiguration.otlpEndpoint(this.config);
		if (otlpEndpoint != null) {
			builder.withDetail("otlpEndpoint", otlpEndpoint);
		}
		builder.withDetail("protocol", this.config.protocol().name().toLowerCase(Locale.ROOT))
			.withDetail("queued", stats.queued())
			.withDetail("queueCapacity", stats.queueCapacity())
			.withDetail("accepted", stats.accepted())
			.withDetail("sent", stats.sent())
			.withDetail("rejected", stats.rejected())
			.withDetail("failed", stats.failed())
			.withDetail("dropped", stats.droppedTotal())
			.withDetail("sampledOut", stats.sampledOut());
		if (this.config.sampleRate() < 1) {
			builder.withDetail("sampleRate", this.config.sampleRate());
		}
		if (!this.config.maskers().isEmpty()) {
			builder.withDetail("maskers", this.config.maskers().size())
				.withDetail("maskingFailures", stats.maskingFailures());
		}
		if (stats.lastSuccess() != null) {
			builder.withDetail("lastSuccess", stats.lastSuccess().toString());
		}
		if (stats.lastFailure() != null) {
			builder.withDetail("lastFailure", stats.lastFailure().toString());
			builder.withDetail("lastFailureReason", stats.lastFailureReason());
			if (failing && stats.lastFailureReason() != null && stats.lastFailureReason().endsWith("HTTP 404")) {
				boolean toEndpoint = otlpEndpoint != null && stats.lastFailureReason().startsWith("otlp:");
				builder.withDetail("hint", toEndpoint ? OTLP_ENDPOINT_NOT_FOUND_HINT : NOT_FOUND_HINT);
			}
		}
	}

}
