"""Shared statistics: the Wilson interval against its formula, the guarded logit's refusals on
data built to trigger each, and the estimates table against statsmodels' own numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as sps
from scipy.stats import norm

from journey_utils.errors import InputError
from journey_utils.stats import (
    check_logit_inputs,
    estimates,
    fit_guarded_logit,
    joint_wald_p_value,
    likelihood_ratio_p_value,
    wilson_interval,
)


class Refused(InputError):
    """A stand-in for a stage's refusal error."""

    def __init__(self, message: str, *, column: str | None = None) -> None:
        super().__init__("test model", message, column=column)


def _wilson_by_formula(k: float, n: float, confidence: float) -> tuple[float, float]:
    z = norm.ppf(0.5 + confidence / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize(("k", "n", "confidence"), [(7, 20, 0.95), (1, 3, 0.9), (50, 50, 0.95)])
def test_wilson_interval_matches_its_formula(k: int, n: int, confidence: float) -> None:
    share, low, high = wilson_interval([k], [n], confidence)
    want_low, want_high = _wilson_by_formula(k, n, confidence)
    assert share[0] == pytest.approx(k / n)
    assert low[0] == pytest.approx(max(want_low, 0.0), abs=1e-12)
    assert high[0] == pytest.approx(min(want_high, 1.0), abs=1e-12)
    assert low[0] <= share[0] <= high[0]


def test_wilson_interval_without_a_base_or_with_too_many_successes() -> None:
    """No base: nothing to show. More successes than trials (a non-monotone funnel): no interval
    can be computed, so both bounds are the share itself, never a made-up width."""
    share, low, high = wilson_interval([0, 5, 3], [0, 4, 10])
    assert np.isnan(share[0]) and np.isnan(low[0]) and np.isnan(high[0])
    assert share[1] == low[1] == high[1] == pytest.approx(1.25)
    assert 0 < low[2] < 0.3 < high[2] < 1


def _design(n: int, seed: int) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame({"const": 1.0, "a": rng.normal(size=n), "b": rng.normal(size=n)})
    y = pd.Series((rng.random(n) < 1 / (1 + np.exp(-(-0.5 + x["a"])))).astype(float))
    return x, y


def test_a_good_design_passes_and_the_estimates_are_statsmodels_own() -> None:
    x, y = _design(2_000, seed=3)
    check_logit_inputs(x, y, Refused)
    result = fit_guarded_logit(x, y, Refused)
    table = estimates(result, ["a", "b"], confidence=0.9)
    reference = sm.Logit(y, x).fit(disp=0)
    ci = reference.conf_int(alpha=0.1)
    assert table["term"].tolist() == ["a", "b"]
    assert table["estimate"].tolist() == pytest.approx(reference.params[["a", "b"]].tolist())
    assert table["se"].tolist() == pytest.approx(reference.bse[["a", "b"]].tolist())
    assert table["low"].tolist() == pytest.approx(ci.loc[["a", "b"], 0].tolist())
    assert table["high"].tolist() == pytest.approx(ci.loc[["a", "b"], 1].tolist())
    assert table["p_value"].tolist() == pytest.approx(reference.pvalues[["a", "b"]].tolist())
    assert 0.7 < table.loc[0, "estimate"] < 1.3  # the planted slope is 1


def test_a_constant_column_is_refused_by_name() -> None:
    x, y = _design(500, seed=1)
    x["b"] = 2.0
    with pytest.raises(Refused, match="constant") as err:
        check_logit_inputs(x, y, Refused)
    assert err.value.column == "b"


def test_too_few_events_are_refused_with_the_counts() -> None:
    x, y = _design(500, seed=2)
    y = pd.Series(np.where(np.arange(len(y)) < 12, 1.0, 0.0))
    with pytest.raises(Refused, match=r"too few events: 12 defaults .* 3 parameters"):
        check_logit_inputs(x, y, Refused, events="defaults", non_events="non-defaults")


def test_a_separating_column_is_refused_by_name() -> None:
    x, y = _design(600, seed=4)
    x["a"] = y * 10 + np.random.default_rng(0).random(len(y))
    with pytest.raises(Refused, match="perfect separation") as err:
        check_logit_inputs(x, y, Refused)
    assert err.value.column == "a"


def test_a_level_with_one_outcome_only_is_refused() -> None:
    x, y = _design(600, seed=5)
    flag = np.zeros(len(y))
    flag[np.flatnonzero(y == 0)[:30]] = 1.0
    x["flag"] = flag
    with pytest.raises(Refused, match="quasi-separation: no events among the 30 rows"):
        check_logit_inputs(x, y, Refused)


def test_the_fit_refuses_a_singular_or_separated_design() -> None:
    x, y = _design(400, seed=6)
    x["a_again"] = x["a"]
    with pytest.raises(Refused):
        fit_guarded_logit(x, y, Refused)
    x, y = _design(400, seed=7)
    x["a"] = y - 0.5
    with pytest.raises(Refused, match=r"separation|converge|infinite"):
        fit_guarded_logit(x, y, Refused)


def test_the_joint_wald_test_accepts_the_planted_values_and_rejects_others() -> None:
    """The planted slope (1) and intercept (-0.5) and b = 0 hold jointly; shifting the slope by
    0.5 is rejected, though that alone would be a single coefficient's miss."""
    x, y = _design(4_000, seed=8)
    result = fit_guarded_logit(x, y, Refused)
    assert joint_wald_p_value(result, [-0.5, 1.0, 0.0]) > 0.01
    assert joint_wald_p_value(result, [-0.5, 1.5, 0.0]) < 0.001


def test_likelihood_ratio_holds_its_size_and_rejects_a_wrong_truth() -> None:
    """Forty toy logits with planted (−2, 1, −0.5): rejections at 5% within what a correct test
    makes with probability 0.995; a truth off by 0.5 in one slope is rejected."""
    planted = np.array([-2.0, 1.0, -0.5])
    rejections = 0
    for seed in range(40):
        rng = np.random.default_rng(seed)
        x = sm.add_constant(rng.normal(size=(3000, 2)))
        y = (rng.random(3000) < 1 / (1 + np.exp(-(x @ planted)))).astype(float)
        result = sm.Logit(y, x).fit(disp=0)
        rejections += likelihood_ratio_p_value(result, planted) < 0.05
    assert rejections <= int(sps.binom.isf(0.005, 40, 0.05))
    assert likelihood_ratio_p_value(result, planted + np.array([0, 0.5, 0])) < 1e-3
