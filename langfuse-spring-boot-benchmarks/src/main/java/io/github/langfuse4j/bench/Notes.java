package io.github.langfuse4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.LongAdder;

/**
 * Side notes of a forked benchmark JVM (how many calls were made, how many the sink
 * accepted and dropped), appended at JVM exit to the file named by the system property
 * {@code bench.notes}, one line per fork. run.sh puts them below the results table: a
 * "accepted enqueue" row is only meaningful if (almost) nothing was dropped, and a "drop
 * path" row only if (almost) everything was.
 */
public final class Notes {

	/**
	 * Calls made by all benchmark threads; each thread adds its count at the end of the
	 * trial.
	 */
	public static final LongAdder CALLS = new LongAdder();

	private static volatile String label = "?";

	private static volatile Sink sink;

	private static final java.util.List<String> EXTRA = new java.util.concurrent.CopyOnWriteArrayList<>();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(Notes::write, "bench-notes"));
	}

	private Notes() {
	}

	public static void track(String benchmarkLabel, Sink tracked) {
		label = benchmarkLabel;
		sink = tracked;
	}

	/** Adds a free-form line (written once per fork, duplicates ignored). */
	public static void extra(String line) {
		if (!EXTRA.contains(line)) {
			EXTRA.add(line);
		}
	}

	private static void write() {
		String file = System.getProperty("bench.notes");
		Sink tracked = sink;
		if (file == null || (tracked == null && EXTRA.isEmpty())) {
			return;
		}
		StringBuilder lines = new StringBuilder();
		if (tracked != null) {
			lines.append(label)
				.append(": calls ")
				.append(CALLS.sum())
				.append("; ")
				.append(tracked.report())
				.append(System.lineSeparator());
		}
		EXTRA.forEach((extra) -> lines.append(extra).append(System.lineSeparator()));
		String line = lines.toString();
		try {
			Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			System.err.println("bench notes: " + ex);
		}
	}

}
