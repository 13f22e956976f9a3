"""Credit-risk models on public loan books: the workbook's scorecard and challenger against
scorecardpy (woebin + logit), optbinning (BinningProcess + logit) and a plain scikit-learn logit,
on the same development / validation split, in one run.

Data sets: the German credit file (vendored in benchmarks/data/ with its provenance), the SBA
loans of ../shared/data/sba (read and split out of time exactly as
params/examples/sba_table.yaml does) and a simulated book of 50,000 loans with planted drivers,
gaps, a 150-level noise code and a noise number (tests/loan_books.py, seed 1). Each (tool, data)
runs in its own process (benchmarks/credit_side.py): data read untimed, one warm-up, then
--repeat timed runs of fit on the development loans + predict on the validation loans.
scorecardpy runs in its own venv, benchmarks/.venv-scorecardpy (made on first use
from benchmarks/requirements-scorecardpy.txt; it needs pandas < 2.2). Prints a Markdown table and
writes benchmarks/results/credit.json:

    .venv/bin/python benchmarks/bench_credit.py --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
RESULTS = BENCH / "results"
SCPY_VENV = BENCH / ".venv-scorecardpy"
SCPY_REQUIREMENTS = BENCH / "requirements-scorecardpy.txt"
GERMAN = BENCH / "data" / "germancredit.csv"
SBA_PARAMS = REPO / "params" / "examples" / "sba_table.yaml"
SIMULATED_LOANS = 50_000

sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO / "tests"))
from bench_foundation import machine, side_venv  # noqa: E402

TOOLS = ("ours_scorecard", "ours_challenger", "optbinning_logit", "scorecardpy_logit",
         "sklearn_logit")  # fmt: skip
LABELS = {
    "ours_scorecard": "workbook scorecard",
    "ours_challenger": "workbook challenger",
    "optbinning_logit": "optbinning BinningProcess + logit",
    "scorecardpy_logit": "scorecardpy woebin + logit",
    "sklearn_logit": "scikit-learn logit (one-hot, imputed)",
}
BINNING_BASELINES = ("optbinning_logit", "scorecardpy_logit")


def _identity(values: pd.Series, prefix: str) -> pd.Series:
    """No pseudonymisation: the benchmark writes no identifier (the id column is dropped)."""
    return values


def _random_split(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The report's split for a book without dates: a seeded 30% validates."""
    from journey_utils.risk.book_study import SPLIT_SEED, VALIDATION_SHARE

    held = np.random.default_rng(SPLIT_SEED).random(len(frame)) < VALIDATION_SHARE
    return frame[~held], frame[held], f"seeded random {VALIDATION_SHARE:.0%}"


def german() -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[str], str]:
    """The German credit file read by our loan-book reader (target good/bad, text columns
    found as categories)."""
    from journey_utils.params.run import LoanBookSpec
    from journey_utils.risk.book import read_loan_book

    spec = LoanBookSpec(path=str(GERMAN), target="creditability", bad=("bad",), good=("good",))
    book = read_loan_book(GERMAN, spec, _identity)
    dev, val, how = _random_split(book.frame)
    return dev, val, list(book.features), list(book.categorical), how


def sba() -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[str], str]:
    """The SBA loans as params/examples/sba_table.yaml reads and splits them (out of time)."""
    from journey_utils.params.run import load_params
    from journey_utils.risk.book import read_loan_book

    params = load_params(SBA_PARAMS)
    assert params.loan_book is not None
    book = read_loan_book(params.loan_book_path, params.loan_book, _identity)
    cut = pd.Timestamp(params.risk.train_until)
    frame = book.frame
    return (frame[frame["date"] < cut], frame[frame["date"] >= cut], list(book.features),
            list(book.categorical), f"out of time: approved before / from {cut:%Y}")  # fmt: skip


def simulated() -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[str], str]:
    """A simulated book with planted drivers (tests/loan_books.py, seed 1)."""
    from loan_books import CATEGORICAL, FEATURES, simulated_book

    book, _ = simulated_book(1, SIMULATED_LOANS)
    dev, val, how = _random_split(book)
    return dev, val, list(FEATURES), list(CATEGORICAL), how


DATASETS = {"german": german, "sba": sba, "simulated": simulated}


