#!/usr/bin/env bash
# The whole benchmark of issues 8 and 20, one command: native (criterion over the core), the
# release build, browser (headless Chromium: cold load, the cold load over an emulated office
# line, keystroke, report + download, autosave), size (every file of the first load, raw / gzip
# / brotli; the standalone file) and the CLI against LibreOffice (bench/cli.sh). Records the
# results in docs/benchmarks.json (keys "native", "browser", "line", "size", "cli") and in the matching
# sections of docs/benchmarks.md (tables: machine, date, commit, load average, each figure,
# its budget, met or not). How each figure is measured: docs/benchmarks.md.
#
#   scripts/bench.sh                 everything (about 10 minutes on 2 cores), then record
#   scripts/bench.sh --native        only the native part (--browser, --line, --size, --cli likewise;
#                                    combinable)
#   scripts/bench.sh --runs N        browser runs per figure (default 10; or JIXIAO_BENCH_RUNS)
#   scripts/bench.sh --smoke         each benchmark once at tiny sizes, records nothing (keeps them
#                                    from rotting) — the test command runs this
#
# The browser and size parts run against a release build made for the benchmark
# (trunk build --release --dist target/bench-dist; --smoke builds dist/ like the test command),
# or against $JIXIAO_DIST as it is when that is set (no build). The machine is shared: each part
# records the load average, which says how much the figures may be inflated.
#
# Budgets (issue 8): scoring plus reconciliation of 10,000 indicators at most 2 ms natively, and
# linear in size; cold load to an interactive, scored sample at most 300 ms median; keystroke to
# painted update at most 16 ms median with 1,000 indicators; report for 1,000 indicators at most
# 50 ms in the browser. Issue 20: first-load transfer at most 400 KB gzip (a ceiling, replacing
# issue 8's 200 KB); the cold load over a 4 Mbit/s, 40 ms RTT line at most 700 ms median;
# `jixiao score` of 10,000 indicators at least 30× faster than LibreOffice recomputing the same
# 自评表 and at most 1/10 of its memory.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/bench.sh [--native] [--browser] [--line] [--size] [--cli] [--runs N] [--smoke]" >&2; exit 2; }
native=0 browser=0 line=0 size=0 clibench=0 smoke=0
while [ $# -gt 0 ]; do
  case "$1" in
    --native) native=1 ;;
    --browser) browser=1 ;;
    --line) line=1 ;;
    --size) size=1 ;;
    --cli) clibench=1 ;;
    --smoke) smoke=1 ;;
    --runs) [ $# -ge 2 ] || usage; export JIXIAO_BENCH_RUNS="$2"; shift ;;
    *) usage ;;
  esac
  shift
done
if [ "$native$browser$line$size$clibench" = 00000 ]; then native=1 browser=1 line=1 size=1 clibench=1; fi
# The parts of bench/browser.mjs to run.
parts=""
if [ "$browser" = 1 ]; then parts="load,keystroke,report,autosave"; fi
if [ "$line" = 1 ]; then parts="${parts:+$parts,}line"; fi
if [ "$size" = 1 ]; then parts="${parts:+$parts,}size"; fi

# The tools (trunk, wasm-opt, Chromium, playwright-core): installs what is missing, quick otherwise.
need_web() {
  # shellcheck source=scripts/setup.sh
  source scripts/setup.sh --browser
  echo "bench: the CLI for the generated drafts (cargo build --bin jixiao)…"
  cargo build --locked --quiet --bin jixiao
  export JIXIAO_CLI="${CARGO_TARGET_DIR:-target}/debug/jixiao"
}
# The release build the browser and size parts run against.
build_web() { # dist-dir
  if [ -n "${JIXIAO_DIST:-}" ]; then
    echo "bench: using the build in $JIXIAO_DIST as it is (JIXIAO_DIST is set)"
    return
  fi
  if [ "$1" = dist ]; then
    jixiao_build_release
  else
    local log=.tools/logs/bench-trunk-build.log
    echo "bench: trunk build --release --dist $1 (seconds when nothing changed; a few minutes from scratch)…"
    # shellcheck disable=SC2086
    if ! JIXIAO_BUILD_DATE="$(date -u +%Y-%m-%d)" env $JIXIAO_WASM_ENV trunk build --release --dist "$1" >"$log" 2>&1; then
      tail -n 20 "$log" >&2
      echo "bench: FAILED: the release build (log: $log)" >&2
      exit 1
    fi
  fi
  export JIXIAO_DIST="$1"
}

