#!/usr/bin/env bash
# The distant-server benchmark (README "Performance", "A distant Langfuse"): the highest offered rate with zero
# loss against a loopback server that answers every POST after 100 ms and after 300 ms, for the starter (OTLP and
# ingestion at their defaults, OTLP with the best settings) and OpenTelemetry's BatchSpanProcessor +
# OtlpHttpSpanExporter at its defaults, in the same run; then the gzip sizes. About 6 minutes on 2 cores.
#   bash langfuse-spring-boot-benchmarks/distant.sh [DistantRun options]    (from the repository root)
# e.g. --delays 100 --step-seconds 8 --set max-requests-in-flight=8 --setup otlp-default:protocol=otlp --setup otel
# Environment: MVN_ARGS (e.g. "-o" offline), JAVA (the java to run), SKIP_BUILD=1 (reuse target/benchmarks.jar).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
java="${JAVA:-java}"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q ${MVN_ARGS:-} -pl langfuse-spring-boot-benchmarks -am package -DskipTests)
fi
# a 1 GB heap: the best settings queue up to 50,000 events of ~2 KB
"$java" -Xmx1g -cp "$here/target/benchmarks.jar" io.github.langfuse4j.bench.DistantRun "$@" \
  | tee "$here/target/distant.txt"
