"""Wall time and peak memory of the risk models on a generated portfolio (default: 500,000
clients, the bank scale of data/bench_500000).

Each step runs in its own process so its peak RSS is its own (os.wait4); inside the child the
processed tables are read first and untimed. Steps: `population` (the PD population: outcome,
ratios, credit snapshot, exclusions), `fit` (PD logit on the training loans with out-of-time
validation: AUC/Gini/KS, calibration, grades, PSI), `score` (predicted PD, score and grade of
every loan in the population) and `elasticity` (acceptance logit per planted archetype's
offers, with intervals). Prints a table and writes benchmarks/results/risk_<clients>.json:

    .venv/bin/python benchmarks/bench_risk.py --repeat 3
    .venv/bin/python benchmarks/bench_risk.py --data data/default/processed --repeat 1
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
DEFAULT_DATA = REPO / "data" / "bench_500000" / "processed"
STEPS = ("population", "fit", "score", "elasticity")
TABLES = ("applications", "financials", "clients", "loan_performance", "credit_history")
AS_OF, TRAIN_UNTIL = "2025-12-31", "2024-01-01"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_foundation import machine  # noqa: E402
from bench_segmentation import time_steps  # noqa: E402


def child(step: str, data: Path) -> None:
    """Run one step in this process and print its timed seconds as JSON on stdout."""
    import pandas as pd

    from journey_utils.params.run import load_params
    from journey_utils.risk.features import PD_FEATURES, pd_frame
    from journey_utils.risk.pd_model import fit_pd_model, pd_to_score, score_grades
    from journey_utils.risk.rates import elasticity_table, offer_frame

    t = {name: pd.read_parquet(data / f"{name}.parquet") for name in TABLES}
    clients = int(t["clients"]["client_id"].nunique())
    extra: dict[str, object] = {}
    started = time.perf_counter()
    population = pd_frame(*(t[n] for n in TABLES[:4]), AS_OF, credit_history=t["credit_history"])
    frame = population.frame
    if step != "population":
        started = time.perf_counter()
        model = fit_pd_model(frame, PD_FEATURES, TRAIN_UNTIL)
        perf = model.performance.set_index("period")
        extra["test_auc"] = round(float(perf.loc["test", "auc"]), 4)
        extra["psi"] = round(float(model.psi["psi"].sum()), 4)
        if step == "score":
            started = time.perf_counter()
            scored = model.predict(frame)
            score_grades(pd_to_score(scored))
        elif step == "elasticity":
            params = load_params(REPO / "params" / "default.yaml")
            started = time.perf_counter()
            offers = offer_frame(t["applications"], params)
            offers["segment"] = offers["product"]
            table = elasticity_table(offers, by="segment", min_cell_size=params.min_cell_size)
            extra["groups"] = len(table)
    extra["loans"] = len(frame)
    print(json.dumps({"seconds": time.perf_counter() - started, "clients": clients, **extra}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--steps", nargs="+", default=list(STEPS), choices=STEPS)
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data)
        return 0
    if not (args.data / "applications.parquet").is_file():
        raise SystemExit(
            f"{args.data} holds no processed portfolio: make it with "
            "`.venv/bin/python benchmarks/bench_foundation.py --clients 500000 --repeat 1`"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, __file__, "--child"]
    rows = time_steps(
        args.steps, lambda step: [*command, step, "--data", str(args.data)], args.repeat
    )
    report = {"machine": machine(), "as_of": AS_OF, "train_until": TRAIN_UNTIL, "results": rows}
    name = f"risk_{rows[0]['clients']}.json" if rows else "risk.json"
    (RESULTS / name).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps(report["machine"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
