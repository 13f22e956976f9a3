"""The summary's journey KPIs are the journey report's own numbers."""

from __future__ import annotations


def test_kpis_match_the_funnel_and_timing_tables(default_scale) -> None:
    from journey_utils.journey.funnel import funnel_table
    from journey_utils.journey.timing import time_to_decision_table
    from journey_utils.summary.journey_kpis import journey_kpis

    log, as_of = default_scale.log, default_scale.params.as_of
    kpis = {k.key: k for k in journey_kpis(log, as_of)}
    funnel = funnel_table(log)
    assert kpis["journey_conversion"].value == funnel["cumulative_conversion"].iloc[-1]
    disbursed = log.loc[log["outcome"] == "disbursed", "application_id"].nunique()
    assert kpis["journey_conversion"].value == disbursed / log["application_id"].nunique()
    assert kpis["median_days_to_decision"].value == time_to_decision_table(log, as_of)["median"][0]
    assert kpis["largest_dropoff_stage"].text == "Approval"
    assert 0 < kpis["largest_dropoff_stage"].value < 1
