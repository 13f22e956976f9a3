"""Drop-off: every case counted once at its furthest stage, shares with Wilson intervals, and
the timing of drop-outs, on a hand-made log and on generated data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from journey_utils.errors import InputError
from journey_utils.journey import dropoff
from journey_utils.journey.cases import case_table

T0 = pd.Timestamp("2025-01-01")


def _log() -> pd.DataFrame:
    """Six cases: a lead abandoned at information, one withdrawn and one open at application, one
    declined at approval, two disbursed."""
    rows = [
        ("L", "information", "entered", 0, "abandoned", "web"),
        ("W", "information", "entered", 0, "withdrawn", "web"),
        ("W", "application", "entered", 2, "withdrawn", "web"),
        ("W", "application", "completed", 5, "withdrawn", "web"),  # in stage for 3 days
        ("O", "application", "entered", 1, "in_progress", "branch"),
        ("D", "application", "entered", 0, "declined", "branch"),
        ("D", "due_diligence", "entered", 4, "declined", "branch"),
        ("D", "approval", "entered", 20, "declined", "branch"),
        ("D", "approval", "completed", 26, "declined", "branch"),
    ]
    for case in ("P1", "P2"):
        rows += [
            (case, "application", "entered", 0, "disbursed", "web"),
            (case, "approval", "completed", 10, "disbursed", "web"),
            (case, "contract_disbursement", "entered", 12, "disbursed", "web"),
            (case, "contract_disbursement", "completed", 15, "disbursed", "web"),
        ]
    frame = pd.DataFrame(
        rows, columns=["application_id", "stage", "status", "day", "outcome", "channel"]
    )
    frame["client_id"] = "C-" + frame["application_id"]
    frame["ts"] = T0 + pd.to_timedelta(frame.pop("day"), unit="D")
    return frame


def test_hand_made_counts_and_shares() -> None:
    table = dropoff.dropoff_table(_log()).set_index(["stage", "outcome"])
    assert table.loc[("information", "abandoned"), "cases"] == 1
    assert table.loc[("information", "abandoned"), "reached"] == 2
    assert table.loc[("application", "withdrawn"), "cases"] == 1
    assert table.loc[("application", "in_progress"), "cases"] == 1
    assert table.loc[("application", "withdrawn"), "reached"] == 5
    assert table.loc[("approval", "declined"), "share"] == pytest.approx(1 / 3)
    low, high = proportion_confint(1, 3, method="wilson")
    assert table.loc[("approval", "declined"), "share_low"] == pytest.approx(low)
    assert table.loc[("approval", "declined"), "share_high"] == pytest.approx(high)
    assert table["cases"].sum() + table.attrs["disbursed"] == table.attrs["cases"] == 6


def test_grouped_counts_add_up_to_overall() -> None:
    overall = dropoff.dropoff_table(_log())
    grouped = dropoff.dropoff_table(_log(), by="channel")
    sums = grouped.groupby(["stage", "outcome"])["cases"].sum()
    assert sums.to_dict() == overall.set_index(["stage", "outcome"])["cases"].to_dict()


def test_timing_from_start_and_in_stage() -> None:
    table = dropoff.dropoff_timing_table(_log(), abandon_after_days=60, min_cell_size=1).set_index(
        ["stage", "outcome"]
    )
    assert table.loc[("application", "withdrawn"), "days_from_start_median"] == pytest.approx(5.0)
    assert table.loc[("application", "withdrawn"), "days_in_stage_median"] == pytest.approx(3.0)
    assert table.loc[("approval", "declined"), "days_in_stage_median"] == pytest.approx(6.0)
    assert ("application", "in_progress") not in table.index  # open cases have not dropped
    assert table.attrs["abandon_after_days"] == 60
    assert (table["abandon_after_days"] == 60).all()


def test_plot_needs_one_group_and_draws_the_shares() -> None:
    grouped = dropoff.dropoff_table(_log(), by="channel")
    with pytest.raises(InputError, match="valid: branch, web"):
        dropoff.plot_dropoff(grouped)
    ax = dropoff.plot_dropoff(grouped, group="web", lang="zh")
    web = grouped[(grouped["channel"] == "web") & (grouped["share"] > 0)]
    heights = sorted(round(p.get_height(), 9) for p in ax.patches if p.get_height() > 0)
    assert heights == sorted(round(v, 9) for v in web["share"])
    plt.close("all")


def test_every_case_counted_once_on_generated_data(small_scale) -> None:
    log = small_scale.log
    table = dropoff.dropoff_table(log)
    cases = case_table(log, attributes=[])
    direct = cases[cases["outcome"] != "disbursed"].groupby(["furthest_stage", "outcome"]).size()
    counted = table[table["cases"] > 0].set_index(["stage", "outcome"])["cases"]
    assert counted.sort_index().to_dict() == direct.sort_index().to_dict()
    disbursed = int((cases["outcome"] == "disbursed").sum())
    assert table["cases"].sum() + disbursed == log["application_id"].nunique()
    reached = log.groupby("stage")["application_id"].nunique()
    assert table.groupby("stage")["reached"].first().to_dict() == reached.to_dict()
