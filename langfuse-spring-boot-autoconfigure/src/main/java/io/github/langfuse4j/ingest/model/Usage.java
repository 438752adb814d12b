package io.github.langfuse4j.ingest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Usage and cost of a generation-like observation (the server's deprecated {@code usage}
 * field; prefer {@link ObservationBody#usageDetails()} and
 * {@link ObservationBody#costDetails()}). All fields are optional; counts must be
 * non-negative integers and costs non-negative finite numbers (USD).
 *
 * @param input number of input units
 * @param output number of output units
 * @param total total number of units (the server uses input + output when absent)
 * @param unit unit of the counts
 * @param inputCost input cost in USD
 * @param outputCost output cost in USD
 * @param totalCost total cost in USD
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Usage(@Nullable Integer input, @Nullable Integer output, @Nullable Integer total,
		@Nullable UsageUnit unit, @Nullable Double inputCost, @Nullable Double outputCost, @Nullable Double totalCost) {

	/**
	 * Create a new {@link Usage}.
	 * @throws IllegalArgumentException if a count or cost is negative, or a cost is not
	 * finite
	 */
	public Usage {
		Checks.nonNegative(input, "input");
		Checks.nonNegative(output, "output");
		Checks.nonNegative(total, "total");
		Checks.nonNegative(inputCost, "inputCost");
		Checks.nonNegative(outputCost, "outputCost");
		Checks.nonNegative(totalCost, "totalCost");
	}

	/**
	 * Create a token usage with {@code total = input + output}.
	 * @param input input tokens
	 * @param output output tokens
	 * @return the usage
	 */
	public static Usage tokens(int input, int output) {
		return new Usage(input, output, Math.addExact(input, output), UsageUnit.TOKENS, null, null, null);
	}

}
