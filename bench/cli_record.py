#!/usr/bin/env python3
"""Reads what bench/cli.sh measured (its work directory, BENCH_* variables), prints it and,
unless it was a smoke run, records it: docs/benchmarks.json key "cli", and the section between
<!-- cli:begin --> and <!-- cli:end --> of docs/benchmarks.md."""
import csv
import decimal
import json
import os
import pathlib
import re
import statistics

E = os.environ
work = pathlib.Path(E["BENCH_WORK"])
N = int(E["BENCH_N"])
smoke = E["BENCH_SMOKE"] == "1"


def runs(name):
    rows = [line.split() for line in (work / name).read_text().splitlines() if line.strip()]
    wall = [float(r[0]) * 1000 for r in rows]
    rss = [int(r[1]) / 1024 for r in rows]
    return {"runs": len(rows), "wall_ms_median": round(statistics.median(wall), 1), "wall_ms": [round(w, 1) for w in wall],
            "peak_mib_median": round(statistics.median(rss), 1), "peak_mib": [round(m, 1) for m in rss]}


def same_number(a, b):
    """The two totals as numbers (LibreOffice writes 84.645 for jixiao's 84.6450)."""
    try:
        return a is not None and b is not None and decimal.Decimal(a) == decimal.Decimal(b)
    except decimal.InvalidOperation:
        return False


def callgrind_total(path):
    for line in path.read_text(errors="replace").splitlines():
        m = re.match(r"^(?:summary|totals):\s*(\d+)", line)
        if m:
            return int(m.group(1))
    return None


# Where the time goes: inclusive instruction counts of the steps of `jixiao score FILE`.
# Patterns of the functions of the `score` path as they are named today: keep them in step
# with src/bin/jixiao.rs, src/draft.rs, src/editor and src/scoring.rs (a step whose function
# was renamed or inlined away would silently drop out of the table).
ASSESS = r"jixiao::(?:editor::assess_opened|assess)\b"
STEPS = [
    ("the whole run (main)", r"jixiao::main\b"),
    ("reading the file and JSON → draft (load)", r"jixiao::load\b"),
    ("— of which JSON → typed draft (serde: draft::read_typed)", r"jixiao::draft::read_typed\b"),
    ("— of which the UTF-8 check of the whole text (simdutf8)", r"^simdutf8::"),
    ("— of which the checks (draft::validate)", r"jixiao::draft::validate\b"),
    ("scoring + reconciliation (editor::assess_opened)", ASSESS),
    ("— of which scoring (scoring::score)", r"jixiao::scoring::score\b"),
    ("— of which the checks (reconcile::check)", r"jixiao::reconcile::check\b"),
    ("— of which the explanations' formulas (scoring::Explanation::write_formula)", r"jixiao::scoring::Explanation::(?:write_formula|formula_into|formula)\b"),
    ("freeing memory (drop_in_place, free)", r"^(?:core::ptr::drop_in_place|free|__libc_free|_int_free)\b"),
]


def inclusive(path):
    out = []
    if not path.exists():
        return out
    for line in path.read_text(errors="replace").splitlines():
        m = re.match(r"^\s*([\d,]+)\s+(?:\(\s*[\d.]+%\)\s+)?(?:\S*?:)?(.+?)(?:\s+\[.*\])?\s*$", line)
        if m and "PROGRAM TOTALS" not in line:
            try:
                out.append((int(m.group(1).replace(",", "")), m.group(2)))
            except ValueError:
                pass
    return out


