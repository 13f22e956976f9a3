"""Journey analytics against pm4py: funnel, variants and transition matrix on the same logs.

Our functions (`funnel_table`, `variants_table`, `transition_matrix`) run in the project venv; pm4py
(AGPL-3.0, never a dependency of journey_utils) runs in its own venv, benchmarks/.venv-pm4py,
made on first use from benchmarks/requirements-pm4py.txt, via benchmarks/pm4py_side.py. Each
(tool, step, data) runs in its own process: the input is loaded untimed, one warm-up call, then
`--repeat` timed calls; peak RSS comes from os.wait4. Both tools get the same events: the
conformed journey log, activity = stage. The run also checks that both give the same answer.
Prints a Markdown table and writes benchmarks/results/journey_<data>.json. Usage:

    .venv/bin/python benchmarks/bench_journey.py --repeat 5
    .venv/bin/python benchmarks/bench_journey.py --data bpi2012 --repeat 3
    .venv/bin/python benchmarks/bench_journey.py --data synthetic \
        --log data/bench_20000/processed/journey_log.parquet
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
from bench_foundation import machine, params_file, side_venv

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
RESULTS = BENCH / "results"
PM4PY_VENV = BENCH / ".venv-pm4py"
PM4PY_REQUIREMENTS = BENCH / "requirements-pm4py.txt"
BPI_XES = REPO.parent / "shared" / "data" / "bpic2012" / "BPI_Challenge_2012.xes.gz"
BPI_PARAMS = REPO / "params" / "bpi2012.yaml"
SYNTHETIC_CLIENTS = 500_000

RAW_SUFFIX = " (raw activities)"
"""Data label suffix of pm4py's rows on BPI's own 24 activities rather than the six stages."""


@dataclass
class Dataset:
    """One log both tools analyse: our conformed log, the same events for pm4py, and the XES."""

    name: str
    journey_log: Path  # conformed journey log (Parquet), our input
    events: Path  # case, activity (= stage), timestamp: the same events, pm4py's input
    xes: Path | None = None  # source XES, for the load/import rows
    raw_events: Path | None = None  # the source's own activities (BPI), for a context row


@dataclass
class Row:
    """The timings of one (tool, step, data)."""

    tool: str
    step: str
    data: str
    rows_in: int
    runs: list[float]
    peak_rss_mib: float
    rss_loaded_mib: float

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


# --------------------------------------------------------------------------- our side (worker)


def ours_call(step: str, path: Path) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """(a no-argument call running one of our steps, the call whose result the correctness check
    reads); the input is loaded beforehand, untimed."""
    if step == "read_xes":
        from journey_utils.integration.xes import read_xes

        call = partial(read_xes, path)
        return call, call
    if step == "conform":
        call = partial(conform_bpi, path)
        return call, call
    if step == "file_e2e":
        call = partial(file_to_answers, path)
        return call, call
    log = pd.read_parquet(path)
    if step == "funnel":
        from journey_utils.journey.funnel import funnel_table

        call = partial(funnel_table, log, min_cell_size=1)  # every count, as pm4py gives them
        return call, call
    from journey_utils.journey.paths import transition_matrix, variants_table

    if step == "variants":  # timed as called by default (top 20); every variant for the check
        every = partial(variants_table, log, min_cell_size=1)
        return every, partial(every, top=10**9)
    if step == "transitions":
        call = partial(transition_matrix, log, min_cell_size=1)
        return call, call
    raise SystemExit(f"unknown step {step!r}")


def conform_bpi(xes: Path) -> pd.DataFrame:
    """BPI 2012 read from XES and conformed to the journey log with params/bpi2012.yaml.

    Pseudonyms use a throwaway key (set in main) unless JOURNEY_PSEUDO_KEY is set: nothing of the
    conformed log leaves benchmarks/results/."""
    from journey_utils.integration.event_log import read_event_log
    from journey_utils.integration.privacy import pseudonymiser
    from journey_utils.params.run import load_params

    params = load_params(BPI_PARAMS)
    if params.event_log is None:
        raise SystemExit(f"{BPI_PARAMS} has no event_log section")
    pseudonymise = pseudonymiser(params).pseudonymise
    imported = read_event_log(
        params.event_log, params.as_of, params.abandon_after_days, pseudonymise, path=xes
    )
    return imported.log


def file_to_answers(xes: Path) -> tuple[pd.DataFrame, ...]:
    """The whole way from the XES file: read, conform (stages, quality rules, pseudonyms), then
    funnel, transitions, variants and stage timing, as report 03 draws them."""
    from journey_utils.journey.funnel import funnel_table
    from journey_utils.journey.paths import transition_matrix, variants_table
    from journey_utils.journey.timing import stage_durations_table
    from journey_utils.params.run import load_params

    log = conform_bpi(xes)
    as_of = load_params(BPI_PARAMS).as_of
    return (
        funnel_table(log, min_cell_size=1),
        transition_matrix(log, min_cell_size=1),
        variants_table(log, min_cell_size=1),
        stage_durations_table(log, as_of, min_cell_size=1),
    )


def worker(step: str, path: Path, repeat: int, out: Path, dump: Path | None) -> int:
    """Run one of our steps in this process: warm-up, `repeat` timed runs, timings to `out`."""
    import resource

    call, answer = ours_call(step, path)
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = call()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        runs.append(time.perf_counter() - started)
    out.write_text(json.dumps({"runs": runs, "rss_loaded_mib": rss_loaded}), encoding="utf-8")
    if dump is not None:
        result = answer() if answer is not call else result
        if isinstance(result, pd.DataFrame):
            result.to_pickle(dump)
    return 0


# --------------------------------------------------------------------------- parent


def measure(cmd: list[str]) -> tuple[dict[str, Any], float]:
    """(the child's timings, its peak RSS MiB) of one child process."""
    with tempfile.NamedTemporaryFile(suffix=".json", dir=RESULTS, delete=False) as tmp:
        out = Path(tmp.name)
    try:
        proc = subprocess.Popen([*cmd, "--out", str(out)], cwd=REPO, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"benchmark step failed: {' '.join(cmd)}")
        return json.loads(out.read_text(encoding="utf-8")), usage.ru_maxrss / 1024
    finally:
        out.unlink(missing_ok=True)


def pm4py_python(venv: Path) -> Path:
    """The pm4py venv's python, creating the venv from requirements-pm4py.txt if missing."""
    return side_venv(venv, PM4PY_REQUIREMENTS, "pm4py")


def run_step(
    tool: str, step: str, data: str, source: Path, args: argparse.Namespace, dump: Path | None
) -> Row:
    """Time one (tool, step) on one input in its own process."""
    if tool == "ours":
        cmd = [sys.executable, __file__, "--worker", step, "--input", str(source)]
    else:
        cmd = [str(args.pm4py_python), str(BENCH / "pm4py_side.py"), "--step", step]
        cmd += ["--input", str(source)]
    cmd += ["--repeat", str(args.repeat)]
    if dump is not None:
        cmd += ["--dump", str(dump)]
    timings, peak = measure(cmd)
    rows_in = n_rows(source)
    row = Row(tool, step, data, rows_in, timings["runs"], peak, timings["rss_loaded_mib"])
    print(
        f"  {tool:<6} {step:<15} {data:<24} median {row.median:8.3f} s  "
        f"runs {[round(r, 3) for r in row.runs]}  peak RSS {peak:,.0f} MiB",
        flush=True,
    )
    return row


def n_rows(path: Path) -> int:
    """Events in a Parquet input (0 for an XES: counted by its reader)."""
    if path.suffix != ".parquet":
        return 0
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def stage_events(journey_log: Path, out: Path) -> Path:
    """pm4py's input: every event of the conformed log as (case, activity = stage, timestamp),
    in the log's own row order (pm4py.format_dataframe keeps it for equal timestamps)."""
    log = pd.read_parquet(journey_log, columns=["application_id", "stage", "ts"])
    frame = pd.DataFrame(
        {"case": log["application_id"], "activity": log["stage"], "timestamp": log["ts"]}
    )
    frame.to_parquet(out, index=False)
    return out


def prepare(what: str, source: Path) -> int:
    """Write the inputs of one dataset to benchmarks/results/ (run as a child process, so the
    parent stays small: a child's peak RSS starts from its parent's, even across exec)."""
    if what == "bpi2012":
        journey_log = RESULTS / "bpi2012_journey_log.parquet"
        conform_bpi(source).to_parquet(journey_log, index=False)
        stage_events(journey_log, RESULTS / "pm4py_input_bpi2012.parquet")
        from journey_utils.integration.xes import read_xes

        raw = read_xes(source)
        columns = {"case:concept:name": "case", "concept:name": "activity"}
        raw = raw.rename(columns={**columns, "time:timestamp": "timestamp"})
        raw[["case", "activity", "timestamp"]].to_parquet(
            RESULTS / "pm4py_input_bpi2012_raw.parquet", index=False
        )
    else:
        stage_events(source, RESULTS / f"pm4py_input_{what}.parquet")
    return 0


def run_prepare(what: str, source: Path) -> None:
    """`prepare` in a child process."""
    cmd = [sys.executable, __file__, "--prepare", what, "--input", str(source)]
    subprocess.run(cmd, cwd=REPO, check=True)


def synthetic_dataset(log: Path | None) -> Dataset:
    """The synthetic journey log (generated and integrated at 500,000 clients if missing)."""
    if log is None:
        log = REPO / "data" / f"bench_{SYNTHETIC_CLIENTS}" / "processed" / "journey_log.parquet"
        if not log.exists():
            params = str(params_file(SYNTHETIC_CLIENTS))
            journey = str(Path(sys.executable).with_name("journey"))
            print(f"generating {log.relative_to(REPO)} (about 5 minutes) ...", flush=True)
            subprocess.run([journey, "generate", "--force", "--params", params], check=True)
            subprocess.run([journey, "integrate", "--params", params], check=True)
        name = f"synthetic_{SYNTHETIC_CLIENTS}"
    else:
        name = log.parent.parent.name if log.parent.name == "processed" else log.stem
    run_prepare(name, log)
    return Dataset(name, log, RESULTS / f"pm4py_input_{name}.parquet")


def bpi_dataset(xes: Path) -> Dataset:
    """BPI Challenge 2012, conformed with params/bpi2012.yaml (our input) and as raw activities."""
    run_prepare("bpi2012", xes)
    return Dataset(
        "bpi2012",
        RESULTS / "bpi2012_journey_log.parquet",
        RESULTS / "pm4py_input_bpi2012.parquet",
        xes=xes,
        raw_events=RESULTS / "pm4py_input_bpi2012_raw.parquet",
    )


def bench_dataset(ds: Dataset, args: argparse.Namespace) -> tuple[list[Row], dict[str, Any]]:
    """Every step of both tools on one dataset, then the correctness check on their answers."""
    print(f"\n{ds.name}: {n_rows(ds.journey_log):,} events", flush=True)
    dumps = RESULTS / f"answers_{ds.name}"
    dumps.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    if ds.xes is not None:
        rows.append(run_step("ours", "read_xes", ds.name, ds.xes, args, None))
        rows.append(run_step("ours", "conform", ds.name, ds.xes, args, None))
        rows.append(run_step("pm4py", "read_xes", ds.name, ds.xes, args, None))
        rows.append(run_step("pm4py", "read_xes_python", ds.name, ds.xes, args, None))
        rows.append(run_step("ours", "file_e2e", ds.name, ds.xes, args, None))
        rows.append(run_step("pm4py", "file_e2e", ds.name, ds.xes, args, None))
    for step in ("funnel", "transitions", "variants"):
        rows.append(
            run_step("ours", step, ds.name, ds.journey_log, args, dumps / f"ours_{step}.pkl")
        )
    for step in ("format", "dfg", "variants", "cases_per_activity"):
        dump = dumps / f"pm4py_{step}.json" if step != "format" else None
        rows.append(run_step("pm4py", step, ds.name, ds.events, args, dump))
    if ds.raw_events is not None:
        for step in ("format", "dfg", "variants"):
            data = ds.name + RAW_SUFFIX
            rows.append(run_step("pm4py", step, data, ds.raw_events, args, None))
    check = correctness(dumps)
    return rows, check


# --------------------------------------------------------------------------- correctness


def collapse(seq: list[str]) -> tuple[str, ...]:
    """A sequence with runs of the same activity kept once: events -> stage visits."""
    out: list[str] = []
    for a in seq:
        if not out or out[-1] != a:
            out.append(a)
    return tuple(out)


def our_transitions(matrix: pd.DataFrame) -> tuple[Counter, Counter, Counter]:
    """(stage -> stage, start stage, last stage) counts from our transition matrix: its 'start'
    row gives the first visits, its outcome columns the last visit of each case."""
    from journey_utils.catalog import STAGES
    from journey_utils.journey.paths import START

    pairs: Counter[tuple[str, str]] = Counter()
    starts: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    for a in matrix.index:
        for b in matrix.columns:
            n = int(matrix.at[a, b])
            if not n:
                continue
            if a == START:
                starts[str(b)] += n
            elif b in STAGES:
                pairs[(str(a), str(b))] += n
            else:
                ends[str(a)] += n
    return pairs, starts, ends


def our_variants(table: pd.DataFrame) -> Counter[tuple[str, ...]]:
    """Our variants as stage sequences (the outcome step dropped), with case counts."""
    from journey_utils.catalog import STAGES
    from journey_utils.journey.paths import OTHER_VARIANTS, STEP_SEPARATOR

    counts: Counter[tuple[str, ...]] = Counter()
    for variant, n in table[["variant", "cases"]].itertuples(index=False):
        if variant != OTHER_VARIANTS:
            counts[tuple(s for s in str(variant).split(STEP_SEPARATOR) if s in STAGES)] += int(n)
    return counts


def diff(ours: Counter, theirs: Counter, label: Callable[[Any], str]) -> list[dict[str, Any]]:
    """Keys whose counts differ, with both counts."""
    keys = sorted(set(ours) | set(theirs), key=str)
    return [
        {"key": label(k), "ours": ours.get(k, 0), "pm4py": theirs.get(k, 0)}
        for k in keys
        if ours.get(k, 0) != theirs.get(k, 0)
    ]


def correctness(dumps: Path) -> dict[str, Any]:
    """Our transitions vs pm4py's DFG (self-loops aside: we collapse runs of a stage into one
    visit), start and end activities, and our top-5 variants vs pm4py's (collapsed likewise)."""
    matrix = pd.read_pickle(dumps / "ours_transitions.pkl")
    dfg = json.loads((dumps / "pm4py_dfg.json").read_text(encoding="utf-8"))
    pairs, starts, ends = our_transitions(matrix)
    theirs = Counter({(a, b): n for a, b, n in dfg["dfg"] if a != b})
    arrow = " -> ".join
    report: dict[str, Any] = {
        "transitions": {
            "pairs_compared": len(set(pairs) | set(theirs)),
            "mismatches": diff(pairs, theirs, arrow),
            "start_mismatches": diff(starts, Counter(dfg["start_activities"]), str),
            "end_mismatches": diff(ends, Counter(dfg["end_activities"]), str),
            "pm4py_self_loops": {a: n for a, b, n in dfg["dfg"] if a == b},
        }
    }
    funnel = pd.read_pickle(dumps / "ours_funnel.pkl")
    reached = Counter(dict(zip(funnel["stage"], funnel["cases"], strict=True)))
    reached.pop("disbursed", None)
    per_activity = json.loads((dumps / "pm4py_cases_per_activity.json").read_text("utf-8"))
    report["funnel"] = {"mismatches": diff(reached, Counter(per_activity["cases"]), str)}
    ours_v = our_variants(pd.read_pickle(dumps / "ours_variants.pkl"))
    pm_raw = json.loads((dumps / "pm4py_variants.json").read_text(encoding="utf-8"))["variants"]
    pm_v: Counter[tuple[str, ...]] = Counter()
    for seq, n in pm_raw:
        pm_v[collapse(seq)] += n
    top_ours, top_pm = ours_v.most_common(5), pm_v.most_common(5)
    top = Counter({v: 1 for v, _ in top_ours + top_pm})
    report["variants"] = {
        "ours_distinct_sequences": len(ours_v),
        "pm4py_distinct_raw": len(pm_raw),
        "pm4py_distinct_collapsed": len(pm_v),
        "top5_ours": [[" > ".join(v), n] for v, n in top_ours],
        "top5_pm4py": [[" > ".join(v), n] for v, n in top_pm],
        "top5_mismatches": diff(
            Counter({v: ours_v.get(v, 0) for v in top}),
            Counter({v: pm_v.get(v, 0) for v in top}),
            " > ".join,
        ),
        "same_top5_order": [v for v, _ in top_ours] == [v for v, _ in top_pm],
        "all_mismatches": len(diff(ours_v, pm_v, " > ".join)),
    }
    return report


# --------------------------------------------------------------------------- report

PAIRED: dict[str, str] = {
    "dfg": "transitions",
    "variants": "variants",
    "read_xes": "read_xes",
    "read_xes_python": "read_xes",
    "cases_per_activity": "funnel",
    "file_e2e": "file_e2e",
}
"""pm4py step -> our step it is compared with (format_dataframe is its preparation). pm4py has no
funnel: cases per activity is only the funnel's `cases` column, without conversions or intervals."""

STEP_LABEL = {
    ("ours", "read_xes"): "read XES (`xes.read_xes`)",
    ("ours", "conform"): "read XES + conform (`eventlog.read_event_log`)",
    ("ours", "file_e2e"): "file → funnel, transitions, variants, stage timing",
    ("pm4py", "file_e2e"): "file → `read_xes`, `format_dataframe`, DFG, variants",
    ("ours", "funnel"): "`funnel_table`",
    ("ours", "transitions"): "`transition_matrix`",
    ("ours", "variants"): "`variants_table`",
    ("pm4py", "read_xes"): "`read_xes` (r4pm, Rust)",
    ("pm4py", "read_xes_python"): "`read_xes` (lxml, Python)",
    ("pm4py", "format"): "`format_dataframe`",
    ("pm4py", "dfg"): "`discover_dfg`",
    ("pm4py", "variants"): "`get_variants`",
    ("pm4py", "cases_per_activity"): "`get_event_attribute_values` (cases per activity)",
}


def ratio_rows(rows: list[Row]) -> list[dict[str, Any]]:
    """The table: one line per (tool, step, data); a pm4py line carries pm4py / ours against our
    paired step on the same log, and for dfg / variants also with its format_dataframe added."""
    med = {(r.tool, r.step, r.data): r.median for r in rows}
    out = []
    for r in rows:
        ratio = with_format = None
        base = r.data.removesuffix(RAW_SUFFIX)
        ours = med.get(("ours", PAIRED.get(r.step, ""), base)) if r.tool == "pm4py" else None
        if ours:
            ratio = r.median / ours
            fmt = med.get(("pm4py", "format", r.data))
            if fmt is not None and r.step in ("dfg", "variants", "cases_per_activity"):
                with_format = (r.median + fmt) / ours
        out.append(
            {
                "tool": r.tool,
                "step": r.step,
                "data": r.data,
                "events_in": r.rows_in,
                "median_s": round(r.median, 4),
                "min_s": round(min(r.runs), 4),
                "max_s": round(max(r.runs), 4),
                "runs_s": [round(x, 4) for x in r.runs],
                "peak_rss_mib": round(r.peak_rss_mib, 1),
                "rss_after_load_mib": round(r.rss_loaded_mib, 1),
                "ratio_pm4py_over_ours": round(ratio, 2) if ratio else None,
                "ratio_incl_format": round(with_format, 2) if with_format else None,
            }
        )
    return out


def markdown(table: list[dict[str, Any]]) -> str:
    """The table as Markdown, as pasted into benchmarks/README.md."""
    lines = [
        "| data | tool | step | events in | median s | min–max s | peak RSS MiB "
        "| pm4py / ours | incl. format |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for t in table:
        label = STEP_LABEL.get((t["tool"], t["step"]), t["step"])
        ratio = f"{t['ratio_pm4py_over_ours']:.1f}×" if t["ratio_pm4py_over_ours"] else ""
        fmt = f"{t['ratio_incl_format']:.1f}×" if t["ratio_incl_format"] else ""
        events = f"{t['events_in']:,}" if t["events_in"] else "XES"
        lines.append(
            f"| {t['data']} | {t['tool']} | {label} | {events} | {t['median_s']:.3f} | "
            f"{t['min_s']:.3f}–{t['max_s']:.3f} | {t['peak_rss_mib']:,.0f} | {ratio} | {fmt} |"
        )
    return "\n".join(lines)


def print_check(name: str, check: dict[str, Any]) -> None:
    """Correctness results, mismatches listed."""
    tr, va = check["transitions"], check["variants"]
    for what, found in (
        ("stage -> stage transitions vs pm4py DFG (self-loops aside)", tr["mismatches"]),
        ("start stages vs pm4py start activities", tr["start_mismatches"]),
        ("last stages vs pm4py end activities", tr["end_mismatches"]),
        ("top-5 variants (stage sequences)", va["top5_mismatches"]),
        ("funnel cases per stage vs pm4py cases per activity", check["funnel"]["mismatches"]),
    ):
        print(f"{name}: {what}: {'OK' if not found else f'{len(found)} MISMATCH(ES)'}")
        for m in found:
            print(f"    {m['key']}: ours {m['ours']:,}  pm4py {m['pm4py']:,}")
    print(f"    pm4py self-loops (runs of a stage, one visit for us): {tr['pm4py_self_loops']}")
    print(
        f"    top-5 in the same order: {va['same_top5_order']}; distinct stage sequences ours "
        f"{va['ours_distinct_sequences']:,}, pm4py {va['pm4py_distinct_raw']:,} raw / "
        f"{va['pm4py_distinct_collapsed']:,} collapsed; sequences whose counts differ: "
        f"{va['all_mismatches']:,}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", nargs="+", default=["bpi2012", "synthetic"], choices=["bpi2012", "synthetic"]
    )
    parser.add_argument(
        "--log",
        type=Path,
        help="a conformed journey log (Parquet) instead of the 500,000-client synthetic one",
    )
    parser.add_argument("--bpi", type=Path, default=BPI_XES, help="BPI 2012 XES")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pm4py-venv", type=Path, default=PM4PY_VENV)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.input, args.repeat, args.out, args.dump)
    if args.prepare:
        return prepare(args.prepare, args.input)
    RESULTS.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("JOURNEY_PSEUDO_KEY", secrets.token_hex(32))  # children inherit it
    args.pm4py_python = pm4py_python(args.pm4py_venv)
    args.pm4py_version = subprocess.run(
        [str(args.pm4py_python), "-c", "import importlib.metadata as m; print(m.version('pm4py'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    datasets = []
    if "bpi2012" in args.data:
        datasets.append(bpi_dataset(args.bpi))
    if "synthetic" in args.data or args.log is not None:
        datasets.append(synthetic_dataset(args.log))
    for ds in datasets:
        rows, check = bench_dataset(ds, args)
        table = ratio_rows(rows)
        print("\n" + markdown(table))
        print_check(ds.name, check)
        report = {
            "machine": machine(),
            "repeat": args.repeat,
            "pm4py": args.pm4py_version,
            "results": table,
            "correctness": check,
        }
        (RESULTS / f"journey_{ds.name}.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(machine()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
