#!/usr/bin/env python3
"""Turns JMH JSON results (plus the notes and the footprint rows written by run.sh) into results.md."""
import argparse
import datetime
import json
import os
import platform


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def fmt(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return ""
    if value != value:  # NaN
        return ""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def short_name(benchmark):
    parts = benchmark.split(".")
    # io.github.langfuse4j.bench.EnqueueBenchmark.Baseline.timerFloor -> EnqueueBenchmark.Baseline.timerFloor
    for i, part in enumerate(parts):
        if part[:1].isupper():
            return ".".join(parts[i:])
    return benchmark


def rows(path):
    with open(path) as f:
        data = json.load(f)
    for result in data:
        primary = result["primaryMetric"]
        percentiles = primary.get("scorePercentiles", {})
        sample = result["mode"] == "sample"
        alloc = None
        for key, metric in result.get("secondaryMetrics", {}).items():
            if key.endswith("gc.alloc.rate.norm"):
                alloc = metric["score"]
        params = ", ".join(f"{k}={v}" for k, v in (result.get("params") or {}).items())
        yield {
            "benchmark": short_name(result["benchmark"]),
            "params": params,
            "mode": result["mode"],
            "threads": result["threads"],
            "score": primary["score"],
            "error": primary.get("scoreError"),
            "unit": primary["scoreUnit"],
            "p50": percentiles.get("50.0") if sample else None,
            "p99": percentiles.get("99.0") if sample else None,
            "p999": percentiles.get("99.9") if sample else None,
            "alloc": alloc,
            "jdk": f'{result.get("jdkVersion", "")} {result.get("vmName", "")} {result.get("vmVersion", "")}'.strip(),
        }


def score(all_rows, benchmark, params=""):
    for r in all_rows:
        if r["benchmark"] == benchmark and r["params"] == params:
            return r["score"]
    return None


def row(all_rows, benchmark, params=""):
    for r in all_rows:
        if r["benchmark"] == benchmark and r["params"] == params:
            return r
    return None


def differences(all_rows):
    """What each observer adds to Spring AI's own observation overhead: the LANGFUSE (the bridge), OTEL
    (Micrometer Tracing with OpenTelemetry, the peer) and BARE (the same five events with ids, times and names only,
    the floor) rows minus the OBSERVED row; and the same observers' handlers alone, replayed without Spring AI
    (SpringAiHandlersBenchmark) minus the replay loop (README, Performance)."""
    observers = (("LANGFUSE", "Spring AI bridge", "Spring AI bridge's handlers"),
                 ("OTEL", "Micrometer Tracing + OpenTelemetry", "Micrometer Tracing + OpenTelemetry's handler"),
                 ("BARE", "Five bare events (the floor)", "Five bare events' handler (the floor)"))
    lines = difference_rows(all_rows, "SpringAiBridgeBenchmark.chatClientCallWithOneToolRound", "registry",
                            "OBSERVED", [(key, f"{what} per ChatClient call with one tool round")
                                         for key, what, _ in observers])
    lines += difference_rows(all_rows, "SpringAiHandlersBenchmark.chatClientCallWithOneToolRound", "observer",
                             "NONE", [(key, f"{alone} alone, one call's callbacks replayed")
                                      for key, _, alone in observers])
    return lines


def difference_rows(all_rows, name, param, base, labelled):
    """One table row per (value, label): the row of param=value minus the row of param=base, time and allocation."""
    base_row = row(all_rows, name, f"{param}={base}")
    lines = []
    for value, label in labelled:
        r = row(all_rows, name, f"{param}={value}")
        if not r or not base_row or r["unit"] != base_row["unit"]:
            continue
        alloc = ""
        if r["alloc"] is not None and base_row["alloc"] is not None:
            alloc = fmt(r["alloc"] - base_row["alloc"])
        lines.append(f"| {label} ({value} - {base}) | {fmt(r['score'] - base_row['score'])} {r['unit']} | {alloc} |")
    return lines


def table_section(path, title, header):
    """A section of results.md from the table rows a program of run.sh wrote to path; none without rows."""
    if not path or not os.path.exists(path):
        return []
    with open(path) as f:
        table = [line.rstrip("\n") for line in f if line.startswith("|")]
    if not table:
        return []
    columns = header.count("|") - 1
    return ["", f"## {title}", "", header, "|---|" + "---:|" * (columns - 1)] + table


def ratios(all_rows):
    """The end-to-end and tracing comparisons the targets are stated in (README, Performance)."""
    e2e = "EndToEndBenchmark."
    pairs = [
        ("exporter, ingestion / plain serialize + post (ingestion)", e2e + "exporter", "protocol=INGESTION",
         e2e + "rawSerializeAndPostIngestion", ""),
        ("exporter, OTLP / serialize + post (OTLP)", e2e + "exporter", "protocol=OTLP",
         e2e + "rawSerializeAndPostOtlp", ""),
        ("exporter, OTLP / exporter, ingestion", e2e + "exporter", "protocol=OTLP", e2e + "exporter",
         "protocol=INGESTION"),
        ("exporter's HTTP client / JDK client, pre-serialized", e2e + "exporterHttpPostIngestion", "",
         e2e + "rawPostIngestion", ""),
        ("Spring's stock JDK request factory / JDK client, pre-serialized", e2e + "restClientPostIngestion", "",
         e2e + "rawPostIngestion", ""),
        ("Langfuse span start + end vs OpenTelemetry (their time / ours)", "TracingBenchmark.otelSpan", "",
         "TracingBenchmark.langfuseSpan", ""),
        ("Langfuse generation vs OpenTelemetry (their time / ours)", "TracingBenchmark.otelGeneration", "",
         "TracingBenchmark.langfuseGeneration", ""),
    ]
    lines = []
    for label, a, pa, b, pb in pairs:
        x, y = score(all_rows, a, pa), score(all_rows, b, pb)
        if x and y:
            lines.append(f"| {label} | {x / y * 100:.0f} % |")
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--jdk", default="")
    parser.add_argument("--notes")
    parser.add_argument("--footprint")
    parser.add_argument("--paired")
    parser.add_argument("--handler-time")
    parser.add_argument("json", nargs="+")
    args = parser.parse_args()

    all_rows = []
    for path in args.json:
        if os.path.exists(path):
            all_rows.extend(rows(path))
    jdk = args.jdk or (all_rows[0]["jdk"] if all_rows else "unknown")

    lines = [
        "# Benchmark results",
        "",
        f"- Machine: {len(os.sched_getaffinity(0))} CPUs (`nproc`), {cpu_model()}",
        f"- JDK: {jdk}",
        f"- Date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        "- Command: `bash langfuse-spring-boot-benchmarks/run.sh`; what each row measures: the README, section Performance",
        "",
        "| Benchmark | Params | Mode | Threads | Score | Error | Unit | p50 | p99 | p99.9 | Alloc B/op |",
        "|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for r in all_rows:
        lines.append(
            f"| {r['benchmark']} | {r['params']} | {r['mode']} | {r['threads']} | {fmt(r['score'])} "
            f"| {fmt(r['error'])} | {r['unit']} | {fmt(r['p50'])} | {fmt(r['p99'])} | {fmt(r['p999'])} "
            f"| {fmt(r['alloc'])} |")
    comparisons = ratios(all_rows)
    if comparisons:
        lines += ["", "## Comparisons (ratios of the scores above; above 100 % the exporter's side is faster)", "",
                  "| Comparison | Ratio |", "|---|---:|"] + comparisons
    bridge = differences(all_rows)
    if bridge:
        lines += ["", "## Differences (scores and allocation of two rows above)", "",
                  "| Difference | Time | Alloc B/op |", "|---|---:|---:|"] + bridge
    lines += table_section(args.paired, "Spring AI differences, paired (SpringAiPaired: OBSERVED and the observer "
                           "alternate in one JVM)",
                           "| Observer | Difference per call, median of 60 rounds (quartiles) | Alloc B per call (median) "
                           "| OBSERVED per call (median) |")
    lines += table_section(args.handler_time, "Time an observer adds to a real call and spends inside its "
                           "handlers, at the same moments (SpringAiHandlerTime: each callback timed, the clock's "
                           "own cost subtracted)",
                           "| Observer | Added to the call (its plain client - OBSERVED), median of 60 rounds "
                           "(quartiles) | Time in its handlers per call, median of 60 rounds (quartiles) "
                           "| Times the floor's (BARE) in the same round, median (quartiles) "
                           "| Callbacks per call | Clock cost per callback (subtracted) |")
    lines += ["", "Alloc B/op comes from `-prof gc`, which counts every thread of the JVM: for the accepted-enqueue "
              "rows it includes the worker's serialization; the producer thread's own allocation is in the "
              "footprint table below."]
    if args.footprint and os.path.exists(args.footprint):
        with open(args.footprint) as f:
            footprint = [line.rstrip("\n") for line in f if line.startswith("|")]
        if footprint:
            lines += ["", "## Allocation and heap footprint", ""] + footprint
    if args.notes and os.path.exists(args.notes):
        seen = []
        with open(args.notes) as f:
            for line in f:
                line = line.strip()
                if line and line not in seen:
                    seen.append(line)
        if seen:
            lines += ["", "## Notes (per fork: calls made, accepted and dropped)", ""]
            lines += [f"- {line}" for line in seen]
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
