"""One PD model of bench_credit.py, fitted and scored in this process: our scorecard or
challenger (project venv), optbinning's BinningProcess + logit, a plain scikit-learn logit
(project venv) or scorecardpy's woebin + logit (its own venv, benchmarks/.venv-scorecardpy).

Reads dev.parquet, val.parquet and meta.json (features, categorical) from --data; fits on the
development loans, predicts the validation loans; one untimed warm-up, then --repeat timed runs
of fit + predict. Writes AUC, KS and the timings as JSON to --out. Imports nothing of ours
unless the tool is ours."""

from __future__ import annotations

import argparse
import json
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, roc_curve

Fit = Callable[[pd.DataFrame, pd.DataFrame, list[str], list[str]], np.ndarray]


def ours_scorecard(dev: pd.DataFrame, val: pd.DataFrame, features: list[str],
                   categorical: list[str]) -> np.ndarray:  # fmt: skip
    """The workbook's scorecard (optbinning with our screen, pooling and WoE logit)."""
    from journey_utils.risk.scorecard import fit_scorecard

    return fit_scorecard(dev, features, categorical).predict(val)


def ours_challenger(dev: pd.DataFrame, val: pd.DataFrame, features: list[str],
                    categorical: list[str]) -> np.ndarray:  # fmt: skip
    """The workbook's challenger (HistGradientBoosting with our settings)."""
    from journey_utils.risk.challenger import fit_challenger

    return fit_challenger(dev, features, categorical).predict(val)


def optbinning_logit(dev: pd.DataFrame, val: pd.DataFrame, features: list[str],
                     categorical: list[str]) -> np.ndarray:  # fmt: skip
    """optbinning's documented workflow: BinningProcess with its defaults, WoE, logit."""
    from optbinning import BinningProcess

    binning = BinningProcess(variable_names=features, categorical_variables=categorical)
    binning.fit(dev[features], dev["target"].to_numpy())
    model = LogisticRegression(max_iter=1000)
    model.fit(binning.transform(dev[features], metric="woe"), dev["target"])
    return model.predict_proba(binning.transform(val[features], metric="woe"))[:, 1]


def sklearn_logit(dev: pd.DataFrame, val: pd.DataFrame, features: list[str],
                  categorical: list[str]) -> np.ndarray:  # fmt: skip
    """A plain logit: numbers median-imputed with a missing flag and standardised, categories
    one-hot with levels under 2% pooled."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric = [f for f in features if f not in categorical]
    prep = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median", add_indicator=True),
                              StandardScaler()), numeric),
        ("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value="(missing)"),
                              OneHotEncoder(handle_unknown="infrequent_if_exist",
                                            min_frequency=0.02)), categorical),
    ])  # fmt: skip
    model = make_pipeline(prep, LogisticRegression(max_iter=2000))
    model.fit(_as_text(dev[features], categorical), dev["target"])
    return model.predict_proba(_as_text(val[features], categorical))[:, 1]


def scorecardpy_logit(dev: pd.DataFrame, val: pd.DataFrame, features: list[str],
                      categorical: list[str]) -> np.ndarray:  # fmt: skip
    """scorecardpy's README workflow: var_filter, woebin, woebin_ply, an L1 logit (C=0.9). Where
    woebin_ply gives no WoE (NaN: a level woebin never saw, or an empty category), the loan
    scores 0, the WoE of an average loan; the logit would refuse it otherwise."""
    import scorecardpy as sc

    train = sc.var_filter(_as_text(dev[[*features, "target"]], categorical), y="target")
    bins = sc.woebin(train, y="target", check_cate_num=False)  # else it asks on stdin
    train_woe = sc.woebin_ply(train, bins)
    test_woe = sc.woebin_ply(_as_text(val[train.columns], categorical), bins)
    x_cols = [c for c in train_woe.columns if c != "target"]
    train_woe[x_cols] = train_woe[x_cols].fillna(0.0)
    test_woe[x_cols] = test_woe[x_cols].fillna(0.0)
    model = LogisticRegression(penalty="l1", C=0.9, solver="liblinear")
    model.fit(train_woe[x_cols], train_woe["target"])
    return model.predict_proba(test_woe[x_cols])[:, 1]


def _as_text(frame: pd.DataFrame, categorical: list[str]) -> pd.DataFrame:
    """The frame with categorical features as Python strings (missing stays missing)."""
    out = frame.copy()
    for c in (c for c in categorical if c in out.columns):
        out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out


TOOLS: dict[str, Fit] = {
    "ours_scorecard": ours_scorecard,
    "ours_challenger": ours_challenger,
    "optbinning_logit": optbinning_logit,
    "sklearn_logit": sklearn_logit,
    "scorecardpy_logit": scorecardpy_logit,
}


def ks(y: np.ndarray, p: np.ndarray) -> float:
    """Kolmogorov-Smirnov statistic: the largest gap between the bads' and goods' score CDFs."""
    fpr, tpr, _ = roc_curve(y, p)
    return float(np.max(tpr - fpr))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tool", choices=sorted(TOOLS), required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    meta = json.loads((args.data / "meta.json").read_text(encoding="utf-8"))
    dev = pd.read_parquet(args.data / "dev.parquet")
    val = pd.read_parquet(args.data / "val.parquet")
    fit = TOOLS[args.tool]
    warnings.simplefilter("ignore")
    p = fit(dev, val, meta["features"], meta["categorical"])  # warm-up, and the answer
    seconds = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        fit(dev, val, meta["features"], meta["categorical"])
        seconds.append(time.perf_counter() - started)
    y = val["target"].to_numpy()
    result = {
        "auc": float(roc_auc_score(y, p)),
        "ks": ks(y, p),
        "seconds": seconds,
        "median_seconds": statistics.median(seconds),
    }
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
