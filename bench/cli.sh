#!/usr/bin/env bash
# `jixiao score` of a 10,000-indicator draft against LibreOffice recomputing the same 自评表 as a
# formula workbook (issue 20), side by side in one run: wall time and peak memory of the whole
# process (bench/timed.py; median of the runs), instructions per indicator (valgrind
# --tool=callgrind: deterministic, where wall times on a shared machine vary 1.5–2×) and where
# jixiao's time goes (callgrind, inclusive: reading the JSON, scoring, writing the output).
# Records docs/benchmarks.json key "cli" and the cli section of docs/benchmarks.md.
#
#   bash bench/cli.sh            (scripts/bench.sh --cli runs it)
#   bash bench/cli.sh --smoke    100 indicators, one run, no LibreOffice, records nothing
#
# The peer workbook: bench/peer_workbook.py (Python's standard library). LibreOffice: Debian's
# libreoffice-calc-nogui, installed with apt-get when missing and this is root; otherwise that
# part is skipped with a message. It runs headless (`soffice --headless --convert-to csv`) with a
# profile of its own (set to recalculate every formula on load), warmed up once before timing.
# Its total must equal jixiao's (the workbook rounds to the draft's rules.decimals, as jixiao
# does): if not, the two did not do the same work and the benchmark fails, recording nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
case "${1:-}" in
  --smoke) smoke=1 ;;
  "") ;;
  *) echo "usage: bash bench/cli.sh [--smoke]" >&2; exit 2 ;;
esac
N="${JIXIAO_CLI_INDICATORS:-10000}"
RUNS="${JIXIAO_CLI_RUNS:-5}"
if [ "$smoke" = 1 ]; then N=100 RUNS=1; fi

say() { echo "bench cli: $*"; }
# python3 (the timing, the peer workbook, the record): a smoke run skips without it (the test
# command must not fail for a benchmark tool), a real run stops saying so.
if ! command -v python3 >/dev/null; then
  if [ "$smoke" = 1 ]; then say "skipped: python3 is not installed (apt-get install -y python3)"; exit 0; fi
  say "FAILED: python3 is needed (apt-get install -y python3)" >&2; exit 2
fi

if [ "$smoke" = 1 ]; then
  # The smoke run only proves the script works: the debug build the tests have made already.
  cargo build --locked --quiet --bin jixiao
  BIN="${CARGO_TARGET_DIR:-target}/debug/jixiao"
else
  # The CLI's own profile (Cargo.toml [profile.cli]: the release with opt-level 3).
  say "building the CLI (cargo build --profile cli --bin jixiao)…"
  cargo build --profile cli --locked --quiet --bin jixiao
  BIN="${CARGO_TARGET_DIR:-target}/cli/jixiao"
fi
work="$(mktemp -d /tmp/jixiao-cli-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
"$BIN" generate "$N" -o "$work/draft.jixiao.json"
"$BIN" score --json "$work/draft.jixiao.json" >"$work/jixiao.json"
python3 bench/peer_workbook.py "$work/draft.jixiao.json" "$work/peer.xlsx" "$work/jixiao.json"

# "elapsed_s max_rss_kb" of one command (bench/timed.py: wall time and peak memory of the whole
# process; its output to $work/out).
timed() { python3 bench/timed.py "$work/out" "$work/err" "$@"; }

"$BIN" score "$work/draft.jixiao.json" >/dev/null # warm-up (page cache)
: >"$work/jixiao.runs"

lo=skip lo_reason=""
if [ "$smoke" = 1 ]; then
  lo_reason="smoke run"
else
  # Calc itself, not only soffice: with LibreOffice Writer alone (installed for the .docx
  # tests) soffice starts but cannot load a workbook ("source file could not be loaded").
  has_calc() { command -v soffice >/dev/null && { ! command -v dpkg >/dev/null || dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1; }; }
  if ! has_calc; then
    if [ "$(id -u)" = 0 ]; then
      say "installing LibreOffice Calc (apt-get install libreoffice-calc-nogui; a few minutes)…"
      if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libreoffice-calc-nogui >"$work/apt.log" 2>&1 \
             || { DEBIAN_FRONTEND=noninteractive apt-get update >/dev/null 2>&1 \
                  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libreoffice-calc-nogui >"$work/apt.log" 2>&1; }; }; then
        tail -n 5 "$work/apt.log" >&2
      fi
    fi
  fi
  if has_calc; then lo=run; else lo_reason="LibreOffice Calc is not installed and could not be (apt-get install -y libreoffice-calc-nogui as root)"; fi
