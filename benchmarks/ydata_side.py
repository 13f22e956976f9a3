"""The ydata-profiling side of bench_profiling.py, run in benchmarks/.venv-ydata (pandas < 3).

Imports nothing of journey_utils. Loads the Parquet input untimed, warms up on its first 1,000
rows (imports, numba compilation), then times
`ProfileReport(df, minimal=True).get_description()`: the full statistical description of every
column (what ydata's HTML and JSON are rendered from), without rendering. A fresh ProfileReport
per run, since a report caches its description. `--json` times `.to_json()` instead (description
plus serialisation). Writes {"runs": [...], "rss_loaded_mib": ...} to --out.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import time
import warnings
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="time .to_json() instead")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)

    import pandas as pd

    frame = pd.read_parquet(args.input)
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    profile(frame.head(1000), args.json)  # warm-up: imports, numba compilation, caches
    runs = []
    variables = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        variables = profile(frame, args.json)
        runs.append(time.perf_counter() - started)
    result = {"runs": runs, "rss_loaded_mib": rss_loaded, "variables": variables}
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


def profile(frame: object, as_json: bool) -> int:
    """One minimal-mode profile of `frame`; returns the number of variables described."""
    from ydata_profiling import ProfileReport

    report = ProfileReport(frame, minimal=True, progress_bar=False)
    if as_json:
        return len(json.loads(report.to_json())["variables"])
    return len(report.get_description().variables)


if __name__ == "__main__":
    raise SystemExit(main())
