"""Interrupted time series for treated units without a control group: segmented regression of
the treated units' period means (level and slope change at the start), Newey–West errors."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from statsmodels.regression.linear_model import OLS

from journey_utils.case_study.messages import MESSAGES
from journey_utils.params.intervention import MIN_PRE_PERIODS, CaseStudyError
from journey_utils.plotting import PALETTE, new_figure
from journey_utils.stats import estimates


def newey_west_lags(n_periods: int) -> int:
    """Newey–West (1994) rule of thumb for the HAC lag: floor(4 (n/100)^(2/9))."""
    return max(1, math.floor(4 * (n_periods / 100) ** (2 / 9)))


@dataclass(frozen=True)
class ItsResult:
    """Level change at the start (the estimate) and slope change per period, 95% intervals."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    slope_change: float
    slope_ci_low: float
    slope_ci_high: float
    pre_slope: float
    hac_lags: int
    n_periods: int
    n_cases: int
    method: str = "its"


def its_series(cases: pd.DataFrame) -> pd.DataFrame:
    """The treated units' mean value per period: rel_period, value, n_cases."""
    treated = cases[cases["treated"]]
    grouped = treated.groupby("rel_period")["value"]
    return pd.DataFrame({"value": grouped.mean(), "n_cases": grouped.size()}).reset_index()


def _design(rel: np.ndarray) -> pd.DataFrame:
    post = (rel >= 0).astype(float)
    return pd.DataFrame({"const": 1.0, "trend": rel.astype(float), "level": post,
                         "slope": rel * post})  # fmt: skip


def fit_its(
    cases: pd.DataFrame, hac_lags: int | None = None, alpha: float = 0.05, what: str = "case study"
) -> ItsResult:
    """Segmented regression value_t = a + b t + level·post + slope·t·post on the treated units'
    period means, with Newey–West (HAC) errors at `hac_lags` (default: the rule of thumb)."""
    series = its_series(cases)
    n_pre = int((series["rel_period"] < 0).sum())
    if n_pre < MIN_PRE_PERIODS or not (series["rel_period"] >= 0).any():
        raise CaseStudyError(
            what, f"ITS needs {MIN_PRE_PERIODS}+ pre-periods and a post-period (has {n_pre} pre)"
        )
    lags = hac_lags if hac_lags is not None else newey_west_lags(len(series))
    design = _design(series["rel_period"].to_numpy())
    res = OLS(series["value"].to_numpy(float), design).fit(
        cov_type="HAC", cov_kwds={"maxlags": lags}, use_t=True
    )
    est = estimates(res, ["level", "slope", "trend"], confidence=1 - alpha).set_index("term")
    return ItsResult(
        estimate=float(est.loc["level", "estimate"]),
        se=float(est.loc["level", "se"]),
        ci_low=float(est.loc["level", "low"]),
        ci_high=float(est.loc["level", "high"]),
        p_value=float(est.loc["level", "p_value"]),
        slope_change=float(est.loc["slope", "estimate"]),
        slope_ci_low=float(est.loc["slope", "low"]),
        slope_ci_high=float(est.loc["slope", "high"]),
        pre_slope=float(est.loc["trend", "estimate"]),
        hac_lags=lags,
        n_periods=len(series),
        n_cases=int(series["n_cases"].sum()),
    )


def plot_its(cases: pd.DataFrame, result: ItsResult, unit: str = "", lang: str = "en") -> Axes:
    """The treated units' period means, the fitted segments and the pre-trend carried on
    (dashed: what the series would have done without the intervention)."""
    series = its_series(cases)
    rel = series["rel_period"].to_numpy()
    level = result.estimate
    pre = series[rel < 0]
    b = result.pre_slope  # the segmented fit's pre line is the OLS line of the pre periods
    a = float(np.mean(pre["value"] - b * pre["rel_period"]))
    _, ax = new_figure(8.0, 4.2)
    ax.plot(rel, series["value"], "o", color=PALETTE[4], markersize=4,
            label=MESSAGES("its_means", lang))  # fmt: skip
    post_rel = rel[rel >= 0]
    ax.plot(pre["rel_period"], a + b * pre["rel_period"], color=PALETTE[0])
    fitted = a + b * post_rel + level + result.slope_change * post_rel
    ax.plot(post_rel, fitted, color=PALETTE[0], label=MESSAGES("its_fit", lang))
    ax.plot(post_rel, a + b * post_rel, "--", color=PALETTE[0], alpha=0.6,
            label=MESSAGES("its_pre_trend", lang))  # fmt: skip
    ax.axvline(-0.5, color="grey", linestyle="--", linewidth=0.8)
    ax.set_xlabel(MESSAGES("its_x", lang))
    ax.set_ylabel(unit)
    ax.set_title(MESSAGES("its_title", lang))
    ax.legend(loc="best", frameon=False)
    return ax
