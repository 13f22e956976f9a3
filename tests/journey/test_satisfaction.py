"""Satisfaction by stage and outcome: CSAT, share satisfied and NPS against hand computations."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from journey_utils.errors import InputError
from journey_utils.journey.satisfaction import plot_satisfaction, satisfaction_table


def _surveys() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "response_id": [str(i) for i in range(7)],
            "client_id": ["C1", "C1", "C2", "C3", "C4", "C5", "C6"],
            "application_id": ["A1", "A1", "A2", "A3", "A4", "A5", "A9"],
            "stage": [
                "approval",
                "application",
                "application",
                "application",
                "application",
                "approval",
                "approval",
            ],
            "csat": pd.array([2, 5, 4, 3, 2, 4, pd.NA], dtype="Int64"),
            "nps": pd.array([6, 10, 9, 7, 0, 8, 3], dtype="Int64"),
        }
    )


def _applications() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "application_id": ["A1", "A2", "A3", "A4", "A5"],
            "outcome": ["disbursed", "withdrawn", "disbursed", "declined", "withdrawn"],
        }
    )


def test_by_stage_matches_hand_computation():
    table = satisfaction_table(_surveys(), min_cell_size=1)
    assert list(table["stage"]) == ["application", "approval"]  # journey order
    app = table.iloc[0]
    csat = np.array([5, 4, 3, 2.0])
    half = stats.t.ppf(0.975, 3) * csat.std(ddof=1) / 2
    assert app["responses"] == 4
    assert app["csat_mean"] == pytest.approx(3.5)
    assert app["csat_low"] == pytest.approx(3.5 - half)
    assert app["csat_high"] == pytest.approx(3.5 + half)
    assert app["satisfied_share"] == pytest.approx(0.5)
    # nps 10, 9, 7, 0: promoters 0.5, detractors 0.25 -> NPS 25
    se = np.sqrt((0.5 + 0.25 - 0.25**2) / 4)
    assert app["nps"] == pytest.approx(25.0)
    assert app["nps_low"] == pytest.approx(100 * (0.25 - 1.959964 * se), abs=1e-3)
    assert app["nps_high"] == 100.0  # clipped to the scale
    approval = table.iloc[1]
    assert approval["responses"] == 3
    assert approval["csat_responses"] == 2  # one missing CSAT still counts as a response
    assert approval["csat_mean"] == pytest.approx(3.0)
    assert approval["nps"] == pytest.approx(100 * (0 - 2 / 3))


def test_by_outcome_joins_applications_and_keeps_unknown():
    table = satisfaction_table(_surveys(), _applications(), by=("outcome",), min_cell_size=1)
    assert list(table["outcome"]) == ["disbursed", "declined", "withdrawn", "unknown"]
    counts = table.set_index("outcome")["responses"].to_dict()
    assert counts == {"disbursed": 3, "declined": 1, "withdrawn": 2, "unknown": 1}
    assert table["responses"].sum() == len(_surveys())
    withdrawn = table.set_index("outcome").loc["withdrawn"]
    assert withdrawn["csat_mean"] == pytest.approx(4.0)
    both = satisfaction_table(_surveys(), _applications(), by=("stage", "outcome"), min_cell_size=1)
    assert both["responses"].sum() == len(_surveys())
    overall = satisfaction_table(_surveys(), by=(), min_cell_size=1)
    assert overall.loc[0, "responses"] == 7
    assert overall.loc[0, "csat_mean"] == pytest.approx(20 / 6)


def test_bad_input_is_refused():
    with pytest.raises(InputError, match="csat"):
        satisfaction_table(
            _surveys().assign(csat=pd.array([1, 2, 3, 9, 4, 4, 4], "Int64")), min_cell_size=1
        )
    with pytest.raises(InputError, match="applications"):
        satisfaction_table(_surveys(), by=("outcome",), min_cell_size=1)
    with pytest.raises(InputError, match="nps"):
        satisfaction_table(_surveys().drop(columns="nps"), min_cell_size=1)


def test_plot_draws_the_table():
    surveys, apps = _surveys(), _applications()
    table = satisfaction_table(surveys, apps, by=("outcome",), min_cell_size=1)
    ax = plot_satisfaction(table, by="outcome", measure="nps")
    ys = [line.get_ydata()[0] for line in ax.get_lines() if line.get_marker() == "o"]
    assert ys == pytest.approx(list(table["nps"]))
    by_stage = satisfaction_table(surveys, by=("stage",), confidence=0.9, min_cell_size=1)
    ax = plot_satisfaction(by_stage, by="stage", lang="zh")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["申请与初审", "审批与决策"]
    assert "90%" in ax.get_title()
    with pytest.raises(InputError, match="measure"):
        plot_satisfaction(by_stage, measure="ces")


def test_totals_on_generated_surveys(small_scale):
    surveys = small_scale.table("surveys")
    apps = small_scale.table("applications")
    by_stage = satisfaction_table(surveys, min_cell_size=1)
    by_outcome = satisfaction_table(surveys, apps, by=("outcome",), min_cell_size=1)
    assert by_stage["responses"].sum() == len(surveys) == by_outcome["responses"].sum()
    assert (by_stage["csat_low"] <= by_stage["csat_mean"]).all()
    assert (by_stage["csat_mean"] <= by_stage["csat_high"]).all()
