"""Difference-in-differences on case-level rows: two-way fixed effects (unit and period) by OLS
with standard errors clustered by unit, the event study by period and a pre-trend check."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator
from statsmodels.regression.linear_model import RegressionResultsWrapper

from journey_utils.case_study.covariates import covariate_columns
from journey_utils.case_study.few_clusters import (
    FEW_CLUSTERS,
    FewClusterInference,
    few_cluster_inference,
)
from journey_utils.case_study.gram_ols import GramOLS
from journey_utils.case_study.messages import MESSAGES
from journey_utils.params.intervention import CaseStudyError
from journey_utils.plotting import PALETTE, interval_err, new_figure
from journey_utils.stats import estimates

POOLED_REFERENCE = 3
"""The event study's reference: up to this many periods just before the start, pooled (their
effects are 0 by design), so one noisy month does not shift every other period's estimate; at
least two earlier periods are always left for the pre-trend test."""


def reference_periods(cases: pd.DataFrame) -> tuple[int, ...]:
    """The pooled reference periods of these cases: the last min(POOLED_REFERENCE, pre - 2)
    periods before the start, at least the last one."""
    n_pre = int((cases["rel_period"].unique() < 0).sum())
    k = max(1, min(POOLED_REFERENCE, n_pre - 2))
    return tuple(range(-k, 0))


JOINT_TEST_UNITS_PER_PERIOD = 4
"""The joint pre-period test needs this many units per tested period (clustered Wald tests
over-reject with few clusters); below it the check tests the pre-period slope alone."""


class ParallelTrendsWarning(UserWarning):
    """The treated and control units already drifted apart before the start."""


@dataclass(frozen=True)
class DidResult:
    """A DiD estimate of the effect on the treated after the start, with its 95% interval."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    n_treated_units: int
    n_control_units: int
    n_cases: int
    method: str = "did"
    few_clusters: FewClusterInference | None = None
    """With fewer than FEW_CLUSTERS units: the bootstrap and randomization inference, whose
    interval and p-value are then `ci_low`, `ci_high` and `p_value` (the verdict's basis)."""
    analytic_ci_low: float | None = None
    analytic_ci_high: float | None = None
    analytic_p_value: float | None = None
    """The clustered analytic interval and p-value, kept beside the bootstrap's when it is used."""
    n_left_out: int = 0
    """Treated cases the estimate could not use (imputation: their unit or period has no
    untreated case to predict their untreated outcome from)."""

    def as_row(self) -> dict[str, float | int | str]:
        """The result as one table row."""
        return dict(self.__dict__)


def fixed_effects(cases: pd.DataFrame) -> pd.DataFrame:
    """Unit and period dummies (first of each dropped), a constant and the cases' covariates
    (x_ columns, when the study adjusts for them)."""
    units = pd.get_dummies(cases["unit"], prefix="u", drop_first=True, dtype=float)
    periods = pd.get_dummies(cases["period"].astype(str), prefix="p", drop_first=True, dtype=float)
    covariates = cases[covariate_columns(cases)].astype(float)
    const = pd.Series(1.0, index=cases.index, name="const")
    return pd.concat([const, units, periods, covariates], axis=1)


def _check(cases: pd.DataFrame, what: str) -> None:
    treated_units = cases.loc[cases["treated"], "unit"].nunique()
    control_units = cases.loc[~cases["treated"], "unit"].nunique()
    if treated_units == 0 or control_units == 0:
        raise CaseStudyError(what, "DiD needs cases of both treated and control units")
    if not (cases["treated"] & cases["post"]).any():
        raise CaseStudyError(what, "no treated case after the start")


MIN_RESIDUAL_DF = 10
"""Fewest cases beyond the model's parameters (unit and period effects) a fit accepts."""


def fit_clustered(design: pd.DataFrame, cases: pd.DataFrame) -> RegressionResultsWrapper:
    """OLS with errors clustered by unit; t intervals with (clusters - 1) degrees of freedom.
    Refuses (CaseStudyError) when the cases barely outnumber the unit and period effects."""
    if len(cases) - design.shape[1] < MIN_RESIDUAL_DF:
        raise CaseStudyError(
            "case study",
            f"too few cases: {len(cases)} for {design.shape[1]} unit and period effects "
            f"(need at least {MIN_RESIDUAL_DF} more cases than effects)",
        )
    groups = pd.factorize(cases["unit"])[0]
    model = GramOLS(cases["value"].to_numpy(float), design)
    return model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)


