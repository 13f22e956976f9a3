"""Financial ratio distributions: quantiles and warning shares against direct computation, the
thresholds themselves, masking and the chart."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from journey_utils.plotting import style_table
from journey_utils.profiling.financial_health import (
    RATIO_WARNINGS,
    plot_ratio_distributions,
    ratio_distributions_table,
    ratio_reading,
)
from text_checks import chinese_table_leftovers
from text_checks import chinese_with_same_numbers as same_numbers

matplotlib.use("Agg")


@pytest.fixture
def clients() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 60
    frame = pd.DataFrame(
        {
            "industry": ["textiles"] * 30 + ["software_it"] * 25 + ["hospitality"] * 5,
            "leverage": rng.uniform(0.2, 0.9, n),
            "current_ratio": rng.uniform(0.5, 3, n),
            "interest_cover": rng.normal(3, 4, n),
            "net_margin": rng.normal(0.02, 0.05, n),
        }
    )
    # values exactly at the warning lines are not beyond them
    frame.loc[0, ["leverage", "current_ratio", "interest_cover", "net_margin"]] = [0.7, 1, 1.5, 0]
    frame.loc[1, "leverage"] = np.nan
    return frame


def test_quantiles_and_warning_shares(clients: pd.DataFrame) -> None:
    table = ratio_distributions_table(clients, by="industry", min_cell_size=10)
    row = table[(table["ratio"] == "leverage") & (table["industry"] == "textiles")].iloc[0]
    values = clients.loc[clients["industry"] == "textiles", "leverage"].dropna()
    assert row["clients"] == len(values) == 29
    assert row["median"] == pytest.approx(values.median())
    assert row["p25"] == pytest.approx(values.quantile(0.25))
    assert row["p95"] == pytest.approx(values.quantile(0.95))
    assert row["warning_share"] == pytest.approx((values > 0.7).mean())
    margin = table[(table["ratio"] == "net_margin") & (table["industry"] == "textiles")].iloc[0]
    textiles = clients.loc[clients["industry"] == "textiles", "net_margin"]
    assert margin["warning_share"] == pytest.approx((textiles < 0).mean())
    assert table["ratio"].drop_duplicates().tolist() == list(RATIO_WARNINGS)


def test_small_groups_are_masked(clients: pd.DataFrame) -> None:
    table = ratio_distributions_table(clients, by="industry", min_cell_size=10)
    small = table[table["industry"] == "hospitality"]
    assert small["masked"].all() and small["median"].isna().all()
    assert "hospitality" not in ratio_reading(table)
    fig = plot_ratio_distributions(table)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Software & IT", "textiles"]  # codes as the vocabulary's words


def test_by_grade_band_derives_the_band(clients: pd.DataFrame) -> None:
    clients = clients.assign(
        internal_rating=["AA"] * 40 + ["CC"] * 20, bureau_score=[820] * 40 + [600] * 20
    )
    table = ratio_distributions_table(clients, by="grade_band", min_cell_size=1)
    assert table["grade_band"].drop_duplicates().tolist() == ["investment_grade", "sub_standard"]
    assert "Share of clients beyond each warning line" in ratio_reading(table)


def test_reading_table_and_chart_in_chinese(clients: pd.DataFrame) -> None:
    english = ratio_reading(ratio_distributions_table(clients, by="industry", min_cell_size=10))
    table = ratio_distributions_table(clients, by="industry", min_cell_size=10, lang="zh")
    chinese = ratio_reading(table, lang="zh")
    assert same_numbers(english, chinese), (english, chinese)
    assert "**资产负债率** > 70%（负债超过资产的 70%）" in chinese and "纺织业" in chinese
    assert table.loc[table["ratio"] == "net_margin", "warning"].eq("< 0（亏损）").all()
    fig = plot_ratio_distributions(table, lang="zh")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["软件和信息技术", "纺织业"]
    assert fig.axes[0].get_title() == "资产负债率（负债 / 资产）"
    shown = style_table(table.drop(columns=["p5", "p95"]), lang="zh")  # as the report shows it
    assert chinese_table_leftovers(shown) == []
    beyond = table.pivot(index="industry", columns="ratio", values="warning_share").reset_index()
    assert chinese_table_leftovers(style_table(beyond, lang="zh")) == []  # ratios as headers