def prepare(name: str, out: Path) -> dict[str, Any]:
    """Write one data set's development and validation loans and its feature lists to `out`."""
    dev, val, features, categorical, split = DATASETS[name]()
    out.mkdir(parents=True, exist_ok=True)
    keep = [*features, "target", *(["date"] if "date" in dev.columns else [])]
    dev[keep].reset_index(drop=True).to_parquet(out / "dev.parquet")
    val[keep].reset_index(drop=True).to_parquet(out / "val.parquet")
    meta = {"features": features, "categorical": categorical, "split": split,
            "dev": [len(dev), int(dev["target"].sum())],
            "val": [len(val), int(val["target"].sum())]}  # fmt: skip
    (out / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return meta


def scorecardpy_python() -> Path:
    """The scorecardpy venv's python, creating the venv if missing."""
    return side_venv(SCPY_VENV, SCPY_REQUIREMENTS, "scorecardpy")


def run_tool(tool: str, data: Path, repeat: int) -> dict[str, Any]:
    """One (tool, data set) in its own process: its answer and timings. (No peak RSS: a child's
    maximum starts from this parent's, which holds pandas and the package.)"""
    python = scorecardpy_python() if tool == "scorecardpy_logit" else Path(sys.executable)
    with tempfile.NamedTemporaryFile(suffix=".json", dir=RESULTS, delete=False) as tmp:
        out = Path(tmp.name)
    cmd = [str(python), str(BENCH / "credit_side.py"), "--tool", tool, "--data", str(data),
           "--repeat", str(repeat), "--out", str(out)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    try:
        proc = subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, env=env, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"benchmark step failed: {' '.join(cmd)}")
        result = json.loads(out.read_text(encoding="utf-8"))
    finally:
        out.unlink(missing_ok=True)
    return result


def table(rows: list[dict[str, Any]]) -> str:
    """The Markdown table of every (data set, tool)."""
    lines = ["| data | loans dev / val (defaults) | model | AUC | KS | median fit + predict | "
             "vs scorecardpy |",
             "|---|---|---|---:|---:|---:|---:|"]  # fmt: skip
    for r in rows:
        lines.append(
            f"| {r['data']} | {r['loans']} | {LABELS[r['tool']]} | {r['auc']:.3f} | "
            f"{r['ks']:.3f} | {r['median_seconds']:.2f} s | {r['ratio']:.2f}× |"
        )
    return "\n".join(lines)


def verdicts(rows: list[dict[str, Any]]) -> list[str]:
    """The issue's goals per data set, checked on this run's figures."""
    out = []
    for data in dict.fromkeys(r["data"] for r in rows):
        by = {r["tool"]: r for r in rows if r["data"] == data}
        best_bin = max(by[t]["auc"] for t in BINNING_BASELINES)
        best_all = max(r["auc"] for t, r in by.items() if t != "ours_challenger")
        card, boost = by["ours_scorecard"], by["ours_challenger"]
        out.append(
            f"{data}: scorecard AUC {card['auc']:.3f} vs best binning baseline {best_bin:.3f} "
            f"({card['auc'] - best_bin:+.3f}; goal ≥ −0.010), "
            f"{by['scorecardpy_logit']['median_seconds'] / card['median_seconds']:.1f}× "
            f"faster than scorecardpy; challenger {boost['auc']:.3f} vs best other "
            f"{best_all:.3f} ({boost['auc'] - best_all:+.3f}; goal ≥ −0.010)"
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", nargs="*", choices=sorted(DATASETS), default=list(DATASETS))
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for name in args.data:
        folder = RESULTS / "credit_data" / name
        meta = prepare(name, folder)
        loans = (f"{meta['dev'][0]:,} / {meta['val'][0]:,} "
                 f"({meta['dev'][1]:,} / {meta['val'][1]:,})")  # fmt: skip
        results = {tool: run_tool(tool, folder, args.repeat) for tool in TOOLS}
        base = results["scorecardpy_logit"]["median_seconds"]
        for tool, result in results.items():
            ratio = result["median_seconds"] / base
            rows.append({"data": name, "loans": loans, "split": meta["split"], "tool": tool,
                         "ratio": ratio, **result})  # fmt: skip
            print(f"{name:10s} {tool:18s} AUC {result['auc']:.3f} KS {result['ks']:.3f} "
                  f"{result['median_seconds']:.2f} s", flush=True)  # fmt: skip
    print()
    print(table(rows))
    print()
    for line in verdicts(rows):
        print("- " + line)
    report = {"machine": machine(), "repeat": args.repeat, "rows": rows}
    (RESULTS / "credit.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
