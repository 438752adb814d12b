#!/usr/bin/env bash
# Builds the benchmarks (with the modules they depend on, in the reactor; nothing is installed) and runs the
# whole suite, about 20 minutes on 2 cores. Writes target/jmh-*.json and results.md next to this script.
#   bash langfuse-spring-boot-benchmarks/run.sh            (from the repository root)
# Environment: MVN_ARGS (e.g. "-o" offline), JAVA (the java to run), QUICK=1 (smoke run: 1 s iterations).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
java="${JAVA:-java}"
out="$here/target"

(cd "$root" && mvn -B -q ${MVN_ARGS:-} -pl langfuse-spring-boot-benchmarks -am package -DskipTests)

jar="$out/benchmarks.jar"
notes="$out/notes.txt"
rm -f "$notes" "$out"/jmh-*.json "$out/footprint.md" "$out/springai-paired.md" "$out/springai-handler-time.md" "$out/springai-handler-time.txt"

if [[ "${QUICK:-0}" == 1 ]]; then
  long=(-f 1 -wi 1 -w 1s -i 1 -r 1s); short=("${long[@]}"); e2e=("${long[@]}"); ai=("${long[@]}")
  handlers=("${long[@]}")
else
  long=(-f 1 -wi 3 -w 2s -i 4 -r 2s)   # paced enqueue and tracing: JIT reaches steady state
  short=(-f 1 -wi 2 -w 1s -i 3 -r 1s)  # drop path and serialization: tight loops, stable quickly
  # end to end: the JIT compiles JDK HttpClient, Spring, Jackson and the server for ~15 s on 2 cores; with 6 s of
  # warm-up the exporter rows were still climbing by a third during the measurement
  e2e=(-f 1 -wi 5 -w 3s -i 3 -r 3s)
  # Spring AI bridge: a ChatClient call runs through hundreds of Spring AI and bridge methods; with 2 s warm-up
  # iterations the LANGFUSE row was still falling (370 -> 85 us/op) after 6 of them on 2 cores; two forks, since
  # single forks of the OBSERVED and LANGFUSE rows differed by up to a factor of 2 from run to run
  ai=(-f 2 -wi 10 -w 2s -i 5 -r 2s)
  # the bridge's handlers alone: a short loop over the same code, steady within seconds; two forks for the noise
  handlers=(-f 2 -wi 5 -w 1s -i 5 -r 1s)
fi

jmh() {
  local name="$1"; shift
  echo "== $name" >&2
  "$java" -jar "$jar" "$@" -jvmArgsAppend "-Dbench.notes=$notes" -rf json -rff "$out/jmh-$name.json"
}

# 1. accepted enqueue, paced to 100k calls/s per thread, p50/p99/p99.9; -prof gc counts all threads (worker too)
jmh enqueue 'io.github.langfuse4j.bench.EnqueueBenchmark' "${long[@]}" -prof gc
# 2. drop path (backend stalled, queue full)
jmh drop 'io.github.langfuse4j.bench.DropBenchmark' "${short[@]}" -prof gc
# 4. serialization per event
jmh serialization 'io.github.langfuse4j.internal.transport.SerializationBenchmark' "${short[@]}" -prof gc
# 4b. gzip of an OTLP request body (100 spans of generation-like traces), level 1 and 6, ns per span
jmh gzip 'io.github.langfuse4j.internal.transport.GzipBenchmark' "${short[@]}"
# 5. one worker end to end to loopback, against the raw JDK client ceiling
jmh endtoend 'io.github.langfuse4j.internal.transport.EndToEndBenchmark' "${e2e[@]}"
# 6. tracing API start + end vs the OpenTelemetry SDK tracer
jmh tracing 'io.github.langfuse4j.bench.TracingBenchmark' "${long[@]}" -prof gc
# 7. sample-rate 0.5: enqueue of a sampled-out event (must allocate nothing) and a span under a sampled-out trace
jmh sampling 'io.github.langfuse4j.bench.SamplingBenchmark' "${short[@]}" -prof gc
# 8. Spring AI bridge: a ChatClient call with one tool round, without observations (NOOP), observed without the
#    bridge (OBSERVED), with the bridge's handlers (LANGFUSE), with Micrometer Tracing + OpenTelemetry instead (OTEL,
#    the peer), and with the same five events with ids, times and names only (BARE, the floor); both exporters are
#    stalled
jmh springai 'io.github.langfuse4j.bench.SpringAiBridgeBenchmark' "${ai[@]}" -prof gc
# 8a. the same observers' handlers alone: one call's recorded callbacks replayed through them, without Spring AI
jmh springai-handlers 'io.github.langfuse4j.bench.SpringAiHandlersBenchmark' "${handlers[@]}" -prof gc
# 8b. the same differences, paired: OBSERVED and one observer alternate in one JVM (robust to a noisy machine)
echo "== springai paired" >&2
for observer in LANGFUSE OTEL BARE; do
  "$java" -Xms2g -Xmx2g -cp "$jar" io.github.langfuse4j.bench.SpringAiPaired "$observer" 2>/dev/null | grep '^|' \
    >> "$out/springai-paired.md"
done
# 8c. the time a real call spends inside each observer's handlers: each callback timed, the clock's own cost measured
#     on a client whose one handler does nothing and subtracted; the observers' clients, that one and the plain clients
#     of 8b take turns in one JVM, so each observer's time in its handlers is compared with the time it adds to the
#     call and with the floor's (BARE) at the same moments; how far the bridge's thread (where its handlers' work runs)
#     was behind at the end goes into the notes
echo "== springai handler time" >&2
"$java" -Xms2g -Xmx2g -cp "$jar" io.github.langfuse4j.bench.SpringAiHandlerTime 2>/dev/null \
  > "$out/springai-handler-time.txt"
grep '^|' "$out/springai-handler-time.txt" > "$out/springai-handler-time.md"
grep '^LANGFUSE: ' "$out/springai-handler-time.txt" | sed 's/^/SpringAiHandlerTime: /' >> "$notes"
# 3. producer-thread allocation per accepted enqueue and heap retained per queued event
echo "== footprint" >&2
"$java" -cp "$jar" io.github.langfuse4j.bench.Footprint 2>/dev/null | grep '^|' > "$out/footprint.md"

jdk="$("$java" -version 2>&1 | head -2 | tr '\n' ' ')"
python3 "$here/results.py" --jdk "$jdk" --notes "$notes" --footprint "$out/footprint.md" --paired "$out/springai-paired.md" \
  --handler-time "$out/springai-handler-time.md" \
  --out "$here/results.md" "$out"/jmh-enqueue.json "$out"/jmh-drop.json "$out"/jmh-serialization.json "$out"/jmh-gzip.json \
  "$out"/jmh-endtoend.json "$out"/jmh-tracing.json "$out"/jmh-sampling.json "$out"/jmh-springai.json \
  "$out"/jmh-springai-handlers.json
echo "Wrote $here/results.md" >&2
