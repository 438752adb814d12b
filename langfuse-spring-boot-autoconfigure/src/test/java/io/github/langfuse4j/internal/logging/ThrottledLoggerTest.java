package io.github.langfuse4j.internal.logging;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One line per interval, the count of held-back lines in one wording, and no message
 * built when held back.
 */
class ThrottledLoggerTest {

	private final AtomicLong now = new AtomicLong();

	private final Recording log = new Recording();

	private final ThrottledLogger throttled = new ThrottledLogger(this.log.log(), Duration.ofSeconds(30),
			this.now::get);

	@Test
	void writesTheFirstLineAndHoldsBackTheRestOfTheInterval() {
		this.throttled.warn(() -> "first");
		this.now.addAndGet(Duration.ofSeconds(29).toNanos());
		this.throttled.warn(() -> "second");
		this.throttled.warn(() -> "third");
		assertThat(this.log.lines).containsExactly("WARN first");
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		this.throttled.warn(() -> "fourth");
		assertThat(this.log.lines).containsExactly("WARN first",
				"WARN fourth (2 similar messages not logged since the last one)");
	}

	@Test
	void buildsTheMessageOnlyWhenItIsWritten() {
		AtomicInteger built = new AtomicInteger();
		for (int i = 0; i < 100; i++) {
			this.throttled.error(() -> "line " + built.incrementAndGet());
		}
		assertThat(built).hasValue(1);
		assertThat(this.log.lines).containsExactly("ERROR line 1");
	}

	@Test
	void debugLinesAreNeitherWrittenNorCountedWhenDebugIsOff() {
		this.throttled.debug(() -> "not written");
		this.throttled.warn(() -> "written");
		assertThat(this.log.lines).containsExactly("WARN written");
	}

	@Test
	void theSuffixIsEmptyWhenNothingWasHeldBack() {
		assertThat(ThrottledLogger.suffix(0)).isEmpty();
		assertThat(ThrottledLogger.suffix(1)).isEqualTo(" (1 similar messages not logged since the last one)");
	}

	/** A log with warn and error on and debug off that records its lines. */
	static final class Recording {

		final List<String> lines = new ArrayList<>();

		Log log() {
			return (Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] { Log.class },
					(proxy, method, args) -> switch (method.getName()) {
						case "isWarnEnabled", "isErrorEnabled" -> true;
						case "isDebugEnabled", "isTraceEnabled", "isInfoEnabled", "isFatalEnabled" -> false;
						case "warn", "error" -> {
							this.lines.add(method.getName().toUpperCase(Locale.ROOT) + " " + args[0]);
							yield null;
						}
						default -> null;
					});
		}

	}

}
