"""Financial ratio distributions: quantiles and warning shares against direct computation, the
thresholds themselves, masking and the chart."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from journey_utils.financial_health import (
    RATIO_WARNINGS,
    plot_ratio_distributions,
    ratio_distribution_table,
    ratio_reading,
)

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
    table = ratio_distribution_table(clients, by="industry", min_cell_size=10)
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
    table = ratio_distribution_table(clients, by="industry", min_cell_size=10)
    small = table[table["industry"] == "hospitality"]
    assert small["masked"].all() and small["median"].isna().all()
    assert "hospitality" not in ratio_reading(table)
    fig = plot_ratio_distributions(table)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["software it", "textiles"]


def test_by_grade_band_derives_the_band(clients: pd.DataFrame) -> None:
    clients = clients.assign(
        internal_rating=["AA"] * 40 + ["CC"] * 20, bureau_score=[820] * 40 + [600] * 20
    )
    table = ratio_distribution_table(clients, by="grade_band")
    assert table["grade_band"].drop_duplicates().tolist() == ["investment_grade", "sub_standard"]
    assert "Share of clients beyond each warning line" in ratio_reading(table)