def fit_did(cases: pd.DataFrame, alpha: float = 0.05, what: str = "case study") -> DidResult:
    """Two-way fixed-effects DiD: value ~ treated×post + unit + period, clustered by unit; with
    fewer than FEW_CLUSTERS units the interval and p-value come from a wild cluster bootstrap,
    with a randomization p-value beside it (`few_clusters`), and the analytic ones are kept."""
    _check(cases, what)
    cases = cases.reset_index(drop=True)
    design = fixed_effects(cases)
    design.insert(1, "effect", (cases["treated"] & cases["post"]).astype(float))
    res = fit_clustered(design, cases)
    effect = estimates(res, ["effect"], confidence=1 - alpha).iloc[0]
    result = DidResult(
        estimate=float(effect["estimate"]),
        se=float(effect["se"]),
        ci_low=float(effect["low"]),
        ci_high=float(effect["high"]),
        p_value=float(effect["p_value"]),
        n_treated_units=int(cases.loc[cases["treated"], "unit"].nunique()),
        n_control_units=int(cases.loc[~cases["treated"], "unit"].nunique()),
        n_cases=len(cases),
    )
    if result.n_treated_units + result.n_control_units >= FEW_CLUSTERS:
        return result
    few = few_cluster_inference(design, cases, "effect", confidence=1 - alpha)
    return replace(
        result,
        ci_low=few.wild_ci_low,
        ci_high=few.wild_ci_high,
        p_value=few.wild_p_value,
        few_clusters=few,
        analytic_ci_low=result.ci_low,
        analytic_ci_high=result.ci_high,
        analytic_p_value=result.p_value,
    )


def _event_fit(cases: pd.DataFrame, what: str) -> tuple[RegressionResultsWrapper, list[int]]:
    _check(cases, what)
    reference = reference_periods(cases)
    # A period without control cases (or without treated ones) identifies no effect: its
    # dummy would repeat the period's fixed effect.
    sides = cases.groupby("rel_period")["treated"].nunique()
    both = set(sides[sides == 2].index)
    rel = sorted(k for k in both if k not in reference)
    design = fixed_effects(cases)
    for k in rel:
        design[f"rel_{k}"] = ((cases["rel_period"] == k) & cases["treated"]).astype(float)
    return fit_clustered(design, cases), rel


def event_study_table(
    cases: pd.DataFrame, alpha: float = 0.05, what: str = "case study"
) -> pd.DataFrame:
    """Effect on the treated per period relative to the start (the pooled reference periods = 0)
    with clustered intervals: rel_period, estimate, se, ci_low, ci_high, p_value,
    n_treated_cases."""
    cases = cases.reset_index(drop=True)
    res, rel = _event_fit(cases, what)
    names = [f"rel_{k}" for k in rel]
    est = estimates(res, names, confidence=1 - alpha)
    table = pd.DataFrame(
        {
            "rel_period": rel,
            "estimate": est["estimate"].to_numpy(),
            "se": est["se"].to_numpy(),
            "ci_low": est["low"].to_numpy(),
            "ci_high": est["high"].to_numpy(),
            "p_value": est["p_value"].to_numpy(),
        }
    )
    present = set(cases["rel_period"].unique())
    ref = pd.DataFrame([{"rel_period": k, "estimate": 0.0, "se": 0.0, "ci_low": 0.0,
                         "ci_high": 0.0, "p_value": np.nan}
                        for k in reference_periods(cases) if k in present])  # fmt: skip
    table = pd.concat([table, ref]).sort_values("rel_period", ignore_index=True)
    counts = cases[cases["treated"]].groupby("rel_period").size()
    table["n_treated_cases"] = table["rel_period"].map(counts).fillna(0).astype(int)
    return table


@dataclass(frozen=True)
class PreTrendCheck:
    """Joint test that the pre-period effects are all zero, and the size of any pre-trend."""

    f_stat: float
    p_value: float
    n_pre_periods: int
    slope_per_period: float
    slope_ci_low: float
    slope_ci_high: float
    violated: bool
    message: str
    n_units: int = 0
    """Units (clusters) behind the test; the joint test ran when `f_stat` is a number."""

    def message_in(self, lang: str = "en") -> str:
        """The check's one-line verdict in the report language (`message` is the English)."""
        joint = not np.isnan(self.f_stat)
        return pre_trend_message(
            joint, self.p_value, self.n_pre_periods, self.n_units, self.slope_per_period,
            self.violated, lang,
        )  # fmt: skip