fi

if [ "$lo" = run ]; then
  profile="$work/lo-profile"
  mkdir -p "$profile/user"
  # Recalculate every formula on load (xlsx: OOXMLRecalcMode 0 = always), so nothing cached is
  # shown; the peer workbook holds no cached values anyway.
  cat >"$profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
  lo_cmd=(soffice --headless --norestore "-env:UserInstallation=file://$profile" --convert-to "csv:Text - txt - csv (StarCalc):44,34,76" --outdir "$work/csv" "$work/peer.xlsx")
  say "LibreOffice: warm-up (first start initialises its profile)…"
  "${lo_cmd[@]}" >/dev/null 2>&1
  if [ ! -s "$work/csv/peer.csv" ]; then
    say "FAILED: LibreOffice wrote no CSV of the workbook (is Calc installed? apt-get install -y libreoffice-calc-nogui)" >&2; exit 2
  fi
  : >"$work/lo.runs"
fi

# The two alternate run by run, so that a change in the machine's load weighs on both alike;
# a second's pause after each LibreOffice run, or what it leaves behind as it exits (its
# processes ending, 200 MB freed) lands on the jixiao run after it (measured: up to 2× its time).
say "jixiao score, $N indicators$([ "$lo" = run ] && echo ", and LibreOffice recomputing the workbook and writing CSV, alternating"), $RUNS runs…"
for _ in $(seq "$RUNS"); do
  timed "$BIN" score "$work/draft.jixiao.json" >>"$work/jixiao.runs"
  if [ "$lo" = run ]; then rm -rf "$work/csv"; timed "${lo_cmd[@]}" >>"$work/lo.runs"; sleep 1; fi
done
if [ "$lo" = run ]; then
  cp "$work/csv/peer.csv" "$work/lo.csv"
  soffice --version >"$work/lo.version" 2>/dev/null || true
fi

say "callgrind: instructions of jixiao score at $((N / 10)) and $N indicators…"
cg=skip
if command -v valgrind >/dev/null; then
  "$BIN" generate "$((N / 10))" -o "$work/small.jixiao.json"
  valgrind --tool=callgrind --callgrind-out-file="$work/cg-small.out" "$BIN" score "$work/small.jixiao.json" >/dev/null 2>"$work/cg-small.err"
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$BIN" score "$work/draft.jixiao.json" >/dev/null 2>"$work/cg.err"
  callgrind_annotate --inclusive=yes --threshold=100 "$work/cg.out" >"$work/cg-incl.txt" 2>/dev/null || true
  callgrind_annotate --threshold=100 "$work/cg.out" >"$work/cg-self.txt" 2>/dev/null || true
  cg=run
else
  say "valgrind is not installed: no instruction counts (apt-get install -y valgrind)"
fi

export BENCH_WORK="$work" BENCH_N="$N" BENCH_RUNS="$RUNS" BENCH_LO="$lo" BENCH_LO_REASON="$lo_reason" BENCH_CG="$cg" BENCH_SMOKE="$smoke"
# The model name, and family/model (a virtual machine may name only the vendor: "AMD EPYC").
export BENCH_CPU="$(awk -F': ' '/^model name/ && !n { n = $2 } /^cpu family/ && !f { f = $2 } /^model\t/ && !m { m = $2 }
                   END { if (n == "") n = "unknown CPU"; printf "%s%s", n, (f != "" ? " (family " f ", model " m ")" : "") }' /proc/cpuinfo 2>/dev/null)"
export BENCH_MACHINE="$BENCH_CPU, $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
export BENCH_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
export BENCH_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
export BENCH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
python3 bench/cli_record.py
