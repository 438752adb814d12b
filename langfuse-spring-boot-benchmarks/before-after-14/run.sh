#!/usr/bin/env bash
# Before/after rows of issue 14 (the restructuring): the enqueue, drop, tracing and end-to-end exporter rows of two
# builds of the benchmark module, interleaved, with run.sh's settings; then two focused reruns of the rows that
# moved. Build each jar with `mvn -B -pl langfuse-spring-boot-benchmarks -am package -DskipTests` at the commit
# to compare and copy langfuse-spring-boot-benchmarks/target/benchmarks.jar away.
#   BASE_JAR=/path/base.jar NEW_JAR=/path/new.jar bash run.sh      (about 20 minutes on 2 cores)
set -u
cd "$(dirname "$0")"
long=(-f 1 -wi 3 -w 2s -i 4 -r 2s)
short=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
e2e=(-f 1 -wi 5 -w 3s -i 3 -r 3s)
jar() { if [[ "$1" == base ]]; then echo "$BASE_JAR"; else echo "$NEW_JAR"; fi; }
run() { local which=$1 out=$2; shift 2; echo "== $out $(date +%T)"; java -jar "$(jar "$which")" "$@" -rf json -rff "$out.json" > "$out.log" 2>&1; }
for w in base new; do run $w enqueue-$w 'bench.EnqueueBenchmark' "${long[@]}" -prof gc; done
for w in base new; do run $w drop-$w 'bench.DropBenchmark' "${short[@]}" -prof gc; done
for w in base new; do run $w tracing-$w 'bench.TracingBenchmark' "${long[@]}" -prof gc; done
for w in base new; do run $w e2e-$w 'EndToEndBenchmark.exporter' "${e2e[@]}"; done
for round in 1 2; do
  for w in base new; do
    run $w enqueue1-$w-$round 'bench.EnqueueBenchmark.oneThread' -p sink=LANGFUSE "${long[@]}" -prof gc
    run $w tracing1-$w-$round 'bench.TracingBenchmark.langfuse' "${long[@]}" -prof gc
  done
done
python3 compare.py
