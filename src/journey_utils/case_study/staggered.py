"""A roll-out in waves: the imputation estimator (Borusyak, Jaravel and Spiess; Gardner's two
stages, as pyfixest's did2s fits it), robust to effects that differ by wave and with time since
the start, beside two-way fixed effects, and how much TWFE leans on already-treated units as
controls (its negative weights, de Chaisemartin and D'Haultfœuille)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyfixest as pf

from journey_utils.case_study.covariates import covariate_columns
from journey_utils.case_study.did import (
    DidResult,
    PreTrendCheck,
    fit_clustered,
    fixed_effects,
    joint_zero_test,
    pre_slope,
    pre_trend_message,
)
from journey_utils.params.intervention import CaseStudyError

NEVER = -1000
"""rel_period given to control cases in the imputation event study (their own category)."""


def _frame(cases: pd.DataFrame) -> pd.DataFrame:
    """The cases with model-friendly columns: unit and period as text, effect, rel."""
    covariates = covariate_columns(cases)
    return pd.DataFrame(
        {
            "value": cases["value"].astype(float).to_numpy(),
            "unit": cases["unit"].astype(str).to_numpy(),
            "period": cases["period"].astype(str).to_numpy(),
            "effect": (cases["treated"] & cases["post"]).astype(int).to_numpy(),
            "rel": np.where(cases["treated"], cases["rel_period"], NEVER),
            **{c: cases[c].astype(float).to_numpy() for c in covariates},
        }
    )


def _first_stage(cases: pd.DataFrame) -> str:
    covariates = covariate_columns(cases)
    return f"~ {' + '.join(covariates) if covariates else '1'} | unit + period"


def _did2s(frame: pd.DataFrame, first_stage: str, second_stage: str, what: str) -> object:
    """pyfixest's did2s with errors clustered by unit; a fit that fails stops in one line."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pf.did2s(
                frame,
                yname="value",
                first_stage=first_stage,
                second_stage=second_stage,
                treatment="effect",
                cluster="unit",
            )
    except (ValueError, np.linalg.LinAlgError) as err:
        raise CaseStudyError(what, f"the imputation fit failed ({err})") from None


def fit_imputation(cases: pd.DataFrame, alpha: float = 0.05, what: str = "case study") -> DidResult:
    """The imputation estimate of the effect on the treated after their own start: unit and
    period effects (and covariates) fitted on the cases not yet treated, each treated case's
    untreated outcome imputed from them, the effect the mean gap; errors clustered by unit."""
    cases, left_out = imputable(cases)
    frame = _frame(cases)
    if not frame["effect"].any() or frame["effect"].all():
        raise CaseStudyError(what, "the imputation needs treated and untreated cases")
    fit = _did2s(frame, _first_stage(cases), "~ effect", what)
    row = fit.tidy(alpha=alpha).loc["effect"]  # type: ignore[attr-defined]
    low, high = (c for c in row.index if "%" in str(c))
    return DidResult(
        estimate=float(row["Estimate"]),
        se=float(row["Std. Error"]),
        ci_low=float(row[low]),
        ci_high=float(row[high]),
        p_value=float(row["Pr(>|t|)"]),
        n_treated_units=int(cases.loc[cases["treated"], "unit"].nunique()),
        n_control_units=int(cases.loc[~cases["treated"], "unit"].nunique()),
        n_cases=len(cases),
        method="imputation",
        n_left_out=left_out,
    )


