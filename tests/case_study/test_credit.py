"""The early credit outcome: vintage curves as a life table, and the first-NPL hazard DiD judged
against hazard ratios planted in simulated loans (several seeds, a stated miss budget)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from journey_utils.case_study.credit import fit_hazard_did, loan_months, vintage_curves
from journey_utils.case_study.report import run_case_study
from journey_utils.params.intervention import CaseStudyError


def simulated_loans(hazard_ratio: float, seed: int, n_units: int = 24) -> pd.DataFrame:
    """Loans of units x start months −12..11 (half the units treated from month 0), followed to
    month 11 after the start; a monthly hazard 0.004 x unit effect x a rising month-on-book
    profile, times `hazard_ratio` for treated loans started after the start."""
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(n_units):
        unit_effect = np.exp(rng.normal(0, 0.3))
        treated = u < n_units // 2
        for rel in range(-12, 12):
            n = 60
            follow = 11 - rel
            base = 0.004 * unit_effect * (1 + 0.05 * np.arange(follow + 1))
            h = base * (hazard_ratio if treated and rel >= 0 else 1.0)
            p = 1 - np.exp(-h)
            draws = rng.random((n, follow + 1)) < p
            first = np.where(draws.any(axis=1), draws.argmax(axis=1), np.nan)
            rows.append(pd.DataFrame({
                "unit": f"U{u:02d}", "period": str(pd.Period("2024-06", "M") + rel),
                "treated": treated, "post": rel >= 0, "last_mob": follow,
                "npl_mob": first, "dpd30_mob": first,
            }))  # fmt: skip
    return pd.concat(rows, ignore_index=True)


@pytest.mark.parametrize("planted", [0.6, 1.0])
def test_hazard_interval_covers_the_planted_ratio_over_seeds(planted: float) -> None:
    """Ten seeds per ratio; a 95% interval misses one time in twenty, so at most 3 misses in 10
    (a correct method fails this with probability 0.001)."""
    assert sps.binom.sf(3, 10, 0.05) < 0.002
    misses = []
    for seed in range(10):
        h = fit_hazard_did(simulated_loans(planted, seed))
        if not h.ci_low <= planted <= h.ci_high:
            misses.append((seed, round(h.hazard_ratio, 2), round(h.ci_low, 2), round(h.ci_high, 2)))
    assert len(misses) <= 3, misses


def test_a_strong_effect_is_found() -> None:
    h = fit_hazard_did(simulated_loans(0.4, seed=99))
    assert h.ci_high < 1 and h.p_value < 0.05
    assert h.n_treated_units == h.n_control_units == 12 and h.max_months_on_book == 11


def test_too_few_events_stop_with_one_line() -> None:
    loans = simulated_loans(1.0, seed=1).assign(npl_mob=np.nan)
    loans.loc[:3, "npl_mob"] = 2.0
    with pytest.raises(CaseStudyError, match="first NPLs") as err:
        fit_hazard_did(loans)
    assert "\n" not in str(err.value)


def test_loan_months_stop_at_the_first_event_or_the_last_month_seen() -> None:
    loans = pd.DataFrame({"last_mob": [5, 3, -1], "npl_mob": [2.0, np.nan, np.nan],
                          "dpd30_mob": [1.0, np.nan, np.nan]})  # fmt: skip
    months = loan_months(loans, "npl")
    assert months.groupby("loan")["mob"].max().to_dict() == {0: 2, 1: 3}
    assert months["event"].sum() == 1 and months.loc[months["event"], "mob"].item() == 2


def test_vintage_curve_is_the_life_table() -> None:
    # 4 loans: events at month 1 and 2, one censored at month 1, one followed to month 3.
    loans = pd.DataFrame({"last_mob": [3, 3, 1, 3], "npl_mob": [1.0, 2.0, np.nan, np.nan],
                          "dpd30_mob": [np.nan] * 4})  # fmt: skip
    curve = vintage_curves(loans, "npl", by=pd.Series(["all"] * 4)).set_index("mob")
    assert curve.loc[0, "at_risk"] == 4 and curve.loc[2, "at_risk"] == 2
    # S(1) = 3/4, S(2) = 3/4 x 1/2: cumulative 25% then 62.5%
    assert curve.loc[1, "cumulative_pct"] == pytest.approx(25.0)
    assert curve.loc[2, "cumulative_pct"] == pytest.approx(62.5)
    assert curve.loc[3, "cumulative_pct"] == pytest.approx(62.5)


def test_small_groups_are_cut_from_the_curves() -> None:
    loans = simulated_loans(1.0, seed=3)
    curves = vintage_curves(loans, "npl", min_loans=1000)
    assert (curves["at_risk"] >= 1000).all()
    assert curves.groupby("group")["mob"].max().max() < 23


def test_the_segment_programme_has_quarterly_vintages(portfolio) -> None:
    """On the default portfolio the early credit section also draws NPL by disbursement quarter,
    each quarter's curve cut where fewer than min_at_risk loans remain."""
    study = run_case_study(portfolio.params, "segment_personalisation")
    quarters = study.credit.by_quarter
    assert quarters is not None and quarters["group"].str.match(r"^\d{4}Q[1-4]$").all()
    assert (quarters["at_risk"] >= study.credit.min_at_risk).all()
    assert quarters["group"].nunique() >= 6
