"""DiD, event study and pre-trend check: synthetic truth and the generator's known effects."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from journey_utils.case_study.did import (
    ParallelTrendsWarning,
    event_study_table,
    fit_did,
    plot_event_study,
    pre_trend_check,
)
from journey_utils.case_study.outcomes import outcome_cases
from journey_utils.params.intervention import CaseStudyError, intervention_spec
from text_checks import has_cjk

from .conftest import toy_cases


def test_did_recovers_a_planted_effect_despite_the_trend(toy):
    result = fit_did(toy)
    assert result.ci_low < 2.0 < result.ci_high
    assert (result.n_treated_units, result.n_control_units) == (6, 6)
    assert result.n_cases == len(toy)


def test_did_without_controls_stops(toy):
    with pytest.raises(CaseStudyError, match="both treated and control"):
        fit_did(toy[toy["treated"]])


def test_event_study_is_zero_at_the_reference_and_flat_before(toy):
    table = event_study_table(toy)
    ref = table.set_index("rel_period").loc[-1]
    assert ref["estimate"] == 0 and (table["ci_low"] <= table["ci_high"]).all()
    post = table[table["rel_period"] >= 0]
    assert post["estimate"].between(1.0, 3.0).all()


def test_a_noisy_month_before_the_start_does_not_shift_every_pre_period(toy):
    """The reference pools the three periods before the start: a shock of +5 to the treated
    units in month -1 moves the earlier pre-period estimates by a third of it, not by all of
    it as a single-month reference would (they would all sit near -5)."""
    shocked = toy.copy()
    shocked.loc[shocked["treated"] & (shocked["rel_period"] == -1), "value"] += 5.0
    table = event_study_table(shocked).set_index("rel_period")
    assert (table.loc[[-3, -2, -1], "estimate"] == 0).all()  # the pooled reference
    early = table.loc[table.index <= -4, "estimate"]
    assert early.between(-2.5, 0.0).all() and early.mean() == pytest.approx(-5 / 3, abs=0.3)


def test_the_event_study_chart_names_its_pooled_reference(toy):
    ax = plot_event_study(event_study_table(toy), "pp")
    assert "reference: −3…−1" in ax.get_xlabel()
    assert "参照期：−3…−1" in plot_event_study(event_study_table(toy), lang="zh").get_xlabel()


def test_pre_trend_check_warns_on_diverging_units():
    cases = toy_cases()
    cases.loc[cases["treated"], "value"] += 0.4 * cases.loc[cases["treated"], "rel_period"]
    with pytest.warns(ParallelTrendsWarning):
        check = pre_trend_check(cases)
    assert check.violated and check.slope_per_period > 0.2


def test_pre_trend_check_is_quiet_on_parallel_units(toy):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ParallelTrendsWarning)
        check = pre_trend_check(toy)
    assert not check.violated and "plausible" in check.message


def test_plot_event_study_draws_every_period(toy):
    """One point per period of the event-study table at its estimate, pre-periods and
    post-periods drawn apart."""
    table = event_study_table(toy)
    ax = plot_event_study(table, unit="days")
    assert "days" in ax.get_ylabel()
    pre, post = (bars.lines[0] for bars in ax.containers)
    drawn = pd.DataFrame(
        {
            "rel_period": [*pre.get_xdata(), *post.get_xdata()],
            "estimate": [*pre.get_ydata(), *post.get_ydata()],
        }
    ).sort_values("rel_period")
    expected = table[["rel_period", "estimate"]].sort_values("rel_period")
    assert np.allclose(drawn.to_numpy(float), expected.to_numpy(float))
    assert (pre.get_xdata() < 0).all() and (post.get_xdata() >= 0).all()


@pytest.fixture(scope="module")
def personalisation(portfolio):
    """Segment programme cases, units = the clients' industries (as the generator plants it)."""
    truth = portfolio.truth["segment_personalisation"]
    spec = intervention_spec({
        "name": "segment_personalisation", "title": "Segments", "start": truth["date"],
        "unit_column": "industry", "treated": truth["treated_industries"],
        "outcomes": ["approval_time", "acceptance", "npl_12m"],
    })  # fmt: skip
    return spec, truth["effects_on_treated_post"]


def test_each_planted_industry_is_one_treated_unit(portfolio, personalisation) -> None:
    """Coverage of the planted effects is judged over seeds (test_truth_over_seeds)."""
    spec, _ = personalisation
    cases = outcome_cases(portfolio.tables, spec, "approval_time", portfolio.params,
                          portfolio.client_units)  # fmt: skip
    result = fit_did(cases)
    treated = portfolio.truth["segment_personalisation"]["treated_industries"]
    assert result.n_treated_units == len(treated)
    assert result.few_clusters is not None  # 12 industries: the bootstrap interval is used


def test_npl_of_young_loans_cannot_be_measured(portfolio, personalisation):
    spec, _ = personalisation
    with pytest.raises(CaseStudyError, match="12 months on book"):
        outcome_cases(portfolio.tables, spec, "npl_12m", portfolio.params,
                      portfolio.client_units)  # fmt: skip


def test_placebo_window_ends_before_the_form(portfolio):
    """The placebo's window ends before the real intervention, as its truth says it must
    (its coverage of zero is judged over seeds in test_truth_over_seeds)."""
    truth = portfolio.truth["placebo"]
    spec = intervention_spec({
        "name": "placebo", "title": "Placebo", "start": truth["date"],
        "treated": truth["branches"], "control": truth["control_branches"],
        "outcomes": ["time_to_decision"], "post_periods": 12,
    })  # fmt: skip
    cases = outcome_cases(portfolio.tables, spec, "time_to_decision", portfolio.params)
    form_start = pd.Period(portfolio.truth["form_simplification"]["date"], "M")
    assert cases["period"].max() < form_start


def test_too_few_cases_for_the_fixed_effects_stop_with_a_message() -> None:
    cases = pd.DataFrame(
        {
            "unit": ["a", "b", "c", "d"],
            "period": ["2024-01", "2024-01", "2024-02", "2024-02"],
            "rel_period": [-1, -1, 0, 0],
            "treated": [True, False, True, False],
            "post": [False, False, True, True],
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    with pytest.raises(CaseStudyError, match="too few cases"):
        fit_did(cases)


def test_pre_trend_message_in_chinese_carries_the_same_numbers():
    many, few = toy_cases(n_units=32), toy_cases(n_units=6)  # 6 units: the slope test instead
    for cases in (many, few):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ParallelTrendsWarning)
            check = pre_trend_check(cases)
        zh = check.message_in("zh")
        assert check.message_in("en") == check.message and has_cjk(zh)
        numbers = (f"p = {check.p_value:.3f}", f"{check.slope_per_period:+.3g}")
        assert all(n in check.message and n in zh for n in numbers)
    assert "联合检验 p" in pre_trend_check(many).message_in("zh")
    assert "仅 6 个单位" in check.message_in("zh") and "6 units" in check.message


def test_plot_event_study_in_chinese(toy):
    ax = plot_event_study(event_study_table(toy), unit="天", lang="zh")
    assert has_cjk(ax.get_title()) and has_cjk(ax.get_xlabel()) and "天" in ax.get_ylabel()
