"""Client profiling at bank scale, and our column profile against ydata-profiling (minimal mode).

Times our profiling tables (grade bands, industry × region, lifecycle, financial ratios, pain
points) and `column_profile` / `correlation_table` on the 500,000-client client 360, and
ydata-profiling's `ProfileReport(df, minimal=True).get_description()` on the same Parquet file in
the same run. ydata-profiling pins pandas < 3, so it runs in its own venv, benchmarks/.venv-ydata
(made on first use from benchmarks/requirements-ydata.txt, never a dependency of journey_utils),
via benchmarks/ydata_side.py. Each (tool, step) runs in its own process: input loaded untimed, one
warm-up call on the first 1,000 rows, then `--repeat` timed calls; peak RSS from os.wait4.
Prints a Markdown table and writes benchmarks/results/profiling_<data>.json. Usage:

    .venv/bin/python benchmarks/bench_profiling.py --repeat 3
    .venv/bin/python benchmarks/bench_profiling.py --sample 100000 --ydata-repeat 1
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_foundation import machine, side_venv
from bench_journey import measure

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
RESULTS = BENCH / "results"
YDATA_VENV = BENCH / ".venv-ydata"
YDATA_REQUIREMENTS = BENCH / "requirements-ydata.txt"
CLIENT_360 = REPO / "data" / "bench_500000" / "processed" / "client_360.parquet"
WARMUP_ROWS = 1000

OURS_STEPS: dict[str, str] = {
    "column_profile": "`column_profile` (61 columns)",
    "correlation_table": "`correlation_table` (top 15 pairs, pairwise-complete Pearson)",
    "grades_table": "`grades_table`",
    "industry_region_table": "`industry_region_table` (counts)",
    "lifecycle_table": "`lifecycle_table`",
    "ratio_distributions_table": "`ratio_distributions_table` by grade band and by industry",
    "pain_point_groups_table": "`pain_point_groups_table` (with applications)",
    "all_profiling": "all profiling tables above + column profile + correlations",
}


# --------------------------------------------------------------------------- our side (worker)


def ours_call(step: str, path: Path) -> Callable[[Any], Any]:
    """A one-argument call (the client 360 frame) running one of our steps; applications are
    loaded here, untimed, for the pain-point step."""
    import pandas as pd

    from journey_utils.profiling.columns import column_profile, correlation_table
    from journey_utils.profiling.financial_health import ratio_distributions_table
    from journey_utils.profiling.pain_points import pain_point_groups_table
    from journey_utils.profiling.portfolio import (
        grades_table,
        industry_region_table,
        lifecycle_table,
    )

    apps_path = path.parent / "applications.parquet"
    columns = ["client_id", "outcome", "first_response_hours"]
    apps = pd.read_parquet(apps_path, columns=columns) if apps_path.exists() else None

    def ratios(df: Any) -> Any:
        return [
            ratio_distributions_table(df, by, min_cell_size=10) for by in ("grade_band", "industry")
        ]

    calls: dict[str, Callable[[Any], Any]] = {
        "column_profile": column_profile,
        "correlation_table": correlation_table,
        "grades_table": lambda df: grades_table(df, min_cell_size=10),
        "industry_region_table": lambda df: industry_region_table(df, min_cell_size=10),
        "lifecycle_table": lambda df: lifecycle_table(df, min_cell_size=10),
        "ratio_distributions_table": ratios,
        "pain_point_groups_table": lambda df: pain_point_groups_table(df, apps, min_cell_size=10),
    }
    if step == "all_profiling":
        return lambda df: [call(df) for name, call in calls.items()]
    if step not in calls:
        raise SystemExit(f"unknown step {step!r} (valid: {', '.join(OURS_STEPS)})")
    return calls[step]


def worker(step: str, path: Path, repeat: int, out: Path) -> int:
    """Run one of our steps in this process: load, warm-up, `repeat` timed runs, to `out`."""
    import resource

    import pandas as pd

    frame = pd.read_parquet(path)
    call = ours_call(step, path)
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    call(frame.head(WARMUP_ROWS))
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call(frame)
        runs.append(time.perf_counter() - started)
    out.write_text(json.dumps({"runs": runs, "rss_loaded_mib": rss_loaded}), encoding="utf-8")
    return 0


# --------------------------------------------------------------------------- parent


def ydata_python() -> Path:
    """The ydata venv's python, creating the venv from requirements-ydata.txt if missing."""
    return side_venv(YDATA_VENV, YDATA_REQUIREMENTS, "ydata-profiling")


