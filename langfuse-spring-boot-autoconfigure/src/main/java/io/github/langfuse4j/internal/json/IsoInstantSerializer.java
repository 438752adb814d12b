package io.github.langfuse4j.internal.json;

import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes an {@link Instant} exactly as {@link Instant#toString()} does (ISO-8601 UTC,
 * fraction in groups of three digits, {@code Z}), without the formatter: every event
 * carries two to four instants, and the JDK's formatter was one of the worker's largest
 * costs in the end-to-end profile. Years outside 0..9999 fall back to {@code toString()}.
 */
final class IsoInstantSerializer extends ValueSerializer<Instant> {

	private static final long SECONDS_PER_DAY = 86_400;

	/** Epoch seconds of 0000-01-01T00:00:00Z and of 10000-01-01T00:00:00Z. */
	private static final long MIN_SECOND = -62_167_219_200L;

	private static final long MAX_SECOND = 253_402_300_800L;

	@Override
	public void serialize(Instant instant, JsonGenerator generator, SerializationContext context)
			throws JacksonException {
		long seconds = instant.getEpochSecond();
		if (seconds < MIN_SECOND || seconds >= MAX_SECOND) {
			generator.writeString(instant.toString());
			return;
		}
		char[] chars = new char[30];
		int length = format(seconds, instant.getNano(), chars);
		generator.writeString(chars, 0, length);
	}

	/** Formats into {@code out}; returns the length. */
	static int format(long epochSecond, int nano, char[] out) {
		long day = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
		int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
		// days to civil date (proleptic Gregorian), after Howard Hinnant's algorithm
		long z = day + 719_468;
		long era = Math.floorDiv(z, 146_097);
		long dayOfEra = z - era * 146_097;
		long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
		long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
		long mp = (5 * dayOfYear + 2) / 153;
		int dayOfMonth = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
		int month = (int) ((mp < 10) ? mp + 3 : mp - 9);
		int year = (int) (yearOfEra + era * 400 + ((month <= 2) ? 1 : 0));
		int i = 0;
		i = digits(out, i, year, 4);
		out[i++] = '-';
		i = digits(out, i, month, 2);
		out[i++] = '-';
		i = digits(out, i, dayOfMonth, 2);
		out[i++] = 'T';
		i = digits(out, i, secondOfDay / 3600, 2);
		out[i++] = ':';
		i = digits(out, i, (secondOfDay / 60) % 60, 2);
		out[i++] = ':';
		i = digits(out, i, secondOfDay % 60, 2);
		if (nano != 0) {
			out[i++] = '.';
			if (nano % 1_000_000 == 0) {
				i = digits(out, i, nano / 1_000_000, 3);
			}
			else if (nano % 1000 == 0) {
				i = digits(out, i, nano / 1000, 6);
			}
			else {
				i = digits(out, i, nano, 9);
			}
		}
		out[i++] = 'Z';
		return i;
	}

	private static int digits(char[] out, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			out[i] = (char) ('0' + value % 10);
			value /= 10;
		}
		return at + width;
	}

}
