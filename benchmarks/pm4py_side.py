"""The pm4py side of bench_journey.py: times one pm4py call on one event log, in its own venv.

Runs only in benchmarks/.venv-pm4py (pm4py is AGPL-3.0 and never a dependency of journey_utils);
imports nothing from journey_utils. bench_journey.py starts it once per (step, data) so its peak
RSS is its own. Usage (normally called by bench_journey.py):

    benchmarks/.venv-pm4py/bin/python benchmarks/pm4py_side.py --input events.parquet \
        --step dfg --repeat 5 --out timings.json [--dump answer.json]

Input: a Parquet with columns case, activity, timestamp, or an XES file (read with pm4py.read_xes).
Steps: read_xes and read_xes_python (input must be XES: the r4pm Rust reader that pm4py uses by
default when installed, and its lxml reader), format (pm4py.format_dataframe), dfg
(pm4py.discover_dfg), variants (pm4py.get_variants), cases_per_activity
(pm4py.get_event_attribute_values with count_once_per_case: cases with each activity, the
closest pm4py has to a funnel's counts). These three run on the formatted frame: pm4py's
documented workflow, and get_variants counts events in file order on a frame that
format_dataframe has not sorted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

os.environ["PM4PY_SHOW_PROGRESS_BAR"] = "False"  # tqdm bars cost time and flood the output
warnings.filterwarnings("ignore", category=UserWarning)  # e.g. "uses r4pm by default"
sys._pm4py_welcome_shown = True  # type: ignore[attr-defined]  # its licence banner, once per child
import pm4py  # noqa: E402

CASE, ACTIVITY, TS = "case:concept:name", "concept:name", "time:timestamp"
"""pm4py's standard column names, set by format_dataframe."""


def load(path: Path) -> pd.DataFrame:
    """The raw event frame: a Parquet (case, activity, timestamp) or a pm4py-read XES."""
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pm4py.read_xes(str(path))


def formatted(frame: pd.DataFrame) -> pd.DataFrame:
    """pm4py's own preparation: standard column names, sorted by case and time, index columns."""
    if CASE in frame.columns:  # already an XES read: standard names present
        return pm4py.format_dataframe(frame)
    return pm4py.format_dataframe(
        frame, case_id="case", activity_key="activity", timestamp_key="timestamp"
    )


def step_call(step: str, path: Path) -> Callable[[], Any]:
    """A no-argument call that performs `step` once; its input is loaded beforehand, untimed."""
    keys = {"case_id_key": CASE, "activity_key": ACTIVITY, "timestamp_key": TS}
    if step == "read_xes":  # pm4py's default: the Rust reader (r4pm) when installed
        return lambda: pm4py.read_xes(str(path))
    if step == "read_xes_python":  # its pure-Python reader (lxml iterparse), without r4pm
        return lambda: pm4py.read_xes(str(path), variant="iterparse")
    if step == "file_e2e":  # the whole way from the file: read, prepare, DFG and variants
        return lambda: file_to_dfg_and_variants(path, keys)
    raw = load(path)
    if step == "format":
        return lambda: formatted(raw)
    frame = formatted(raw)
    if step == "dfg":
        return lambda: pm4py.discover_dfg(frame, **keys)
    if step == "variants":
        return lambda: pm4py.get_variants(frame, **keys)
    if step == "cases_per_activity":  # closest to a funnel's "cases reaching each stage"
        return lambda: pm4py.get_event_attribute_values(
            frame, ACTIVITY, count_once_per_case=True, case_id_key=CASE
        )
    raise SystemExit(f"unknown step {step!r}")


def file_to_dfg_and_variants(path: Path, keys: dict[str, str]) -> tuple[Any, Any]:
    """pm4py from the XES file to its DFG and variants (its default reader)."""
    frame = formatted(pm4py.read_xes(str(path)))
    return pm4py.discover_dfg(frame, **keys), pm4py.get_variants(frame, **keys)


def rss_mib() -> float:
    """Peak RSS of this process so far, MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def answer(step: str, result: Any) -> dict[str, Any]:
    """The step's result in JSON form, for bench_journey.py's correctness check."""
    if step == "dfg":
        dfg, starts, ends = result
        return {
            "dfg": [[a, b, int(n)] for (a, b), n in dfg.items()],
            "start_activities": {k: int(v) for k, v in starts.items()},
            "end_activities": {k: int(v) for k, v in ends.items()},
        }
    if step == "variants":
        return {"variants": [[list(v), int(n)] for v, n in result.items()]}
    if step == "cases_per_activity":
        return {"cases": {k: int(v) for k, v in result.items()}}
    return {"rows": len(result)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--step", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    call = step_call(args.step, args.input)
    rss_loaded = rss_mib()
    result = call()  # warm-up, untimed
    runs = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = call()
        runs.append(time.perf_counter() - started)
    report = {"runs": runs, "rss_loaded_mib": rss_loaded, "pm4py": pm4py.__version__}
    args.out.write_text(json.dumps(report), encoding="utf-8")
    if args.dump:
        args.dump.write_text(json.dumps(answer(args.step, result)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