def imputable(cases: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The cases the imputation can use and how many treated ones it cannot: a treated case
    needs its unit and its period each to have at least two untreated cases (one alone fixes
    its own effect exactly and says nothing; pyfixest drops such singletons), repeated until
    stable; the lone untreated cases go with them."""
    keep = pd.Series(True, index=cases.index)
    while True:
        kept = cases[keep]
        untreated = ~(kept["treated"] & kept["post"])
        ok = pd.Series(True, index=kept.index)
        for column in ("unit", "period"):
            counts = kept.loc[untreated, column].value_counts()
            ok &= kept[column].map(counts).fillna(0) >= 2
        if ok.all():
            break
        keep.loc[ok.index[~ok]] = False
    left_out = int((~keep & cases["treated"] & cases["post"]).sum())
    return cases[keep].reset_index(drop=True), left_out


def imputation_event_table(
    cases: pd.DataFrame, alpha: float = 0.05, what: str = "case study"
) -> pd.DataFrame:
    """Effect by period relative to each unit's own start, by imputation (the columns of
    `did.event_study_table`); before the start the gaps of the treated units to the imputed
    path, which should hover around zero."""
    cases, _ = imputable(cases)
    frame = _frame(cases)
    fit = _did2s(frame, _first_stage(cases), f"~ i(rel, ref={NEVER})", what)
    tidy = fit.tidy(alpha=alpha)  # type: ignore[attr-defined]
    low, high = (c for c in tidy.columns if "%" in str(c))
    rel = [int(str(name).split("::")[1]) for name in tidy.index]
    table = pd.DataFrame(
        {
            "rel_period": rel,
            "estimate": tidy["Estimate"].to_numpy(float),
            "se": tidy["Std. Error"].to_numpy(float),
            "ci_low": tidy[low].to_numpy(float),
            "ci_high": tidy[high].to_numpy(float),
            "p_value": tidy["Pr(>|t|)"].to_numpy(float),
        }
    ).sort_values("rel_period", ignore_index=True)
    counts = cases[cases["treated"]].groupby("rel_period").size()
    table["n_treated_cases"] = table["rel_period"].map(counts).fillna(0).astype(int)
    return table


@dataclass(frozen=True)
class TwfeWeights:
    """How two-way fixed effects weigh the treated cases after their start: the share with a
    negative weight (long-treated units serving as controls for later waves) and the sum of
    the negative weights against the positive ones."""

    treated_post_cases: int
    negative_cases: int
    negative_weight_share: float
    """Sum of the negative weights over the sum of the positive ones (0: none)."""

    @property
    def negative_case_share(self) -> float:
        """Share of treated-after-start cases that TWFE weighs negatively."""
        return self.negative_cases / self.treated_post_cases if self.treated_post_cases else 0.0


def twfe_weights(cases: pd.DataFrame) -> TwfeWeights:
    """The weights TWFE puts on each treated-after-start case: the treatment dummy's residual
    on the unit and period effects (and covariates). TWFE's estimate is the weighted mean of
    the case effects with these weights; a negative weight means the case serves as a control."""
    frame = _frame(cases)
    units = pd.get_dummies(frame["unit"], drop_first=True, dtype=float)
    periods = pd.get_dummies(frame["period"], drop_first=True, dtype=float)
    covariates = frame[covariate_columns(cases)]
    design = np.column_stack([np.ones(len(frame)), units, periods, covariates])
    d = frame["effect"].to_numpy(float)
    coef, *_ = np.linalg.lstsq(design, d, rcond=None)
    residual = d - design @ coef
    treated = residual[d == 1]
    negative = treated[treated < -1e-12]
    positive = treated[treated > 1e-12]
    return TwfeWeights(
        treated_post_cases=int(d.sum()),
        negative_cases=len(negative),
        negative_weight_share=float(-negative.sum() / positive.sum()) if len(positive) else 0.0,
    )


COMPARISONS = ("treated_vs_never", "earlier_vs_later", "later_vs_earlier")
"""Goodman-Bacon's 2x2 comparisons: a wave against never-treated units; an earlier wave
against a later one not yet treated; a later wave against an earlier one already treated (the
comparison that misleads when effects grow over time)."""


@dataclass(frozen=True)
class BaconDecomposition:
    """TWFE on unit × period means as the weighted sum of 2x2 DiD comparisons (Goodman-Bacon
    2021). The weights come from the timing alone (the share of units in each wave and of
    periods each wave is treated), so they hold for every unit with cases."""

    table: pd.DataFrame
    """comparison, treated_start, control_start (period ordinals; NaN: never treated),
    weight, estimate (from the unit-period means each side has)."""
    units: int
    balanced: bool
    """Every unit has a case in every period: then sum(weight x estimate) is exactly TWFE on
    the unit-period means; otherwise the estimates use the periods each unit has."""

    @property
    def already_treated_share(self) -> float:
        """Share of TWFE's weight on comparisons with already-treated units as controls."""
        later = self.table["comparison"] == "later_vs_earlier"
        return float(self.table.loc[later, "weight"].sum())

    @property
    def implied_twfe(self) -> float:
        """sum(weight x estimate): TWFE on the unit-period means when the panel is balanced."""
        return float((self.table["weight"] * self.table["estimate"]).sum())


def _mean_change(y: pd.DataFrame, rows: pd.Index, before: np.ndarray, after: np.ndarray) -> float:
    """Mean over `rows` units of their mean over `after` periods minus over `before` periods."""
    block = y.loc[rows]
    return float(
        np.nanmean(block.loc[:, after].to_numpy()) - np.nanmean(block.loc[:, before].to_numpy())
    )


