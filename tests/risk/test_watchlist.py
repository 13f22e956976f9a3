"""Tests of the high-risk watchlist: masking, Wilson bounds, ordering, the per-loan frame, the
NPL definitions' reconciliation, and the planted industry effects at the default scale."""

from __future__ import annotations

import json
from datetime import date

import matplotlib
import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from journey_utils.errors import InputError
from journey_utils.plotting import style_table
from journey_utils.risk.watchlist import (
    loan_status,
    npl_definitions_table,
    plot_watchlist,
    watchlist_frame,
    watchlist_reading,
    watchlist_table,
)
from text_checks import chinese_table_leftovers, has_cjk, same_numbers

matplotlib.use("Agg")


def _frame(groups: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """A per-loan frame: for each group (n loans, k NPL)."""
    rows = [
        {"industry": g, "npl": int(i < k), "pd": 0.05}
        for g, (n, k) in groups.items()
        for i in range(n)
    ]
    return pd.DataFrame(rows)


def test_counts_rates_and_wilson_bounds() -> None:
    table = watchlist_table(_frame({"a": (40, 10), "b": (60, 3)}), "industry", min_cell_size=5)
    row = table.set_index("industry").loc["a"]
    low, high = proportion_confint(10, 40, alpha=0.05, method="wilson")
    assert (row["n"], row["npl"]) == (40, 10)
    assert row["npl_rate"] == pytest.approx(0.25)
    assert (row["npl_rate_low"], row["npl_rate_high"]) == pytest.approx((low, high))
    assert table.attrs["portfolio_rate"] == pytest.approx(13 / 100)
    assert row["lift"] == pytest.approx(0.25 / 0.13)
    assert row["mean_pd"] == pytest.approx(0.05)
    assert bool(row["above_portfolio"]) is (low > 0.13)


def test_small_groups_masked_and_last() -> None:
    table = watchlist_table(
        _frame({"big": (50, 2), "tiny": (3, 3), "mid": (30, 9)}), "industry", min_cell_size=5
    )
    assert list(table["industry"]) == ["mid", "big", "tiny"]
    tiny = table.iloc[-1]
    assert bool(tiny["masked"])
    assert pd.isna(tiny["n"]) and pd.isna(tiny["npl_rate"]) and pd.isna(tiny["npl"])
    ax = plot_watchlist(table)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "tiny" not in labels and len(labels) == 2
    assert "tiny" not in watchlist_reading(table, "industry")
    assert "1 industry group(s)" in watchlist_reading(table, "industry")


def test_credible_groups_come_first() -> None:
    # 'sure' has a lower rate than 'noisy' but an interval wholly above the portfolio.
    frame = _frame({"sure": (400, 120), "noisy": (5, 2), "base": (2000, 300)})
    table = watchlist_table(frame, "industry", min_cell_size=5)
    assert table["industry"].tolist() == ["sure", "base", "noisy"]  # then by the lower bound
    assert table["above_portfolio"].astype(bool).tolist() == [True, False, False]
    reading = watchlist_reading(table, "industry")
    assert reading.startswith("1 of 3 industry groups") and "sure" in reading


def test_bad_outcome_and_missing_columns_stop() -> None:
    frame = _frame({"a": (5, 1)})
    with pytest.raises(InputError, match="0/1"):
        watchlist_table(frame.assign(npl=2), "industry", min_cell_size=1)
    with pytest.raises(InputError, match="score"):
        watchlist_table(frame, "industry", predicted="score", min_cell_size=1)
    assert (
        "mean_pd"
        not in watchlist_table(frame.drop(columns="pd"), "industry", min_cell_size=1).columns
    )


def _tiny_loans() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Three loans: L1 NPL on book, L2 repaid (normal, off book), L3 NPL once and cured, on book,
    plus a month after as_of that must be ignored."""
    apps = pd.DataFrame(
        {
            "application_id": ["L1", "L2", "L3", "L4"],
            "client_id": ["C1", "C1", "C2", "C3"],
            "disbursed_at": pd.to_datetime(["2024-01-10", "2024-02-01", "2024-03-01", None]),
        }
    )
    months = pd.to_datetime(["2025-11-30", "2025-12-31"])
    perf = pd.DataFrame(
        {
            "application_id": ["L1", "L1", "L2", "L3", "L3", "L3"],
            "month": [*months, months[0], *months, pd.Timestamp("2026-01-31")],
            "balance": [100.0, 100.0, 0.0, 50.0, 50.0, 50.0],
            "classification": [
                "special_mention", "substandard", "normal", "substandard", "normal", "loss",
            ],
        }
    )  # fmt: skip
    c360 = pd.DataFrame(
        {
            "client_id": ["C1", "C2", "C3"],
            "industry": ["a", "b", "a"],
            "region": ["x", "y", "x"],
            "npl": [True, True, None],
        }
    )
    return apps, perf, c360


def test_loan_status_classes_at_as_of() -> None:
    apps, perf, _ = _tiny_loans()
    status = loan_status(apps, perf, date(2025, 12, 31)).set_index("application_id")
    assert list(status.index) == ["L1", "L2", "L3"]  # L4 never disbursed
    assert status.loc["L1", ["on_book", "npl", "ever_npl"]].tolist() == [True, 1, 1]
    assert status.loc["L2", ["on_book", "npl", "ever_npl"]].tolist() == [False, 0, 0]
    assert status.loc["L3", ["on_book", "npl", "ever_npl"]].tolist() == [True, 0, 1]
    assert status.loc["L2", "balance"] == 0.0


def test_npl_definitions_reconcile() -> None:
    apps, perf, c360 = _tiny_loans()
    loans = watchlist_frame(
        apps, perf, c360, date(2025, 12, 31), attributes=("industry",), on_book_only=False
    )
    table = npl_definitions_table(loans, c360).set_index("definition")
    assert table["units"].tolist() == [2, 3, 3, 2]
    assert table["npl"].tolist() == [1, 1, 2, 2]
    assert table.loc["loan, class at as-of date", "npl_balance_share"] == pytest.approx(100 / 150)
    shown = style_table(table.reset_index(), lang="zh")
    assert chinese_table_leftovers(shown) == [] and "风险观察名单" in shown.to_html()
    on_book = watchlist_frame(apps, perf, c360, date(2025, 12, 31), attributes=("industry",))
    assert sorted(on_book["application_id"]) == ["L1", "L3"]


def test_unknown_classification_stops() -> None:
    apps, perf, _ = _tiny_loans()
    perf.loc[0, "classification"] = "bad"
    with pytest.raises(InputError, match="unknown classification"):
        loan_status(apps, perf, date(2025, 12, 31))


# --------------------------------------------------------------------------- default scale


@pytest.fixture(scope="module")
def default_loans(default_portfolio) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    params = default_portfolio

    def table(name: str) -> pd.DataFrame:
        return pd.read_parquet(params.processed_dir / f"{name}.parquet")

    truth = json.loads((params.root / "truth" / "truth.json").read_text(encoding="utf-8"))
    c360 = table("client_360")
    loans = watchlist_frame(
        table("applications"), table("loan_performance"), c360, params.as_of, on_book_only=False
    )
    return loans, c360, truth


def test_planted_riskier_industries_rank_above_software(default_loans) -> None:
    loans, _, truth = default_loans
    effects = truth["default"]["industry"]
    table = watchlist_table(loans[loans["on_book"]], "industry", min_cell_size=10)
    rate = table.set_index("industry")["npl_rate"].astype(float)
    assert effects["real_estate"] > effects["construction"] > effects["software_it"]
    assert rate["real_estate"] > rate["construction"] > rate["software_it"]
    assert rate.idxmax() == "real_estate"
    assert bool(table.set_index("industry").loc["real_estate", "above_portfolio"])


def test_definitions_reconcile_with_client_360(default_loans) -> None:
    loans, c360, _ = default_loans
    table = npl_definitions_table(loans, c360).set_index("definition")
    clients_ever = loans.groupby("client_id")["ever_npl"].max()
    assert table.loc["client, worst class ever", "npl"] == int(clients_ever.sum())
    assert table.loc["client, worst class ever", "units"] == loans["client_id"].nunique()
    assert table.loc["loan, latest class", "units"] == len(loans)
    on_book = table.loc["loan, class at as-of date"]
    assert on_book["units"] == int(loans["on_book"].sum()) < len(loans)
    assert on_book["npl"] <= table.loc["loan, NPL at any month-end", "npl"]
    assert 0 < on_book["npl_balance_share"] < 1
    assert np.isfinite(table["npl_rate"]).all()


@pytest.mark.parametrize(
    "groups",
    [
        {"real_estate": (400, 120), "noisy": (3, 2), "software_it": (2000, 300)},  # one above
        {"real_estate": (100, 10), "software_it": (100, 12)},  # none above
        {"a": (3, 1)},  # nothing publishable
        {f"g{i}": (300, 90) for i in range(5)} | {"base": (5000, 200)},  # more than three above
    ],
)
def test_reading_in_chinese_keeps_the_numbers(groups) -> None:
    table = watchlist_table(_frame(groups), "industry", min_cell_size=5)
    english = watchlist_reading(table, "industry")
    chinese = watchlist_reading(table, "industry", lang="zh")
    assert has_cjk(chinese) and not has_cjk(english)
    assert same_numbers(english, chinese), (english, chinese)
    assert "行业" in chinese


def test_chinese_reading_and_chart_name_groups_in_chinese() -> None:
    frame = _frame({"real_estate": (400, 120), "software_it": (2000, 300)})
    table = watchlist_table(frame, "industry", min_cell_size=5)
    assert "房地产业" in watchlist_reading(table, "industry", lang="zh")
    ax = plot_watchlist(table, lang="zh")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["房地产业", "软件和信息技术"]
    assert ax.get_title() == "不良贷款率：按行业"
    assert plot_watchlist(table).get_title() == "NPL rate by industry"
