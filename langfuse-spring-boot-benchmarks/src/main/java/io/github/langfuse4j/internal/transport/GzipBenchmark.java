package io.github.langfuse4j.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.github.langfuse4j.bench.Events;
import io.github.langfuse4j.bench.Notes;
import io.github.langfuse4j.bench.Sink;
import io.github.langfuse4j.ingest.model.IngestionEvent;

/**
 * What gzip costs and saves on an OTLP request: one request body of {@value #SPANS} spans
 * as the exporter writes it (the encoder of {@link BenchSupport}), from {@value #SPANS}
 * events of generation-like traces: a {@code trace-create} and a generation with about 1
 * KB of input and 1 KB of output, different text in every event
 * ({@link Events#variedText}). ns per span to gzip the body at level 1 and 6; bytes per
 * span on the wire go to the notes (and {@link #sizes()} prints them for the
 * distant-server run).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GzipBenchmark {

	/** Spans per request body: the default {@code max-batch}. */
	static final int SPANS = 100;

	@Param({ "1", "6" })
	public int level;

	private byte[] body;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);

	@Setup(Level.Trial)
	public void setUp() {
		this.body = otlpBody(true);
		Notes.extra(sizes());
	}

	/** The body gzipped at {@link #level} into a reused buffer. */
	@Benchmark
	@OperationsPerInvocation(SPANS)
	public int gzip() {
		this.out.reset();
		return gzip(this.body, this.level, this.out);
	}

	static int gzip(byte[] body, int level, ByteArrayOutputStream out) {
		try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192) {
			{
				this.def.setLevel(level);
			}
		}) {
			gzip.write(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.size();
	}

	/**
	 * Generation-like traces: each a trace-create and a generation (the trace's only
	 * observation).
	 */
	static List<IngestionEvent> generationLike(int count, boolean varied) {
		List<IngestionEvent> events = new ArrayList<>(count);
		for (int i = 0; events.size() < count; i++) {
			String traceId = Events.traceId();
			events.add(Events.trace(traceId));
			String input = varied ? Events.variedText(2L * i, 1024) : Events.KILOBYTE_INPUT;
			String output = varied ? Events.variedText(2L * i + 1, 1024) : Events.KILOBYTE_OUTPUT;
			events.add(Events.generation(traceId, Events.observationId(), null, input, output));
		}
		return events.subList(0, count);
	}

	static byte[] otlpBody(boolean varied) {
		BenchSupport support = new BenchSupport(Sink.config("http://127.0.0.1:9").build());
		List<OtlpSpan> spans = BenchSupport.assemble(generationLike(SPANS, varied));
		if (spans.size() != SPANS) {
			throw new IllegalStateException(spans.size() + " spans");
		}
		return support.otlpBody(spans).toByteArray();
	}

	/**
	 * Bytes per span of one OTLP JSON body of {@value #SPANS} spans: uncompressed, gzip
	 * level 1 and 6.
	 */
	public static String sizes() {
		StringBuilder text = new StringBuilder();
		for (boolean varied : new boolean[] { true, false }) {
			byte[] body = otlpBody(varied);
			ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
			int level1 = gzip(body, 1, out);
			out.reset();
			int level6 = gzip(body, 6, out);
			text.append(String.format(Locale.ROOT,
					"gzip, OTLP JSON body of %d spans (trace + 1 KB-in/1 KB-out generation, %s): %d B/span "
							+ "uncompressed, level 1 %d B/span (%.0f %%), level 6 %d B/span (%.0f %%)%n",
					SPANS, varied ? "different text per event" : "the same text in every event", body.length / SPANS,
					level1 / SPANS, 100.0 * level1 / body.length, level6 / SPANS, 100.0 * level6 / body.length));
		}
		return text.toString().trim();
	}

}