cli = {"indicators": N, "jixiao": runs("jixiao.runs")}
res = json.loads((work / "jixiao.json").read_text())
cli["jixiao_total"] = res["total"]
cli["draft_bytes"] = (work / "draft.jixiao.json").stat().st_size
if E["BENCH_LO"] == "run":
    cli["libreoffice"] = runs("lo.runs")
    cli["libreoffice_version"] = (work / "lo.version").read_text().strip() if (work / "lo.version").exists() else "unknown"
    lo_total = None
    with open(work / "lo.csv", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f):
            if row and row[0] == "总分" and len(row) > 7:
                lo_total = row[7]
    cli["libreoffice_total"] = lo_total
    j, l = cli["jixiao"], cli["libreoffice"]
    cli["speedup"] = round(l["wall_ms_median"] / j["wall_ms_median"], 1)
    cli["memory_ratio"] = round(l["peak_mib_median"] / j["peak_mib_median"], 1)
else:
    cli["libreoffice_skipped"] = E["BENCH_LO_REASON"]
if E["BENCH_CG"] == "run":
    big, small = callgrind_total(work / "cg.out"), callgrind_total(work / "cg-small.out")
    cli["callgrind"] = {"instructions": big, "per_indicator": round(big / N) if big else None,
                        "instructions_tenth": small, "per_indicator_tenth": round(small / (N // 10)) if small else None}
    incl = inclusive(work / "cg-incl.txt")

    def most(pat):
        return max([n for n, fn in incl if re.search(pat, fn)] or [0])

    def step(what, n):
        return {"step": what, "instructions": n, "share": round(100 * n / big, 1)}

    steps = [step(what, most(pat)) for what, pat in STEPS if most(pat)]
    at = lambda start: next(i for i, s in enumerate(steps) if s["step"].startswith(start))
    # What load spends besides the three steps under it: the lexical number scan
    # (draft::numbers_only_where_allowed_blocks, inlined into parse_any_size) and reading the file.
    load = most(r"jixiao::load\b")
    if load:
        rest = load - sum(most(STEPS[i][1]) for i in (2, 3, 4))
        steps.insert(at("scoring +"), step("— the rest: the number scan (draft::numbers_only_where_allowed_blocks, inlined) and reading the file", rest))
    # The output text (print_score, inlined into assess_files): what assess_files spends besides
    # loading and assessing.
    per_file = most(r"jixiao::assess_files\b")
    if per_file:
        rest = per_file - load - most(ASSESS)
        steps.insert(at("— of which the explanations"), step("writing the output text (print_score: explanations, formatting, printing; assess_files − load − assess)", rest))
    cli["where_the_time_goes"] = steps
    cli["top_inclusive"] = [{"instructions": n, "function": fn[:160]} for n, fn in incl[:30]]

meta = {"machine": E["BENCH_MACHINE"], "cpu": E["BENCH_CPU"], "date": E["BENCH_DATE"], "commit": E["BENCH_COMMIT"],
        "load_average_after_run": E["BENCH_LOAD"], "runs": int(E["BENCH_RUNS"]),
        "tool": "bench/cli.sh (bench/timed.py, valgrind --tool=callgrind, LibreOffice headless)"}
cli = {**meta, **cli}

say = lambda s: print(f"bench cli: {s}")
j = cli["jixiao"]
say(f"jixiao score, {N} indicators: {j['wall_ms_median']} ms, peak {j['peak_mib_median']} MiB (median of {j['runs']}); total {cli['jixiao_total']}")
if "libreoffice" in cli:
    l = cli["libreoffice"]
    say(f"LibreOffice recompute + CSV: {l['wall_ms_median']} ms, peak {l['peak_mib_median']} MiB; total {cli['libreoffice_total']}")
    say(f"jixiao is {cli['speedup']}× faster (goal ≥ 30×), uses 1/{cli['memory_ratio']} of the memory (goal ≤ 1/10)")
    if not same_number(cli["libreoffice_total"], cli["jixiao_total"]):
        # Both must have done the same work, or the comparison means nothing: not recorded.
        say(f"FAILED: the workbook's total {cli['libreoffice_total']} differs from jixiao's {cli['jixiao_total']} "
            "(bench/peer_workbook.py must compute the 自评表 as jixiao does, to the draft's rules.decimals)")
        raise SystemExit(1)
else:
    say(f"LibreOffice part skipped: {cli['libreoffice_skipped']}")
if "callgrind" in cli:
    c = cli["callgrind"]
    say(f"callgrind: {c['instructions']:,} instructions = {c['per_indicator']:,} per indicator ({c['per_indicator_tenth']:,} per indicator at {N // 10})")
    for s in cli["where_the_time_goes"]:
        say(f"  {s['share']:5.1f} %  {s['step']}")
if smoke:
    say("smoke run ok (nothing recorded)")
    raise SystemExit(0)

jpath = pathlib.Path("docs/benchmarks.json")
data = json.loads(jpath.read_text()) if jpath.exists() else {}
data["cli"] = cli
jpath.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

lines = ["<!-- cli:begin (written by scripts/bench.sh → bench/cli.sh; edits inside are overwritten) -->",
         "## Command line against LibreOffice (issue 20)", "",
         f"Machine: {cli['machine']}; date {cli['date']}; commit {cli['commit']}; load average after the run "
         f"{cli['load_average_after_run']}. `jixiao score` (`--profile cli` build: release with opt-level 3) of `jixiao generate {N}` ({cli['draft_bytes'] / 1e6:.1f} MB) "
         f"against LibreOffice ({cli.get('libreoffice_version', '—')}) recomputing the same 自评表 as a formula workbook "
         f"(bench/peer_workbook.py) and writing it as CSV (`soffice --headless --convert-to csv`, own profile, recalculation "
         f"on load, warmed up once). Whole processes (bench/timed.py: wall time around start and exit, peak memory from wait4), "
         f"median of {cli['runs']} runs each, the two alternating run by run (a second's pause after each LibreOffice run).", "",
         "| figure | jixiao score | LibreOffice | ratio | goal | met |", "|---|---|---|---|---|---|"]
if "libreoffice" in cli:
    l = cli["libreoffice"]
    lines.append(f"| wall time, whole process | {j['wall_ms_median']} ms | {l['wall_ms_median']} ms | {cli['speedup']}× faster | ≥ 30× | {'yes' if cli['speedup'] >= 30 else '**no**'} |")
    lines.append(f"| peak memory (max RSS) | {j['peak_mib_median']} MiB | {l['peak_mib_median']} MiB | 1/{cli['memory_ratio']} | ≤ 1/10 | {'yes' if cli['memory_ratio'] >= 10 else '**no**'} |")
    lines.append(f"| total score | {cli['jixiao_total']} | {cli['libreoffice_total']} | | | |")
else:
    lines.append(f"| wall time, whole process | {j['wall_ms_median']} ms | skipped: {cli['libreoffice_skipped']} | | ≥ 30× | — |")
    lines.append(f"| peak memory (max RSS) | {j['peak_mib_median']} MiB | | | ≤ 1/10 | — |")
if "callgrind" in cli:
    c = cli["callgrind"]
    lines += ["", f"Instructions (callgrind, deterministic): {c['instructions']:,} for {N:,} indicators = **{c['per_indicator']:,} per indicator**; "
              f"{c['per_indicator_tenth']:,} per indicator at {N // 10:,} (linear: the same per indicator). Where they go, inclusive:", "",
              "| step | instructions | share |", "|---|---|---|"]
    for s in cli["where_the_time_goes"]:
        lines.append(f"| {s['step']} | {s['instructions']:,} | {s['share']} % |")
lines.append("<!-- cli:end -->")
section = "\n".join(lines)
mpath = pathlib.Path("docs/benchmarks.md")
text = mpath.read_text()
b, e = text.find("<!-- cli:begin"), text.find("<!-- cli:end -->")
text = text[:b] + section + text[e + len("<!-- cli:end -->"):] if b >= 0 and e >= 0 else text.rstrip("\n") + "\n\n" + section + "\n"
mpath.write_text(text)
say("recorded in docs/benchmarks.json and docs/benchmarks.md")
