"""Written readings quote the numbers of the tables they read, never other ones."""

from __future__ import annotations

import pandas as pd

from journey_utils.journey import readings
from journey_utils.plotting import format_pct


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
            "coef": [0.1, -0.7],
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
