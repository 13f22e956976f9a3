"""Client cohorts of first disbursement: a hand-made example with known returns, missing cells
after as_of, and monotone cumulative shares on generated data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.journey import cohorts
from text_checks import has_cjk

AS_OF = "2024-06-30"


def _case(case: str, client: str, outcome: str, start: str, paid: str | None = None) -> list:
    rows = [(case, client, "application", "entered", start, outcome)]
    if paid is not None:
        rows.append((case, client, "contract_disbursement", "completed", paid, outcome))
    return rows


def _log() -> pd.DataFrame:
    rows = [
        *_case("A1", "C1", "disbursed", "2023-12-01", "2024-01-15"),
        *_case("B1", "C1", "in_progress", "2024-03-10"),  # back in month 2
        *_case("A2", "C2", "disbursed", "2023-12-05", "2024-01-20"),  # never back
        *_case("A3", "C3", "disbursed", "2024-01-10", "2024-02-05"),
        *_case("B3", "C3", "withdrawn", "2024-02-25"),  # back within the same month: from k = 1
        *_case("X4", "C4", "declined", "2023-11-01"),  # declined first: not a disbursement
        *_case("A4", "C4", "disbursed", "2024-01-02", "2024-02-10"),
        *_case("B4", "C4", "in_progress", "2024-06-01"),  # back in month 4
        ("A5", "C5", "application", "entered", "2023-12-20", "disbursed"),
        ("A5", "C5", "post_loan", "entered", "2024-01-31", "disbursed"),  # no contract event
    ]
    frame = pd.DataFrame(
        rows, columns=["application_id", "client_id", "stage", "status", "ts", "outcome"]
    )
    frame["ts"] = pd.to_datetime(frame["ts"])
    return frame


def test_hand_made_cohorts_with_known_returns() -> None:
    table = cohorts.cohorts_table(_log(), AS_OF, months=6, min_cell_size=1)
    wide = table.pivot(index="cohort", columns="months_since_disbursement", values="share")
    jan, feb = pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")
    assert list(wide.index) == [jan, feb]
    sizes = table.groupby("cohort")["cohort_size"].first()
    assert sizes[jan] == 3 and sizes[feb] == 2
    np.testing.assert_allclose(wide.loc[jan, 1:5], [0, 1 / 3, 1 / 3, 1 / 3, 1 / 3])
    np.testing.assert_allclose(wide.loc[feb, 1:4], [0.5, 0.5, 0.5, 1.0])
    assert wide.loc[jan, 6:].isna().all()  # July 2024 has not ended by as_of
    assert wide.loc[feb, 5:].isna().all()
    assert table["returned"].isna().sum() == 3


def test_first_disbursement_rule() -> None:
    first = cohorts.first_disbursements(_log()).set_index("client_id")
    assert first.loc["C4", "application_id"] == "A4"
    assert first.loc["C5", "disbursed_at"] == pd.Timestamp("2024-01-31")  # post_loan fallback


def test_months_must_be_positive() -> None:
    with pytest.raises(InputError, match="cohort_months"):
        cohorts.cohorts_table(_log(), AS_OF, months=0, min_cell_size=1)


def test_generated_cohorts_monotone_and_missing_after_as_of(small_scale) -> None:
    as_of = pd.Timestamp(small_scale.params.as_of)
    table = cohorts.cohorts_table(small_scale.log, as_of, months=36, min_cell_size=1)
    assert table["months_since_disbursement"].max() == 36
    last = as_of.year * 12 + as_of.month - 1  # as_of is a month end: its month has ended
    months = table["cohort"].dt.year * 12 + table["cohort"].dt.month - 1
    ended = months + table["months_since_disbursement"] <= last
    assert table["share"].notna().eq(ended).all()
    for _, part in table.dropna(subset=["share"]).groupby("cohort"):
        assert (np.diff(part["share"].to_numpy()) >= 0).all()
    assert table.groupby("cohort")["cohort_size"].first().sum() == table.attrs["clients"]


def test_plots_draw_the_table() -> None:
    table = cohorts.cohorts_table(_log(), AS_OF, months=6, min_cell_size=1)
    ax = cohorts.plot_cohorts(table)
    assert ax.collections[0].get_array().count() == table["share"].notna().sum()
    ax = cohorts.plot_cohorts(table, kind="curves", lang="zh")
    assert len(ax.get_lines()) == table["cohort"].nunique() + 1  # a line per cohort, the mean
    assert has_cjk(ax.get_xlabel()) and has_cjk(ax.get_ylabel())
    with pytest.raises(InputError, match="heatmap, curves"):
        cohorts.plot_cohorts(table, kind="bars")
    plt.close("all")
