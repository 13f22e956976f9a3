"""Written readings quote the numbers of the tables they read, never other ones."""

from __future__ import annotations

import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.journey import readings
from journey_utils.plotting import format_pct
from text_checks import SIGNED_NUMBER, has_cjk, same_numbers


def _funnel() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "stage": ["information", "application", "due_diligence", "disbursed"],
            "stage_order": [1, 2, 3, 4],
            "cases": [1000, 800, 300, 250],
            "step_conversion": [1.0, 0.8, 0.375, 0.8333],
            "step_low": [float("nan"), 0.77, 0.345, 0.79],
            "step_high": [float("nan"), 0.82, 0.406, 0.87],
            "cumulative_conversion": [1.0, 0.8, 0.3, 0.25],
        }
    )


def test_funnel_reading_names_the_narrowest_step_and_the_end_share() -> None:
    text = readings.funnel_reading(_funnel())
    assert (
        "1,000 cases" in text
        and "(250 cases)" in text
        and format_pct(0.25) in text
        and "250 cases" in text
    )
    assert "application to due diligence" in text and format_pct(0.375) in text


def test_comparison_reading_says_when_nothing_differs() -> None:
    comparison = pd.DataFrame(
        {"stage": ["application"], "difference": [0.01], "diff_low": [-0.02], "diff_high": [0.04],
         "p_holm": [0.6]}
    )  # fmt: skip
    assert "No step" in readings.comparison_reading(comparison, "v1", "v2")
    comparison["p_holm"] = 0.001
    text = readings.comparison_reading(comparison, "v1", "v2")
    assert "+1.0 pp (95% interval −2.0 pp to +4.0 pp)" in text


def test_dropoff_reading_ignores_open_cases() -> None:
    dropoff = pd.DataFrame(
        {
            "stage": ["application", "application", "approval", "approval"],
            "outcome": ["abandoned", "in_progress", "declined", "withdrawn"],
            "cases": [40, 500, 70, 20],
        }
    )
    text = readings.dropoff_reading(dropoff)
    assert text.startswith("130 cases") and "**approval** (90 cases" in text
    assert "mostly declined (70)" in text
    assert "after 60 days" in readings.dropoff_reading(dropoff, abandon_after_days=60)


def test_drivers_reading_orders_by_strength_and_states_the_population() -> None:
    effects = pd.DataFrame(
        {
            "driver": ["weak", "strong"],
            "estimate": [0.1, -0.7],
            "effect_pct": [10.5, -50.3],
            "or_low": [1.01, 0.4],
            "or_high": [1.2, 0.6],
            "n": [5000, 5000],
            "events": [900, 900],
        }
    )
    text = readings.drivers_reading(effects)
    assert "5,000 mature cases (900 drop-outs)" in text
    assert text.index("Strong lowers") < text.index("weak raises")
    assert (
        "by 50% (95% interval −60% to −40%)" in text and "by 10% (95% interval +1% to +20%)" in text
    )


def test_cohort_reading_pools_observed_cohorts_by_size() -> None:
    cohorts = pd.DataFrame(
        {
            "cohort": ["2022-01", "2022-02", "2022-03"],
            "cohort_size": [100, 300, 50],
            "months_since_disbursement": [12, 12, 12],
            "share": [0.2, 0.4, float("nan")],
        }
    )
    assert "35.0% within 12 months (2 cohorts observed)" in readings.cohort_reading(cohorts)
    assert "No cohort" in readings.cohort_reading(cohorts.assign(share=float("nan")))


def test_timing_reading_says_when_the_median_is_not_reached_and_names_instant_stages() -> None:
    durations = pd.DataFrame(
        {"stage": ["application", "approval"], "median": [4.0, 0.0], "p90": [9.0, 0.0]}
    )
    decision = pd.DataFrame(
        {"median": [float("nan")], "p75": [float("nan")], "p90": [float("nan")],
         "censored": [1], "cases": [1]}
    )  # fmt: skip
    text = readings.timing_reading(durations, decision)
    assert "cannot be estimated yet" in text and "1 of 1 case had" in text
    assert "approval are recorded in the same instant" in text


# Chinese readings: same numbers, Chinese words ---------------------------------------------------


def _same_numbers_in_chinese(reading, *args, **kwargs) -> str:
    """The Chinese reading, checked to quote exactly the numbers of the English one."""
    english = reading(*args, **kwargs)
    chinese = reading(*args, **kwargs, lang="zh")
    assert has_cjk(chinese) and not has_cjk(english)
    # signs kept (a lost minus is a wrong number), dates left out ('05 Jan 2022' = '2022-01-05')
    same = same_numbers(english, chinese, SIGNED_NUMBER, distinct=True, without_dates=True)
    assert same, (english, chinese)
    return chinese