def bacon_decomposition(cases: pd.DataFrame) -> BaconDecomposition:
    """Goodman-Bacon (2021): the 2x2 comparisons behind TWFE with timing groups, each weighted
    by the group sizes and treated shares (eq. 10a-c, normalised to sum to one)."""
    means = cases.groupby(["unit", "period"])["value"].mean().unstack("period")
    periods = pd.PeriodIndex(means.columns).asi8
    means.columns = periods
    treated = cases[cases["treated"]]
    own = pd.PeriodIndex(treated["period"]).asi8 - treated["rel_period"].to_numpy()
    start = pd.Series(own, index=treated.index).groupby(treated["unit"]).first()
    start = start.reindex(means.index).astype(float)
    timing = sorted(set(start.dropna()))
    share = {g: float((start == g).mean()) for g in timing}
    share_never = float(start.isna().mean())
    treated_share = {g: float((periods >= g).mean()) for g in timing}
    never = start.index[start.isna()]
    rows = []
    for k in timing:
        members_k = start.index[start == k]
        pre_k, post_k = periods < k, periods >= k
        if share_never > 0:
            d = treated_share[k]
            n_ku = share[k] / (share[k] + share_never)
            weight = (share[k] + share_never) ** 2 * n_ku * (1 - n_ku) * d * (1 - d)
            change = _mean_change(means, members_k, pre_k, post_k)
            rows.append(("treated_vs_never", k, np.nan, weight,
                         change - _mean_change(means, never, pre_k, post_k)))  # fmt: skip
        for late in (g for g in timing if g > k):
            members_l = start.index[start == late]
            dk, dl = treated_share[k], treated_share[late]
            n_kl = share[k] / (share[k] + share[late])
            mid, post_l = (periods >= k) & (periods < late), periods >= late
            scale = (share[k] + share[late]) ** 2 * n_kl * (1 - n_kl)
            w_early = scale * (1 - dl) ** 2 * (dk - dl) / (1 - dl) * (1 - dk) / (1 - dl)
            w_late = scale * dk**2 * dl / dk * (dk - dl) / dk
            early = _mean_change(means, members_k, pre_k, mid) - _mean_change(
                means, members_l, pre_k, mid
            )
            later = _mean_change(means, members_l, mid, post_l) - _mean_change(
                means, members_k, mid, post_l
            )
            rows.append(("earlier_vs_later", k, late, w_early, early))
            rows.append(("later_vs_earlier", late, k, w_late, later))
    table = pd.DataFrame(
        rows, columns=["comparison", "treated_start", "control_start", "weight", "estimate"]
    )
    total = table["weight"].sum()
    if total > 0:
        table["weight"] = table["weight"] / total
    return BaconDecomposition(table, units=len(means), balanced=not means.isna().any().any())


CLUSTERS_PER_RESTRICTION = 15
"""Units per restriction of the pre-trend F test: the tested pre-periods are pooled into at
most units / 15 consecutive bins, since a clustered Wald test of many restrictions from few
units over-rejects. Measured on simulated roll-outs without a pre-trend (100 each): 9 single
periods from 40 units rejected 35% at 5%, bins of 10 units 13%, bins of 15 units 2% (40 and 60
units); a drift of 0.1 per period was found 20 times in 20."""
PRE_REFERENCE = 3
"""The imputation's pre-trend test leaves each treated unit at least this many of its earliest
pre-periods as its reference (with the never-treated units) and tests the later ones; a unit
whose every pre-period had a dummy would have no level of its own."""


def imputation_pre_trend(
    cases: pd.DataFrame, alpha: float = 0.05, what: str = "case study"
) -> PreTrendCheck:
    """Pre-trends of a roll-out in waves on the untreated cases alone (Borusyak, Jaravel and
    Spiess): unit and period effects plus a dummy per pre-period of the treated units relative
    to their own start, jointly zero by a cluster-robust F test (the slope test when units are
    too few); no already-treated case enters, so effects that vary cannot pass for a trend."""
    untreated = cases[~(cases["treated"] & cases["post"])].reset_index(drop=True)
    treated_pre = untreated[untreated["treated"]]
    depth = -treated_pre.groupby("unit")["rel_period"].min()  # pre-periods each unit has
    # A unit's pre-periods are tested only where it keeps PRE_REFERENCE earlier ones of its own.
    reach = untreated["unit"].map(depth - PRE_REFERENCE).fillna(0)
    testable = untreated["treated"] & (untreated["rel_period"] >= -reach)
    tested = sorted(untreated.loc[testable, "rel_period"].unique())
    if not tested:
        raise CaseStudyError(what, "too few pre-periods to test pre-trends")
    n_clusters = untreated["unit"].nunique()
    n_bins = min(len(tested), n_clusters // CLUSTERS_PER_RESTRICTION)
    slope, low, high, slope_p = pre_slope(untreated, alpha)
    if n_bins < 1:  # too few units for a clustered joint test: the slope test alone
        f_stat, p = float("nan"), slope_p
    else:
        design = fixed_effects(untreated)
        names = []
        for i, periods in enumerate(np.array_split(np.array(tested), n_bins)):
            in_bin = untreated["rel_period"].isin(periods) & testable
            design[f"pre_{i}"] = in_bin.astype(float)
            names.append(f"pre_{i}")
        f_stat, p = joint_zero_test(fit_clustered(design, untreated), names)
    violated = p < alpha
    message = pre_trend_message(not np.isnan(f_stat), p, len(tested), n_clusters, slope, violated)
    return PreTrendCheck(f_stat, p, len(tested), slope, low, high, violated, message, n_clusters)
