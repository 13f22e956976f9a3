"""A roll-out in waves on simulated cases whose effect grows with time since each unit's start:
the imputation estimate recovers the planted average effect where two-way fixed effects does
not, the Goodman-Bacon decomposition adds up to TWFE, and the pre-trend test keeps its size and
finds a planted pre-trend."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats as sps

from journey_utils.case_study.did import fit_did
from journey_utils.case_study.staggered import (
    bacon_decomposition,
    fit_imputation,
    imputation_event_table,
    imputation_pre_trend,
    twfe_weights,
)

WAVES = (None, 0, 3, 6)
"""Each unit's start relative to the first wave (None: never treated), cycling over units."""


def staggered_cases(
    seed: int, growth: float = 0.2, pre_trend: float = 0.0, n_units: int = 40, n_cases: int = 8
) -> pd.DataFrame:
    """Cases of units in four timing groups over periods −12..17: unit effects, a common trend,
    and for treated units an effect of 2 + growth x (periods since their own start), plus
    `pre_trend` x (period) for the treated units at every period (a differential trend)."""
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(n_units):
        g = WAVES[u % len(WAVES)]
        level = rng.normal(0, 1)
        for k in range(-12, 18):
            for _ in range(n_cases):
                on = g is not None and k >= g
                effect = 2.0 + growth * (k - g) if on else 0.0
                drift = pre_trend * k if g is not None else 0.0
                rows.append((f"U{u:02d}", k, g is not None, on, k - (g or 0), effect,
                             level + 0.1 * k + drift + effect + rng.normal(0, 2)))  # fmt: skip
    cases = pd.DataFrame(
        rows, columns=["unit", "k", "treated", "post", "rel_period", "effect", "value"]
    )
    cases["period"] = pd.Period("2024-06", "M") + cases["k"]
    return cases


def test_imputation_recovers_a_growing_effect_where_twfe_does_not() -> None:
    """Ten seeds: the imputation interval covers the mean planted effect on the treated at the
    95% rate (at most 3 misses, a correct method fails that with p < 0.002); TWFE, which
    compares later waves with units already treated, is biased low on every seed."""
    assert sps.binom.sf(3, 10, 0.05) < 0.002
    misses, twfe_low = 0, 0
    for seed in range(10):
        cases = staggered_cases(seed)
        truth = cases.loc[cases["post"], "effect"].mean()
        imputed = fit_imputation(cases)
        misses += not imputed.ci_low <= truth <= imputed.ci_high
        twfe_low += fit_did(cases).estimate < truth
        assert imputed.method == "imputation" and imputed.n_treated_units == 30
    assert misses <= 3
    assert twfe_low == 10


def test_with_a_constant_effect_both_agree() -> None:
    cases = staggered_cases(seed=5, growth=0.0)
    imputed, twfe = fit_imputation(cases), fit_did(cases)
    assert imputed.ci_low < 2.0 < imputed.ci_high and twfe.ci_low < 2.0 < twfe.ci_high


def test_event_table_follows_the_planted_path() -> None:
    """Every period since the start is judged against its planted effect 2 + 0.2 x k: misses
    within what correct 95% intervals make with probability 0.995; before the start the gaps
    to the imputed path average near zero."""
    cases = staggered_cases(seed=3, n_cases=20)
    table = imputation_event_table(cases)
    post = table[table["rel_period"] >= 0]
    planted = 2.0 + 0.2 * post["rel_period"]
    misses = int(((post["ci_low"] > planted) | (post["ci_high"] < planted)).sum())
    assert misses <= int(sps.binom.isf(0.005, len(post), 0.05)), post
    assert abs(table.loc[table["rel_period"] < 0, "estimate"].mean()) < 0.3


def test_bacon_decomposition_adds_up_to_twfe_on_a_balanced_panel() -> None:
    cases = staggered_cases(seed=1)
    bacon = bacon_decomposition(cases)
    assert bacon.balanced and bacon.units == 40
    assert bacon.table["weight"].sum() == pytest.approx(1.0)
    means = cases.groupby(["unit", "period"]).agg(value=("value", "mean"), d=("post", "max"))
    means = means.reset_index().assign(d=lambda m: m["d"].astype(float),
                                       period=lambda m: m["period"].astype(str))  # fmt: skip
    twfe = smf.ols("value ~ d + C(unit) + C(period)", means).fit().params["d"]
    assert bacon.implied_twfe == pytest.approx(twfe, abs=1e-9)
    assert 0 < bacon.already_treated_share < 0.5
    kinds = set(bacon.table["comparison"])
    assert kinds == {"treated_vs_never", "earlier_vs_later", "later_vs_earlier"}


def test_twfe_weights_count_the_treated_cases() -> None:
    cases = staggered_cases(seed=2)
    weights = twfe_weights(cases)
    assert weights.treated_post_cases == int(cases["post"].sum())
    assert 0 <= weights.negative_case_share <= 1


def test_the_pre_trend_test_keeps_its_size_and_finds_a_planted_trend() -> None:
    """Forty seeds without a pre-trend: rejections at 5% stay within what a correct test makes
    with probability 0.995; with a treated-only drift of 0.15 per period it rejects."""
    budget = int(sps.binom.isf(0.005, 40, 0.05))
    rejections = sum(imputation_pre_trend(staggered_cases(s)).violated for s in range(40))
    assert rejections <= budget, (rejections, budget)
    assert imputation_pre_trend(staggered_cases(7, pre_trend=0.15)).violated
