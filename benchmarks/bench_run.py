"""The whole workbook run on a portfolio whose data are present: every notebook executed one at a
time, executed by the parallel runner, and rerun with nothing changed (every report reused).
Each run is its own `journey run` process; wall time and peak RSS from os.wait4 (the largest of
the runner and its kernels). Prints a Markdown table and writes benchmarks/results/run_<name>.json:

    .venv/bin/python benchmarks/bench_run.py --params params/default.yaml --repeat 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
sys.path.insert(0, str(REPO / "benchmarks"))
from bench_foundation import machine, measure  # noqa: E402

JOURNEY = str(REPO / ".venv" / "bin" / "journey")


def with_workers(params: Path, workers: int) -> Path:
    """A copy of the params file beside it with `workers` set (removed after the run)."""
    values = yaml.safe_load(params.read_text(encoding="utf-8"))
    copy = params.with_name(f".bench-{workers}w-{params.name}")
    copy.write_text(yaml.safe_dump({**values, "workers": workers}), encoding="utf-8")
    return copy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", type=Path, default=REPO / "params" / "default.yaml")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    params = args.params.resolve()
    measure([JOURNEY, "run", "--params", str(params), "--quiet"])  # data present, untimed
    one, two = with_workers(params, 1), with_workers(params, 2)
    cases = {
        "executed, 1 worker": [JOURNEY, "run", "--params", str(one), "--force", "--quiet"],
        "executed, 2 workers": [JOURNEY, "run", "--params", str(two), "--force", "--quiet"],
        "nothing changed (reused)": [JOURNEY, "run", "--params", str(two), "--quiet"],
    }
    rows = []
    try:
        for label, cmd in cases.items():
            runs = [measure(cmd) for _ in range(args.repeat)]
            walls = [w for w, _ in runs]
            rows.append({"case": label, "median_s": statistics.median(walls), "runs": walls,
                         "peak_rss_mib": max(m for _, m in runs)})  # fmt: skip
    finally:
        one.unlink(missing_ok=True)
        two.unlink(missing_ok=True)
    base = rows[0]["median_s"]
    print("| case | median wall | vs 1 worker | peak RSS | runs |")
    print("|---|---:|---:|---:|---|")
    for r in rows:
        runs = ", ".join(f"{w:.1f}" for w in r["runs"])
        print(f"| {r['case']} | {r['median_s']:.1f} s | {base / r['median_s']:.1f}× | "
              f"{r['peak_rss_mib']:,.0f} MiB | {runs} s |")  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"run_{params.stem}.json"
    out.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