def test_funnel_and_comparison_readings_in_chinese() -> None:
    text = _same_numbers_in_chinese(readings.funnel_reading, _funnel())
    assert "尽职调查" in text and "1,000 个案件" in text
    _same_numbers_in_chinese(readings.funnel_reading, _funnel().iloc[:1])
    comparison = pd.DataFrame(
        {"stage": ["application"], "difference": [0.01], "diff_low": [-0.02], "diff_high": [0.04],
         "p_holm": [0.001]}
    )  # fmt: skip
    text = _same_numbers_in_chinese(readings.comparison_reading, comparison, "v1_standard", "v2")
    assert "标准申请表" in text and "+1.0 个百分点" in text
    comparison["p_holm"] = 0.6
    _same_numbers_in_chinese(readings.comparison_reading, comparison, "a", "b")


def test_dropoff_and_timing_readings_in_chinese() -> None:
    dropoff = pd.DataFrame(
        {"stage": ["application", "approval"], "outcome": ["abandoned", "declined"],
         "cases": [40, 70]}
    )  # fmt: skip
    text = _same_numbers_in_chinese(readings.dropoff_reading, dropoff, abandon_after_days=60)
    assert "审批与决策" in text and "银行拒绝" in text
    durations = pd.DataFrame(
        {"stage": ["application", "approval"], "median": [4.0, 0.0], "p90": [19.0, 0.0]}
    )
    decision = pd.DataFrame(
        {"median": [12.5], "p75": [20.0], "p90": [33.0], "censored": [7], "cases": [300]}
    )
    text = _same_numbers_in_chinese(readings.timing_reading, durations, decision)
    assert "12 天" in text or "13 天" in text
    _same_numbers_in_chinese(readings.timing_reading, durations, decision.assign(median=None))


def test_survival_and_paths_readings_in_chinese() -> None:
    difference = pd.DataFrame({"by": ["product"], "chi2": [12.34], "df": [5], "p_value": [0.03]})
    assert "产品" in _same_numbers_in_chinese(readings.survival_reading, difference)
    variants = pd.DataFrame(
        {"rank": [1, 2, None], "variant": ["application › declined", "application › approval › "
         "disbursed", "other variants"], "share": [0.5, 0.3, 0.2]}
    )  # fmt: skip
    rework = pd.DataFrame(
        {"stage": ["approval"], "cases_reworked": [12], "rework_share": [0.04],
         "extra_days_median": [3.5]}
    )  # fmt: skip
    text = _same_numbers_in_chinese(readings.paths_reading, variants, rework)
    assert "申请与初审 › 银行拒绝" in text and "3.5 天" in text
    _same_numbers_in_chinese(readings.paths_reading, variants, rework.assign(cases_reworked=0))
    shown = readings.variant_labels(variants["variant"], lang="zh")
    assert list(shown) == ["申请与初审 › 银行拒绝", "申请与初审 › 审批与决策 › 已放款", "其他路径"]
    assert readings.variant_labels(variants["variant"]).equals(variants["variant"])


def test_cohort_drivers_and_satisfaction_readings_in_chinese() -> None:
    cohorts = pd.DataFrame(
        {"cohort": ["2022-01", "2022-02"], "cohort_size": [100, 300],
         "months_since_disbursement": [12, 24], "share": [0.2, 0.4]}
    )  # fmt: skip
    assert "客户群" in _same_numbers_in_chinese(readings.cohort_reading, cohorts)
    effects = pd.DataFrame(
        {"driver": ["offer", "form fields"], "estimate": [-0.7, 0.1], "effect_pct": [-50.3, 10.5],
         "or_low": [0.4, 1.01], "or_high": [0.6, 1.2], "n": [5000, 5000], "events": [900, 900]}
    )  # fmt: skip
    text = _same_numbers_in_chinese(readings.drivers_reading, effects, maturity_days=180)
    assert text.index("Offer") < text.index("form fields") and "降低 50%" in text
    by_stage = pd.DataFrame(
        {"stage": ["application", "approval"], "csat_mean": [3.21, 3.9], "nps": [-49.0, 10.0]}
    )
    by_outcome = pd.DataFrame({"outcome": ["disbursed", "declined"], "csat_mean": [4.1, 3.8]})
    text = _same_numbers_in_chinese(readings.satisfaction_reading, by_stage, by_outcome)
    assert "申请与初审" in text and "0.30 分" in text


def test_journey_data_reading_in_chinese(small_scale, bpi_data) -> None:
    from journey_utils.journey.dataset import load_journey_data

    data = load_journey_data(small_scale.params)
    assert "个案件" in _same_numbers_in_chinese(readings.journey_data_reading, data)
    text = _same_numbers_in_chinese(readings.journey_data_reading, bpi_data)
    assert "标准事件日志" in text and "信息获取" in text


def test_unknown_language_is_refused() -> None:
    with pytest.raises(InputError, match="report language"):
        readings.funnel_reading(_funnel(), lang="fr")