def sample_input(source: Path, rows: int, seed: int = 42) -> Path:
    """A random sample of `rows` clients of `source`, written by a child process (so the parent
    stays small) to benchmarks/results/client_360_<rows>.parquet."""
    target = RESULTS / f"client_360_{rows}.parquet"
    code = (
        "import pandas as pd, sys; "
        "pd.read_parquet(sys.argv[1]).sample(n=int(sys.argv[2]), random_state=int(sys.argv[3]))"
        ".to_parquet(sys.argv[4], index=False)"
    )
    cmd = [sys.executable, "-c", code, str(source), str(rows), str(seed), str(target)]
    subprocess.run(cmd, check=True)
    return target


def run_step(tool: str, step: str, source: Path, repeat: int) -> dict[str, Any]:
    """Time one (tool, step) on `source` in its own process."""
    if tool == "ours":
        cmd = [sys.executable, __file__, "--worker", step, "--input", str(source)]
    else:
        cmd = [str(ydata_python()), str(BENCH / "ydata_side.py"), "--input", str(source)]
        cmd += ["--json"] if step == "to_json" else []
    cmd += ["--repeat", str(repeat)]
    timings, peak = measure(cmd)
    row = {"tool": tool, "step": step, "runs": timings["runs"], "peak_rss_mib": peak}
    row["median_s"] = statistics.median(row["runs"])
    print(
        f"  {tool:<6} {step:<26} median {row['median_s']:8.3f} s  "
        f"runs {[round(r, 3) for r in row['runs']]}  peak RSS {peak:,.0f} MiB",
        flush=True,
    )
    return row


def markdown(rows: list[dict[str, Any]], data: str, n_rows: int) -> str:
    """The result table, with ydata / ours ratios against the column profile (alone and with the
    correlations)."""
    by_step = {(r["tool"], r["step"]): r["median_s"] for r in rows}
    ours_profile = by_step.get(("ours", "column_profile"))
    ours_both = (ours_profile or 0) + by_step.get(("ours", "correlation_table"), 0)
    lines = [
        "| data | rows | tool | step | median s | min–max s | peak RSS MiB | ydata / ours | "
        "ydata / (profile + correlations) |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        label = OURS_STEPS.get(r["step"], YDATA_STEPS.get(r["step"], r["step"]))
        ratio = both = ""
        if r["tool"] == "ydata" and ours_profile:
            ratio = f"{r['median_s'] / ours_profile:.1f}×"
            both = f"{r['median_s'] / ours_both:.1f}×"
        lines.append(
            f"| {data} | {n_rows:,} | {r['tool']} | {label} | {r['median_s']:.3f} | "
            f"{min(r['runs']):.3f}–{max(r['runs']):.3f} | {r['peak_rss_mib']:,.0f} | {ratio} | "
            f"{both} |"
        )
    return "\n".join(lines)


YDATA_STEPS: dict[str, str] = {
    "get_description": "`ProfileReport(df, minimal=True).get_description()`",
    "to_json": "`ProfileReport(df, minimal=True).to_json()`",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=CLIENT_360, help="a client 360 Parquet")
    parser.add_argument("--sample", type=int, help="profile a random sample of this many rows")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of our steps")
    parser.add_argument("--ydata-repeat", type=int, default=1, help="timed runs of ydata")
    parser.add_argument("--ydata-json", action="store_true", help="also time ydata's to_json()")
    parser.add_argument("--skip-ydata", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.input, args.repeat, args.out)

    RESULTS.mkdir(parents=True, exist_ok=True)
    if not args.input.exists():
        raise SystemExit(
            f"{args.input} is missing: run `journey generate` and `journey integrate` with "
            "benchmarks/results/params_500000.yaml (see bench_foundation.py) first"
        )
    source = sample_input(args.input, args.sample) if args.sample else args.input
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(source).metadata
    n_rows, n_cols = meta.num_rows, meta.num_columns
    data = f"client_360_{n_rows}"
    print(f"{source.relative_to(REPO)}: {n_rows:,} rows × {n_cols} columns", flush=True)
    rows = [run_step("ours", step, source, args.repeat) for step in OURS_STEPS]
    if not args.skip_ydata:
        rows.append(run_step("ydata", "get_description", source, args.ydata_repeat))
        if args.ydata_json:
            rows.append(run_step("ydata", "to_json", source, args.ydata_repeat))
    table = markdown(rows, data, n_rows)
    print("\n" + table)
    out = RESULTS / f"profiling_{data}.json"
    versions = {"python_ydata": "benchmarks/.venv-ydata", "requirements": YDATA_REQUIREMENTS.name}
    record = {"machine": machine(), "data": data, "rows": n_rows, "columns": n_cols}
    record |= {"steps": rows, "ydata_env": versions, "markdown": table}
    out.write_text(json.dumps(record, indent=2), encoding="utf-8")
    print(f"\nwrote {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
