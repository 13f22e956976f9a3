"""The summary's journey KPIs are the journey report's own numbers."""

from __future__ import annotations


def test_kpis_match_the_funnel_and_timing_tables(default_scale) -> None:
    """Conversion and time to decision equal the funnel and timing tables; the largest drop-out
    stage is recounted from the cases themselves: each case that ended without a loan (open
    cases left aside) counted once at the furthest stage it reached."""
    from journey_utils.journey.cases import case_table
    from journey_utils.journey.funnel import funnel_table
    from journey_utils.journey.timing import time_to_decision_table
    from journey_utils.summary.journey_kpis import journey_kpis
    from journey_utils.vocabulary import stage_label

    log, as_of = default_scale.log, default_scale.params.as_of
    kpis = {k.key: k for k in journey_kpis(log, as_of)}
    funnel = funnel_table(log, min_cell_size=1)
    assert kpis["journey_conversion"].value == funnel["cumulative_conversion"].iloc[-1]
    disbursed = log.loc[log["outcome"] == "disbursed", "application_id"].nunique()
    assert kpis["journey_conversion"].value == disbursed / log["application_id"].nunique()
    assert (
        kpis["median_days_to_decision"].value
        == time_to_decision_table(log, as_of, min_cell_size=1)["median"][0]
    )
    cases = case_table(log, attributes=[])
    ended = cases[~cases["outcome"].isin(["disbursed", "in_progress"])]
    lost = ended["furthest_stage"].value_counts()
    assert lost.iloc[0] > lost.iloc[1]  # one clear largest stage, so the check cannot tie
    assert kpis["largest_dropoff_stage"].text == stage_label(lost.index[0])
    assert kpis["largest_dropoff_stage"].value == lost.iloc[0] / len(ended)
