"""Pain-point groups: counts reconcile with the inputs, rates and Wilson intervals, the ranking,
masking of small groups and the reading."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from journey_utils.plotting import style_table
from journey_utils.profiling.pain_points import (
    pain_point_groups_table,
    pain_point_reading,
    plot_pain_point_groups,
)
from text_checks import CJK, chinese_table_leftovers
from text_checks import chinese_with_same_numbers as same_numbers

matplotlib.use("Agg")


@pytest.fixture
def data() -> tuple[pd.DataFrame, pd.DataFrame]:
    """40 clients (30 textiles, 10 hospitality, 4 agriculture) and their applications."""
    industries = ["textiles"] * 30 + ["hospitality"] * 10 + ["agriculture"] * 4
    n = len(industries)
    clients = pd.DataFrame(
        {
            "client_id": [f"C{i}" for i in range(n)],
            "industry": industries,
            "employees": [10] * 20 + [500] * (n - 20),
            "firm_age_years": [3.0] * 20 + [20.0] * (n - 20),
            "revenue_growth": [0.0] * n,
            "mean_csat": [2.0] * 6 + [4.0] * 24 + [2.5] * 8 + [np.nan] * 2 + [4.0] * 4,
        }
    )
    outcomes = ["withdrawn", "disbursed", "abandoned", "declined", "in_progress"]
    apps = pd.DataFrame(
        {
            "client_id": [f"C{i % n}" for i in range(3 * n)],
            "outcome": [outcomes[i % 5] for i in range(3 * n)],
            "first_response_hours": [
                np.nan if i % 7 == 0 else 12.0 * (i % 9) for i in range(3 * n)
            ],
        }
    )
    return clients, apps


def test_counts_reconcile_with_the_inputs(data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    clients, apps = data
    table = pain_point_groups_table(clients, apps, by=("industry", "size_band"), min_cell_size=1)
    for dimension in ("industry", "size_band"):
        part = table[table["group_by"] == dimension].set_index("pain_point")
        totals = part.groupby(level=0)[["base", "affected"]].sum()
        ended = apps[apps["outcome"] != "in_progress"]
        assert totals.loc["dropout_before_decision", "base"] == len(ended)
        assert (
            totals.loc["dropout_before_decision", "affected"]
            == ended["outcome"].isin(["withdrawn", "abandoned"]).sum()
        )
        answered = apps["first_response_hours"].dropna()
        assert totals.loc["slow_first_response", "base"] == len(answered)
        assert totals.loc["slow_first_response", "affected"] == (answered > 48).sum()
        assert totals.loc["dissatisfied", "base"] == clients["mean_csat"].notna().sum()
        assert totals.loc["dissatisfied", "affected"] == (clients["mean_csat"] < 3).sum()


def test_rates_intervals_and_ranking(data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    clients, apps = data
    table = pain_point_groups_table(clients, apps, by=("industry",), min_cell_size=1)
    row = table[(table["group"] == "hospitality") & (table["pain_point"] == "dissatisfied")].iloc[0]
    assert (row["clients"], row["base"], row["affected"]) == (8, 8, 8)
    assert row["rate"] == 1.0
    low, high = proportion_confint(8, 8, method="wilson")
    assert row["rate_low"] == pytest.approx(low) and row["rate_high"] == pytest.approx(high)
    assert row["portfolio_rate"] == pytest.approx(14 / 42)
    assert row["lift"] == pytest.approx(1 / (14 / 42))
    assert bool(row["above_portfolio"])
    assert table["rank"].tolist() == list(range(1, len(table) + 1))
    assert table["lift"].is_monotonic_decreasing


def test_small_groups_are_masked_and_ranked_last(data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    clients, apps = data
    table = pain_point_groups_table(clients, apps, by=("industry",), min_cell_size=10)
    small = table["masked"]
    assert small.any()
    assert not small.iloc[: (~small).sum()].any()  # masked rows come last
    assert table.loc[small, ["base", "affected", "rate", "lift"]].isna().all().all()
    masked = set(zip(table.loc[small, "group"], table.loc[small, "pain_point"], strict=True))
    assert ("agriculture", "dropout_before_decision") in masked  # 4 clients, 12 applications
    assert ("hospitality", "dissatisfied") in masked  # 8 surveyed clients
    assert not any(g == "textiles" for g, _ in masked)
    assert table.loc[small, "rank"].isna().all()
    reading = pain_point_reading(table)
    assert "agriculture" not in reading and "Sharpest pain points" in reading
    ax = plot_pain_point_groups(table)  # the top 10 unmasked rows, highest lift on top
    shown = table[~small].head(10)
    (points,) = ax.containers
    assert np.allclose(points.lines[0].get_xdata(), shown["rate"].astype(float)[::-1])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(shown)
    assert not any(label.startswith("agriculture") for label in labels)  # masked everywhere
    assert not any(
        label.startswith("hospitality") and label.endswith("dissatisfied") for label in labels
    )


def test_without_applications_only_satisfaction(data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    clients, _ = data
    table = pain_point_groups_table(clients, by=("lifecycle_stage",), min_cell_size=1)
    assert set(table["pain_point"]) == {"dissatisfied"}
    assert set(table["group"]) == {"start_up", "mature"}


def test_reading_and_chart_in_chinese(data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    clients, apps = data
    english = pain_point_reading(pain_point_groups_table(clients, apps, min_cell_size=10))
    table = pain_point_groups_table(clients, apps, min_cell_size=10, lang="zh")
    chinese = pain_point_reading(table, lang="zh")
    assert same_numbers(english, chinese), (english, chinese)
    assert "痛点最突出的客户群" in chinese and "95% 置信区间" in chinese
    assert table["definition"].map(lambda d: bool(CJK.search(d))).all()
    labels = [t.get_text() for t in plot_pain_point_groups(table, lang="zh").get_yticklabels()]
    assert labels and all(CJK.search(label) for label in labels)
    assert pain_point_reading(table.iloc[0:0], lang="zh") == "没有客户群达到可披露的规模。"
    shown = table.drop(columns=["definition"])  # as the report shows it
    assert chinese_table_leftovers(style_table(shown, lang="zh")) == []
    definitions = style_table(table[["pain_point", "definition"]].drop_duplicates(), lang="zh")
    assert chinese_table_leftovers(definitions) == []
