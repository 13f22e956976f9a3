"""Wall time and peak memory of client segmentation on a client 360 (default: 500,000 clients).

Each step runs in its own process so its peak RSS is its own (os.wait4); inside the child the
client 360 is loaded first and untimed, then the step is timed. Steps: `fit` (features, encoder,
k-means with the run's k and seed, names), `diagnostics` (k = 4..16 on a 10,000-client sample,
silhouette on 5,000), `stability` (10 refits on 80% of a 50,000-client sample), `profile`
(profile cards and strategy table) and `predict` (the saved model assigns every client).
Prints a table and writes benchmarks/results/segmentation_<clients>.json. Usage:

    .venv/bin/python benchmarks/bench_segmentation.py --repeat 1
    .venv/bin/python benchmarks/bench_segmentation.py --data data/smoke/processed/client_360.parquet
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
DEFAULT_DATA = REPO / "data" / "bench_500000" / "processed" / "client_360.parquet"
STEPS = ("fit", "diagnostics", "stability", "profile", "predict")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_foundation import machine  # noqa: E402


def model_path(n: int) -> Path:
    return RESULTS / f"segment_model_{n}.joblib"


def child(step: str, data: Path, k: int, seed: int) -> None:
    """Run one step in this process and print its timed seconds as JSON on stdout."""
    import joblib
    import pandas as pd

    from journey_utils.segmentation.fit import fit_segments
    from journey_utils.segmentation.model import (
        k_diagnostics_table,
        predict_segments,
        stability_table,
    )
    from journey_utils.segmentation.profiles import segment_profile_table, segment_strategy_table

    c360 = pd.read_parquet(data)
    n = len(c360)
    extra: dict[str, object] = {}
    started = time.perf_counter()
    if step == "predict":
        model = joblib.load(model_path(n))
        started = time.perf_counter()
        assigned = predict_segments(model, c360)
        extra["clients"] = len(assigned)
    else:
        result = fit_segments(c360, k=k, seed=seed)
        fitted = time.perf_counter()
        if step == "fit":
            joblib.dump(result.model, model_path(n), compress=3)
            extra["segment_sizes"] = result.segments["segment"].value_counts().sort_index().tolist()
        else:
            started = fitted  # the fit is timed in its own step
            if step == "diagnostics":
                extra["table"] = k_diagnostics_table(result).round(4).to_dict("records")
            elif step == "stability":
                extra["ari"] = stability_table(result)["adjusted_rand_index"].round(4).tolist()
            elif step == "profile":
                segment_profile_table(c360, result, min_cell_size=result.min_cell_size)
                segment_strategy_table(c360, result, min_cell_size=result.min_cell_size)
    print(json.dumps({"seconds": time.perf_counter() - started, "clients": n, **extra}))


def measure(cmd: list[str]) -> tuple[dict[str, object], float, float]:
    """(child's JSON, process wall seconds, peak RSS MiB) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}")
    return json.loads(out.strip().splitlines()[-1]), wall, usage.ru_maxrss / 1024


def time_steps(
    steps: list[str], command: Callable[[str], list[str]], repeat: int
) -> list[dict[str, object]]:
    """Run each step's command `repeat` times in its own process; one row per step with the
    median step and process seconds and the largest peak RSS, printed as it finishes."""
    rows: list[dict[str, object]] = []
    for step in steps:
        runs = [measure(command(step)) for _ in range(repeat)]
        info = runs[-1][0]
        rows.append(
            {
                "clients": info["clients"],
                "step": step,
                "repeat": repeat,
                "step_s_median": round(statistics.median(float(r[0]["seconds"]) for r in runs), 2),
                "process_s_median": round(statistics.median(r[1] for r in runs), 2),
                "peak_rss_mib_max": round(max(r[2] for r in runs), 1),
                "detail": {k: v for k, v in info.items() if k not in ("seconds", "clients")},
            }
        )
        r = rows[-1]
        print(
            f"{r['clients']:>9,} clients  {step:<12} step {r['step_s_median']:>8.2f} s   "
            f"process {r['process_s_median']:>8.2f} s   peak RSS {r['peak_rss_mib_max']:>8.1f} MiB"
            f"   {r['detail'] if step != 'diagnostics' else ''}",
            flush=True,
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--steps", nargs="+", default=list(STEPS), choices=STEPS)
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data, args.k, args.seed)
        return 0
    if not args.data.is_file():
        raise SystemExit(
            f"{args.data} is missing: make it with "
            "`.venv/bin/python benchmarks/bench_foundation.py --clients 500000 --repeat 1`"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = time_steps(
        args.steps,
        lambda step: [sys.executable, __file__, "--child", step, "--data", str(args.data),
                      "--k", str(args.k), "--seed", str(args.seed)],
        args.repeat,
    )  # fmt: skip
    report = {"machine": machine(), "k": args.k, "seed": args.seed, "results": rows}
    name = f"segmentation_{rows[0]['clients']}.json" if rows else "segmentation.json"
    (RESULTS / name).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps(report["machine"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
