"""The real BPI 2012 log re-counted against its publisher's figures and the raw file."""

from __future__ import annotations

import pytest


def test_every_published_figure_agrees(bpi_data) -> None:
    from journey_utils.journey.reference import published_check

    check = published_check(bpi_data)
    assert set(check["figure"]) == {
        "cases",
        "events",
        "disbursed_cases",
        "declined_cases",
        "withdrawn_cases",
        "open_cases",
    }
    assert check["agrees"].all(), check[~check["agrees"]].to_string()


def test_throughput_from_the_log_matches_an_independent_raw_recount(bpi_data) -> None:
    from journey_utils.journey.reference import throughput_check

    check = throughput_check(bpi_data).set_index("counted_from")
    ours, raw = check.iloc[0], check.iloc[1]
    published = dict(bpi_data.params.event_log.published)  # the publisher's figures
    assert ours["cases"] == raw["cases"] == published["cases"]
    assert ours["median_days"] == pytest.approx(raw["median_days"], abs=0.01)
    # only the ignored activity (12 late contract changes) may stretch the raw mean
    assert 0 <= raw["mean_days"] - ours["mean_days"] < 0.05


def test_a_portfolio_publishes_no_figures(small_scale) -> None:
    from journey_utils.journey.dataset import load_journey_data
    from journey_utils.journey.reference import published_check

    data = load_journey_data(small_scale.params)
    assert published_check(data).empty
