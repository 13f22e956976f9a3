"""The default-risk (PD) logit: fit on earlier applications, validate out of time on later ones,
with discrimination (AUC, Gini, KS), calibration by decile, a score-to-grade table and PSI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from sklearn.metrics import roc_auc_score, roc_curve

from journey_utils.errors import InputError
from journey_utils.plotting import PALETTE, interval_err, new_figure, pct_axis
from journey_utils.risk.messages import MESSAGES
from journey_utils.stats import (
    check_logit_inputs,
    estimates,
    fit_guarded_logit,
    wilson_interval,
)

EVENTS_PER_PARAMETER = 10
"""Refusal rule: a model needs at least this many events (and non-events) per estimated
parameter in the training period (the usual 10-events-per-variable rule)."""

DEFAULT_REFERENCE: dict[str, str] = {"industry": "manufacturing"}
"""Reference levels of categorical features (the truth's reference industry)."""

SCORE_BASE, SCORE_ODDS, SCORE_PDO = 600.0, 50.0, 20.0
"""Score scaling: 600 points at good:bad odds of 50:1, 20 points to double the odds."""

GRADE_CUTS: tuple[float, ...] = (540.0, 560.0, 580.0, 600.0, 620.0, 640.0)
"""Score cut points of the grades: G below 540 ... A at 640 and above."""

GRADES: tuple[str, ...] = ("G", "F", "E", "D", "C", "B", "A")


class PDModelError(InputError):
    """The PD model cannot be fitted meaningfully (perfect separation, a constant feature, too few
    events, a segment without defaults)."""

    def __init__(self, message: str, *, column: str | None = None) -> None:
        super().__init__("PD model", message, column=column)


@dataclass(frozen=True)
class PDModel:
    """A fitted PD logit and its out-of-time validation."""

    result: object
    coefficients: pd.DataFrame
    columns: tuple[str, ...]
    features: tuple[str, ...]
    reference: dict[str, str]
    train_until: pd.Timestamp
    scored: pd.DataFrame
    performance: pd.DataFrame
    calibration: pd.DataFrame
    grades: pd.DataFrame
    psi: pd.DataFrame
    exclusions: pd.DataFrame
    """Rows of the frame left out of the fit and scoring, per reason (reason, rows): a missing
    feature, target or date (each row under its first missing column); empty when none."""

    def predict(self, frame: pd.DataFrame) -> pd.Series:
        """Predicted PD of each row of a frame with the model's features."""
        x = design_matrix(frame, self.features, self.reference, self.columns)
        return pd.Series(np.asarray(self.result.predict(x)), index=frame.index, name="pd")


def design_matrix(
    frame: pd.DataFrame,
    features: Sequence[str],
    reference: dict[str, str] | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Constant, numeric features and treatment dummies of categorical ones (reference level
    dropped); with `columns` the layout of a fitted model is reproduced."""
    reference = {**DEFAULT_REFERENCE, **(reference or {})}
    parts = [pd.Series(1.0, index=frame.index, name="const")]
    for f in features:
        if f not in frame.columns:
            raise PDModelError("feature not in the frame", column=f)
        col = frame[f]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            parts.append(col.astype(float).rename(f))
            continue
        levels = sorted(col.dropna().astype(str).unique())
        ref = reference.get(f, levels[0] if levels else None)
        for lev in levels:
            if lev != ref:
                parts.append((col.astype(str) == lev).astype(float).rename(f"{f}[{lev}]"))
    x = pd.concat(parts, axis=1)
    if columns is not None:
        x = x.reindex(columns=list(columns), fill_value=0.0)
    return x


def fit_pd_model(
    frame: pd.DataFrame,
    features: Sequence[str],
    train_until: object,
    target: str = "npl_12m",
    date_column: str = "submitted_at",
    reference: dict[str, str] | None = None,
    confidence: float = 0.95,
) -> PDModel:
    """Fit a logit on applications before `train_until`, score all loans and validate on the
    later ones (out of time). Refuses a meaningless fit with a PDModelError."""
    cut = pd.Timestamp(train_until)
    needed = [*features, target, date_column]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise PDModelError("column not in the frame", column=missing[0])
    data = frame.dropna(subset=list(needed))
    exclusions = missing_rows(frame, needed)
    train_mask = data[date_column] < cut
    train, test = data[train_mask], data[~train_mask]
    if test.empty:
        raise PDModelError(f"no applications on or after {cut.date()} for out-of-time testing")
    result = pd_logit(train, features, target, reference)
    coefficients = coefficient_table(result, confidence)
    ref = {**DEFAULT_REFERENCE, **(reference or {})}
    model_cols = tuple(result.params.index)
    x_all = design_matrix(data, features, ref, model_cols)
    scored = data[[date_column, target]].copy()
    scored["period"] = np.where(train_mask, "train", "test")
    scored["pd"] = np.asarray(result.predict(x_all))
    scored["score"] = pd_to_score(scored["pd"])
    scored["grade"] = score_grades(scored["score"])
    return PDModel(
        result=result,
        coefficients=coefficients,
        columns=model_cols,
        features=tuple(features),
        reference=ref,
        train_until=cut,
        scored=scored,
        performance=performance_table(scored, target),
        calibration=pd_calibration_table(scored[scored["period"] == "test"], target),
        grades=grade_table(scored, target),
        psi=psi_table(
            scored.loc[scored["period"] == "train", "score"],
            scored.loc[scored["period"] == "test", "score"],
        ),
        exclusions=exclusions,
    )


def missing_rows(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Rows a fit leaves out for a missing value, per reason (reason = "missing <column>", each
    row under its first missing column, rows); no row when nothing is missing."""
    columns = list(dict.fromkeys(columns))
    missing = frame[columns].isna()
    first = missing.idxmax(axis=1)[missing.any(axis=1)]
    counts = first.value_counts().reindex(columns).dropna().astype("int64")
    rows = [(f"missing {column}", int(n)) for column, n in counts.items()]
    return pd.DataFrame(rows, columns=["reason", "rows"])


def pd_logit(
    frame: pd.DataFrame,
    features: Sequence[str],
    target: str = "npl_12m",
    reference: dict[str, str] | None = None,
) -> object:
    """The statsmodels Logit of `target` on the features over all rows of the frame (no time
    split), after the refusal checks; rows with a missing value are dropped."""
    data = frame.dropna(subset=[*features, target])
    x = design_matrix(data, features, reference)
    y = data[target].astype(float)
    _check_fit_inputs(x, y)
    return _fit_logit(x, y)


def _check_fit_inputs(x: pd.DataFrame, y: pd.Series) -> None:
    """Refuse constant features, too few events and perfect separation before fitting (the
    shared rules of `stats.check_logit_inputs`)."""
    check_logit_inputs(
        x,
        y,
        PDModelError,
        events="defaults",
        non_events="non-defaults",
        unit="feature",
        period=" in the training period",
        events_per_parameter=EVENTS_PER_PARAMETER,
    )


def _fit_logit(x: pd.DataFrame, y: pd.Series) -> object:
    """statsmodels Logit under the shared refusal rules (`stats.fit_guarded_logit`)."""
    return fit_guarded_logit(x, y, PDModelError, unit="feature", period=" in the training data")


def coefficient_table(result: object, confidence: float = 0.95) -> pd.DataFrame:
    """One row per parameter: estimate, standard error, interval, p-value and odds ratio."""
    table = estimates(result, confidence=confidence).rename(
        columns={"se": "std_error", "low": "ci_low", "high": "ci_high"}
    )
    table["odds_ratio"] = np.exp(table["estimate"])
    return table


def discrimination(y: pd.Series, p: pd.Series) -> dict[str, float]:
    """AUC, Gini (2 AUC - 1) and KS (largest gap between the cumulative score distributions of
    defaults and non-defaults); NaN when a period has only one outcome."""
    y = np.asarray(y, dtype=float)
    if len(np.unique(y)) < 2:
        return {"auc": np.nan, "gini": np.nan, "ks": np.nan}
    auc = float(roc_auc_score(y, p))
    fpr, tpr, _ = roc_curve(y, p)
    return {"auc": auc, "gini": 2 * auc - 1, "ks": float(np.max(tpr - fpr))}


def performance_table(scored: pd.DataFrame, target: str = "npl_12m") -> pd.DataFrame:
    """Loans, defaults, default rate, mean PD, AUC, Gini and KS for the train and test periods."""
    rows = []
    for period in ("train", "test"):
        part = scored[scored["period"] == period]
        rows.append(
            {
                "period": period,
                "loans": len(part),
                "defaults": int(part[target].sum()),
                "default_rate": float(part[target].mean()) if len(part) else np.nan,
                "mean_pd": float(part["pd"].mean()) if len(part) else np.nan,
                **discrimination(part[target], part["pd"]),
            }
        )
    return pd.DataFrame(rows)


def pd_calibration_table(
    scored: pd.DataFrame, target: str = "npl_12m", groups: int = 10, confidence: float = 0.95
) -> pd.DataFrame:
    """Predicted vs observed default rate by decile of predicted PD, with Wilson intervals."""
    if scored.empty:
        raise PDModelError("no loans to check calibration on")
    rank = scored["pd"].rank(method="first")
    decile = pd.qcut(rank, min(groups, len(scored)), labels=False) + 1
    g = scored.groupby(decile)
    table = pd.DataFrame(
        {
            "decile": g.size().index.astype(int),
            "loans": g.size().to_numpy(),
            "defaults": g[target].sum().astype(int).to_numpy(),
            "predicted": g["pd"].mean().to_numpy(),
        }
    )
    table["observed"] = table["defaults"] / table["loans"]
    _, table["obs_low"], table["obs_high"] = wilson_interval(
        table["defaults"], table["loans"], confidence
    )
    return table


def plot_pd_calibration(table: pd.DataFrame, ax: Axes | None = None, lang: str = "en") -> Axes:
    """A `pd_calibration_table`: observed default rate (with interval) against mean predicted PD
    per decile, and the diagonal where a calibrated model lies."""
    if ax is None:
        _, ax = new_figure(6.0, 5.0)
    top = float(max(table["obs_high"].max(), table["predicted"].max())) * 1.05
    ax.plot(
        [0, top],
        [0, top],
        color=PALETTE[4],
        linestyle="--",
        linewidth=1,
        label=MESSAGES("calibration_diagonal", lang),
    )
    err = interval_err(table["observed"], table["obs_low"], table["obs_high"])
    ax.errorbar(
        table["predicted"],
        table["observed"],
        yerr=err,
        fmt="o",
        color=PALETTE[0],
        ecolor=PALETTE[0],
        capsize=3,
        label=MESSAGES("calibration_observed", lang),
    )
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_aspect("equal", adjustable="box")  # the diagonal at 45°: over and under read alike
    pct_axis(ax, "x")  # both axes: ticks at round steps, printed exactly
    pct_axis(ax, "y")
    ax.set_xlabel(MESSAGES("calibration_x", lang))
    ax.set_ylabel(MESSAGES("calibration_y", lang))
    ax.legend(loc="upper left", frameon=False)
    return ax


def pd_to_score(pd_values: pd.Series | np.ndarray) -> np.ndarray:
    """Points from PD: SCORE_BASE at odds SCORE_ODDS:1 (good:bad), SCORE_PDO points per doubling."""
    p = np.clip(np.asarray(pd_values, dtype=float), 1e-9, 1 - 1e-9)
    factor = SCORE_PDO / np.log(2)
    return SCORE_BASE + factor * (np.log((1 - p) / p) - np.log(SCORE_ODDS))


def score_grades(score: pd.Series | np.ndarray) -> np.ndarray:
    """Grade letter of each score (GRADE_CUTS; A is the safest)."""
    idx = np.searchsorted(np.asarray(GRADE_CUTS), np.asarray(score, dtype=float), side="right")
    return np.asarray(GRADES, dtype=object)[idx]


def grade_table(scored: pd.DataFrame, target: str = "npl_12m") -> pd.DataFrame:
    """Per grade: score band, PD band, loans and defaults in train and test, observed default
    rate and mean PD on the test period."""
    edges = [-np.inf, *GRADE_CUTS, np.inf]
    rows = []
    for i, grade in enumerate(GRADES):
        lo, hi = edges[i], edges[i + 1]
        part = scored[scored["grade"] == grade]
        test = part[part["period"] == "test"]
        rows.append(
            {
                "grade": grade,
                "score_low": lo,
                "score_high": hi,
                "pd_high": _score_to_pd(lo),
                "pd_low": _score_to_pd(hi),
                "loans_train": int((part["period"] == "train").sum()),
                "loans_test": len(test),
                "defaults_test": int(test[target].sum()),
                "observed_test": float(test[target].mean()) if len(test) else np.nan,
                "mean_pd_test": float(test["pd"].mean()) if len(test) else np.nan,
            }
        )
    return pd.DataFrame(rows[::-1]).reset_index(drop=True)


def _score_to_pd(score: float) -> float:
    """The PD at a score (the inverse of pd_to_score)."""
    if not np.isfinite(score):
        return 1.0 if score < 0 else 0.0
    log_odds = (score - SCORE_BASE) * np.log(2) / SCORE_PDO + np.log(SCORE_ODDS)
    return float(1 / (1 + np.exp(log_odds)))


def psi_table(
    expected: pd.Series | np.ndarray, actual: pd.Series | np.ndarray, bins: int = 10
) -> pd.DataFrame:
    """Population stability index per bin (bins at quantiles of `expected`): (a - e) ln(a / e),
    shares floored at 1e-4. Total < 0.1 stable, 0.1-0.25 watch, > 0.25 shifted."""
    e = np.asarray(expected, dtype=float)
    a = np.asarray(actual, dtype=float)
    e, a = e[np.isfinite(e)], a[np.isfinite(a)]
    if len(e) == 0 or len(a) == 0:
        raise PDModelError("PSI needs scores in both periods")
    edges = np.unique(np.quantile(e, np.linspace(0, 1, bins + 1)))
    inner = edges[1:-1]
    e_bin = np.searchsorted(inner, e, side="right")
    a_bin = np.searchsorted(inner, a, side="right")
    k = len(inner) + 1
    e_share = np.maximum(np.bincount(e_bin, minlength=k) / len(e), 1e-4)
    a_share = np.maximum(np.bincount(a_bin, minlength=k) / len(a), 1e-4)
    lows = np.concatenate([[-np.inf], inner])
    highs = np.concatenate([inner, [np.inf]])
    table = pd.DataFrame(
        {
            "bin": np.arange(1, k + 1),
            "low": lows,
            "high": highs,
            "expected_share": e_share,
            "actual_share": a_share,
        }
    )
    table["psi"] = (a_share - e_share) * np.log(a_share / e_share)
    return table


def psi_total(table: pd.DataFrame) -> float:
    """The total PSI of a psi_table."""
    return float(table["psi"].sum())


def fit_pd_by_segment(
    frame: pd.DataFrame,
    features: Sequence[str],
    train_until: object,
    segment: str = "segment",
    target: str = "npl_12m",
    **kwargs: object,
) -> dict[object, PDModel]:
    """One PD model per segment; refuses (PDModelError) when a segment has no defaults in its
    training period, since its model would be meaningless."""
    if segment not in frame.columns:
        raise PDModelError("segment column not in the frame", column=segment)
    cut = pd.Timestamp(train_until)
    date_column = str(kwargs.get("date_column", "submitted_at"))
    models = {}
    for name, part in frame.groupby(segment, sort=True):
        train = part[part[date_column] < cut]
        if int(train[target].sum()) == 0:
            raise PDModelError(
                f"segment {name!r} has no defaults in the training period ({len(train)} loans)",
                column=segment,
            )
        models[name] = fit_pd_model(part, features, cut, target=target, **kwargs)
    return models
