"""What a model-risk reviewer checks on a PD model out of time: grades whose observed default
rates run in the grade order (non-monotone neighbours pooled and named), calibration in the
large with an optional recalibration of the intercept to a stated recent default rate, and the
stability of each feature's distribution (CSI) between development and validation windows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize
from scipy import stats as sps
from sklearn.isotonic import IsotonicRegression

from journey_utils.errors import InputError

SHARE_FLOOR = 1e-4
"""Shares in a stability index are floored here (an empty bin would give ln 0)."""
STABLE, SHIFTED = 0.1, 0.25
"""The usual stability-index reading: below 0.1 stable, above 0.25 shifted, watch between."""


def monotone_grades(grades: pd.DataFrame) -> pd.DataFrame:
    """Grades ordered safest first with columns grade, loans and defaults: the observed rate,
    whether it breaks the order (below a safer grade's), and the pooled group each grade falls
    in after merging adjacent grades until the rates never fall (pool-adjacent-violators,
    weighted by loans)."""
    out = grades.copy()
    loans = out["loans"].to_numpy(float)
    rate = np.divide(out["defaults"].to_numpy(float), loans, out=np.zeros(len(out)),
                     where=loans > 0)  # fmt: skip
    out["observed_rate"] = rate
    out["breaks_order"] = np.r_[False, rate[1:] < np.maximum.accumulate(rate)[:-1]]
    fitted = (
        IsotonicRegression(increasing=True)
        .fit(np.arange(len(out)), rate, sample_weight=np.maximum(loans, 1e-9))
        .predict(np.arange(len(out)))
    )
    group = np.r_[0, np.cumsum(~np.isclose(np.diff(fitted), 0.0))]
    labels = out.groupby(group)["grade"].agg(
        lambda g: "".join(map(str, g)) if len(g) > 1 else g.iloc[0]
    )
    out["pooled_grade"] = labels.reindex(group).to_numpy()
    out["pooled_rate"] = fitted
    return out


@dataclass(frozen=True)
class Calibration:
    """Mean predicted PD against the observed default rate on the validation loans."""

    loans: int
    defaults: int
    mean_pd: float
    observed_rate: float
    p_value: float
    """Two-sided binomial test that the observed count is what the mean PD predicts."""

    @property
    def ratio(self) -> float:
        """Observed over predicted (1 = calibrated in the large)."""
        return self.observed_rate / self.mean_pd if self.mean_pd > 0 else float("nan")


def calibration_in_the_large(y: Sequence[int] | np.ndarray, pd_values: np.ndarray) -> Calibration:
    """Observed against predicted default rate with a binomial test (the mean PD as the rate)."""
    y = np.asarray(y, dtype=int)
    p = np.asarray(pd_values, dtype=float)
    if len(y) == 0:
        raise InputError("calibration", "no validation loans")
    mean_pd, defaults = float(p.mean()), int(y.sum())
    test = sps.binomtest(defaults, len(y), min(max(mean_pd, 1e-12), 1 - 1e-12))
    return Calibration(len(y), defaults, mean_pd, defaults / len(y), float(test.pvalue))


def recalibrate_intercept(pd_values: np.ndarray, target_rate: float) -> np.ndarray:
    """The PDs with one shift of their log-odds so that their mean is `target_rate` (a stated
    recent default rate): ranks and the model's slopes stay as they are."""
    if not 0 < target_rate < 1:
        raise InputError("recalibration", f"target default rate {target_rate} is not in (0, 1)")
    p = np.clip(np.asarray(pd_values, dtype=float), 1e-12, 1 - 1e-12)
    logit = np.log(p / (1 - p))

    def gap(shift: float) -> float:
        return float(np.mean(1 / (1 + np.exp(-(logit + shift)))) - target_rate)

    shift = optimize.brentq(gap, -30.0, 30.0)
    return 1 / (1 + np.exp(-(logit + shift)))


def _shares(labels: pd.Series, order: Sequence[object]) -> np.ndarray:
    counts = labels.value_counts().reindex(order, fill_value=0).to_numpy(float)
    return np.maximum(counts / max(counts.sum(), 1.0), SHARE_FLOOR)


def csi_table(
    development: pd.DataFrame,
    validation: pd.DataFrame,
    features: Sequence[str],
    categorical: Sequence[str] = (),
    bins: int = 10,
) -> pd.DataFrame:
    """Characteristic stability index per feature: sum of (v - d) ln(v / d) over its bins
    (development deciles for numbers, levels for categories, missing as a bin of its own).
    Below 0.1 stable, 0.1-0.25 watch, above 0.25 shifted."""
    rows = []
    for f in features:
        if f in categorical:
            dev = development[f].astype("string").fillna("(missing)")
            val = validation[f].astype("string").fillna("(missing)")
            order = sorted(set(dev) | set(val))
        else:
            edges = np.unique(
                np.nanquantile(development[f].astype(float), np.linspace(0, 1, bins + 1))
            )
            inner = edges[1:-1]

            def cut(x: pd.Series, inner: np.ndarray = inner) -> pd.Series:
                v = x.astype(float).to_numpy()
                code = np.searchsorted(inner, v, side="right").astype(float)
                code[np.isnan(v)] = -1
                return pd.Series(code)

            dev, val = cut(development[f]), cut(validation[f])
            order = sorted(set(dev) | set(val))
        d, v = _shares(dev, order), _shares(val, order)
        csi = float(np.sum((v - d) * np.log(v / d)))
        reading = "stable" if csi < STABLE else ("watch" if csi <= SHIFTED else "shifted")
        rows.append({"feature": f, "csi": csi, "reading": reading})
    return pd.DataFrame(rows)