def pre_trend_message(
    joint: bool, p: float, n_pre: int, n_units: int, slope: float, violated: bool, lang: str = "en"
) -> str:
    """One line on the pre-trend check: which test, its p-value and the gap's drift per period."""
    verdict = MESSAGES(
        "parallel_trends_violated" if violated else "parallel_trends_plausible", lang
    )
    tested = (
        MESSAGES("pre_trend_joint_test", lang, p=f"{p:.3f}", n_pre=n_pre)
        if joint
        else MESSAGES("pre_trend_slope_test", lang, n_units=n_units, p=f"{p:.3f}")
    )
    return MESSAGES("parallel_trends", lang, verdict=verdict, tested=tested, slope=f"{slope:+.3g}")


def pre_slope(cases: pd.DataFrame, alpha: float) -> tuple[float, float, float, float]:
    """Slope of the treated-minus-control gap per period before the start (FE, clustered)."""
    pre = cases[~cases["post"]].reset_index(drop=True)
    design = fixed_effects(pre)
    design["trend"] = pre["rel_period"].astype(float) * pre["treated"]
    res = fit_clustered(design, pre)
    trend = estimates(res, ["trend"], confidence=1 - alpha).iloc[0]
    return (
        float(trend["estimate"]),
        float(trend["low"]),
        float(trend["high"]),
        float(trend["p_value"]),
    )


def joint_zero_test(res: RegressionResultsWrapper, names: list[str]) -> tuple[float, float]:
    """F statistic and p-value of the clustered test that the named coefficients are all 0."""
    columns = list(res.params.index)
    restriction = np.zeros((len(names), len(columns)))
    for i, name in enumerate(names):
        restriction[i, columns.index(name)] = 1.0
    test = res.f_test(restriction)
    return float(np.squeeze(test.fvalue)), float(np.squeeze(test.pvalue))


def pre_trend_check(
    cases: pd.DataFrame, alpha: float = 0.05, what: str = "case study"
) -> PreTrendCheck:
    """Wald test (cluster-robust F) of the event study's pre-period effects = 0 (the pre-period
    slope test when units are too few for it) and the pre-trend's size; warns when p < alpha."""
    cases = cases.reset_index(drop=True)
    res, rel = _event_fit(cases, what)
    pre = [f"rel_{k}" for k in rel if k < min(reference_periods(cases))]
    if not pre:
        raise CaseStudyError(what, "no pre-period besides the reference: cannot test pre-trends")
    slope, low, high, slope_p = pre_slope(cases, alpha)
    n_clusters = cases["unit"].nunique()
    if len(pre) * JOINT_TEST_UNITS_PER_PERIOD <= n_clusters:
        f_stat, p = joint_zero_test(res, pre)
    else:  # a clustered covariance of many constraints from few units over-rejects: the slope
        f_stat, p = float("nan"), slope_p
    violated = p < alpha
    joint = not np.isnan(f_stat)
    message = pre_trend_message(joint, p, len(pre), n_clusters, slope, violated)
    if violated:
        warnings.warn(f"{what}: {message}", ParallelTrendsWarning, stacklevel=2)
    return PreTrendCheck(f_stat, p, len(pre), slope, low, high, violated, message, n_clusters)


def plot_event_study(table: pd.DataFrame, unit: str = "", lang: str = "en") -> Axes:
    """Effects by period relative to the start with their intervals; the start marked."""
    _, ax = new_figure(8.0, 4.2)
    pre = table["rel_period"] < 0
    for mask, colour in ((pre, PALETTE[4]), (~pre, PALETTE[0])):
        part = table[mask]
        err = interval_err(part["estimate"], part["ci_low"], part["ci_high"])
        ax.errorbar(part["rel_period"], part["estimate"], yerr=err, fmt="o", color=colour,
                    capsize=3, markersize=5)  # fmt: skip
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.axvline(-0.5, color="grey", linestyle="--", linewidth=0.8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    reference = table.loc[(table["se"] == 0) & table["p_value"].isna(), "rel_period"]
    ref = f"{reference.min()}…{reference.max()}" if len(reference) > 1 else f"{reference.min()}"
    if reference.empty:  # the imputation's table: each effect is against the imputed path
        ax.set_xlabel(MESSAGES("event_study_x_own_start", lang))
    else:
        ax.set_xlabel(MESSAGES("event_study_x", lang, ref=ref.replace("-", "−")))
    suffix = MESSAGES("unit_suffix", lang, unit=unit) if unit else ""
    ax.set_ylabel(MESSAGES("effect_axis", lang) + suffix)
    ax.set_title(MESSAGES("event_study_title", lang))
    return ax