run_native() {
# Criterion keeps the previous run under new/ → base/; start clean so the figures are this run's.
rm -rf target/criterion
cargo bench --locked --bench core

command -v python3 >/dev/null || { echo "bench: python3 is needed to record the results" >&2; exit 2; }

CPU="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)"
export BENCH_MACHINE="${CPU:-unknown CPU}, $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
export BENCH_RUSTC="$(rustc -V)"
# The machine is shared: the load average before the run says how much the figures may be inflated.
export BENCH_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
export BENCH_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
export BENCH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

python3 - <<'PY'
import json, os, pathlib

root = pathlib.Path("target/criterion")
groups = ["assess", "score", "reconcile", "report", "parse", "to_json"]
what = {
    "assess": "scoring + reconciliation (jixiao::assess)",
    "score": "scoring alone (scoring::score)",
    "reconcile": "reconciliation alone (reconcile::check)",
    "report": "report writing (report::render, includes assess)",
    "parse": "draft parsing (draft::parse)",
    "to_json": "draft serialising (draft::to_json)",
}
results = []
for g in groups:
    for d in sorted((root / g).glob("*/new/estimates.json"), key=lambda p: int(p.parent.parent.name)):
        n = int(d.parent.parent.name)
        est = json.loads(d.read_text())
        results.append({
            "group": g, "what": what[g], "indicators": n,
            "median_ns": round(est["median"]["point_estimate"]),
            "mean_ns": round(est["mean"]["point_estimate"]),
            "mean_ci95_ns": [round(est["mean"]["confidence_interval"]["lower_bound"]),
                             round(est["mean"]["confidence_interval"]["upper_bound"])],
        })

def median(g, n):
    for r in results:
        if r["group"] == g and r["indicators"] == n:
            return r["median_ns"]
    return None

budgets = []
a10k = median("assess", 10000)
if a10k is not None:
    budgets.append({"figure": "scoring + reconciliation, 10,000 indicators (median)",
                    "value": f"{a10k/1e6:.3f} ms", "budget": "≤ 2 ms", "met": a10k <= 2_000_000})
a1k = median("assess", 1000)
if a10k is not None and a1k:
    ratio = a10k / a1k
    # Linear: 10× the indicators should take about 10× the time; allow 1.5× for cache effects.
    budgets.append({"figure": "linearity: time(10,000) ÷ time(1,000), scoring + reconciliation",
                    "value": f"{ratio:.1f}×", "budget": "≤ 15× (10× = linear)", "met": ratio <= 15})

native = {
    "machine": os.environ["BENCH_MACHINE"], "rustc": os.environ["BENCH_RUSTC"],
    "load_average_after_run": os.environ["BENCH_LOAD"],
    "date": os.environ["BENCH_DATE"], "commit": os.environ["BENCH_COMMIT"],
    "profile": "bench (opt-level 3, thin LTO)", "tool": "criterion (benches/core.rs)",
    "generator": "jixiao::generate::generate(n, 1) (same drafts as `jixiao generate N`)",
    "budgets": budgets, "results": results,
}

jpath = pathlib.Path("docs/benchmarks.json")
data = json.loads(jpath.read_text()) if jpath.exists() else {}
data["native"] = native
jpath.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

def fmt(ns):
    if ns >= 1e6: return f"{ns/1e6:.2f} ms"
    if ns >= 1e3: return f"{ns/1e3:.1f} µs"
    return f"{ns} ns"

lines = ["<!-- native:begin (written by scripts/bench.sh; edits inside are overwritten) -->",
         "## Native core (criterion)", "",
         f"Machine: {native['machine']}; {native['rustc']}; date {native['date']}; commit {native['commit']}; "
         f"profile {native['profile']}; load average after the run {native['load_average_after_run']} "
         f"(a shared machine: a load above the core count inflates every figure). "
         f"Drafts from `jixiao generate N` (seed 1).", "",
         "| figure | measured | budget | met |", "|---|---|---|---|"]
for b in budgets:
    lines.append(f"| {b['figure']} | {b['value']} | {b['budget']} | {'yes' if b['met'] else '**no**'} |")
lines += ["", "All figures (median per call; per indicator in brackets):", "",
          "| benchmark | 10 | 100 | 1,000 | 10,000 |", "|---|---|---|---|---|"]
for g in groups:
    cells = []
    for n in (10, 100, 1000, 10000):
        m = median(g, n)
        cells.append("—" if m is None else f"{fmt(m)} ({fmt(round(m/n))})")
    lines.append(f"| {what[g]} | " + " | ".join(cells) + " |")
lines.append("<!-- native:end -->")
section = "\n".join(lines)

mpath = pathlib.Path("docs/benchmarks.md")
if mpath.exists():
    text = mpath.read_text()
    b, e = text.find("<!-- native:begin"), text.find("<!-- native:end -->")
    if b >= 0 and e >= 0:
        text = text[:b] + section + text[e + len("<!-- native:end -->"):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
else:
    text = ("# Benchmarks\n\nIssue 8's figures against their budgets. Native: `scripts/bench.sh` "
            "(criterion, benches/core.rs); the browser part records its own section.\n\n" + section + "\n")
mpath.write_text(text)
for b in budgets:
    print(f"bench: {b['figure']}: {b['value']} (budget {b['budget']}) — {'met' if b['met'] else 'MISSED'}")
PY
echo "bench: recorded in docs/benchmarks.json and docs/benchmarks.md"
}

if [ "$smoke" = 1 ]; then
  if [ "$native" = 1 ]; then
    JIXIAO_BENCH_SIZES=10,100 cargo test --locked --bench core
  fi
  if [ -n "$parts" ]; then
    need_web
    build_web dist
    node bench/browser.mjs --smoke --parts "$parts"
  fi
  if [ "$clibench" = 1 ]; then
    bash bench/cli.sh --smoke
  fi
  exit 0
fi

if [ "$native" = 1 ]; then
  run_native
fi
if [ -n "$parts" ]; then
  need_web
  build_web target/bench-dist
  node bench/browser.mjs --parts "$parts"
fi
if [ "$clibench" = 1 ]; then
  bash bench/cli.sh
fi
