"""A run's journey data: the checked log, its quality report and the tables beside it."""

from __future__ import annotations


def test_portfolio_data_is_checked_and_offers_its_tables(small_scale) -> None:
    from journey_utils.journey.dataset import load_journey_data

    data = load_journey_data(small_scale.params)
    assert len(data.log) == len(small_scale.log)  # a clean conformed log loses nothing
    assert data.has("surveys") and data.has("applications") and data.imported is None
    assert data.repeat_clients
    quality = data.quality_frame()
    assert {"rule", "events", "cases", "action"} <= set(quality.columns)
    single = quality.set_index("rule").loc["case with a single event", "cases"]
    per_case = small_scale.log.groupby("application_id").size()
    assert single == int((per_case == 1).sum())


def test_event_log_data_has_only_the_journey_log(bpi_data) -> None:
    assert bpi_data.has("journey_log") and not bpi_data.has("surveys")
    assert bpi_data.imported is not None and bpi_data.imported.counts.reconciles()
    assert not bpi_data.repeat_clients
    assert "last_activity_at" in bpi_data.log.columns
