"""The monthly trend: known monthly figures planted in tiny processed tables come back, months
before the data begins are missing (never zero), and the changes are against the month before
and the same month a year earlier. On the default portfolio the trend's last NPL ratio, the
headline tile and the watchlist's book rate are one figure (one definition on the page)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journey_utils.params.run import load_params
from journey_utils.plotting import style_table
from journey_utils.summary.trend import (
    last_complete_month,
    monthly_figures,
    sparkline_svg,
    trend_table,
)
from text_checks import chinese_table_leftovers


def _planted(params, months: pd.DatetimeIndex) -> None:
    """Month k (0-based) has 10 + k applications, k % 3 disbursed loans, an NPL ratio of
    (k % 4) / 10 among 10 loans on the book (plus one paid-off NPL loan that must not count)
    and CSAT 3 + k / 100."""
    apps, perf, surveys = [], [], []
    for k, month_end in enumerate(months):
        day = month_end - pd.Timedelta(days=3)
        for i in range(10 + k):
            apps.append({"application_id": f"A{k}-{i}", "started_at": day,
                         "outcome": "disbursed" if i < k % 3 else "declined",
                         "disbursed_at": day if i < k % 3 else pd.NaT})  # fmt: skip
        for i in range(10):
            perf.append({"application_id": f"L{i}", "month": month_end, "balance": 100.0,
                         "classification": "substandard" if i < k % 4 else "normal"})  # fmt: skip
        perf.append({"application_id": "PAID", "month": month_end, "balance": 0.0,
                     "classification": "loss"})  # fmt: skip
        surveys.append({"ts": day, "csat": 3 + k / 100})
    folder = params.processed_dir
    folder.mkdir(parents=True)
    pd.DataFrame(apps).to_parquet(folder / "applications.parquet")
    pd.DataFrame(perf).to_parquet(folder / "loan_performance.parquet")
    pd.DataFrame(surveys).to_parquet(folder / "surveys.parquet")


def test_planted_months_come_back_with_their_changes(write_params) -> None:
    params = load_params(write_params("trend", as_of="2025-12-31"))
    months = pd.date_range("2025-01-31", "2025-12-31", freq="ME")  # data begins in January
    _planted(params, months)
    figures = monthly_figures(params)
    apps = figures[figures["figure"] == "applications"].set_index("month")["value"]
    assert np.isnan(apps[pd.Timestamp("2024-12-31")])  # before the data: missing, not 0
    assert apps[pd.Timestamp("2025-12-31")] == 21 and apps[pd.Timestamp("2025-01-31")] == 10
    npl = figures[figures["figure"] == "npl_share"].set_index("month")["value"]
    assert npl[pd.Timestamp("2025-12-31")] == pytest.approx(0.3)  # k = 11: 11 % 4 = 3 of 10
    table = trend_table(figures).set_index("figure")
    assert table.loc["Applications", "value"] == "21"
    assert table.loc["Applications", "vs_previous_month"] == "+5.0%"  # 21 against 20
    assert table.loc["Applications", "vs_year_earlier"] == "–"  # no December 2024
    assert table.loc["NPL ratio", "vs_previous_month"] == "+10.0 pp"  # 0.3 against 0.2
    assert table.loc["CSAT", "vs_previous_month"] == "+0.01 points"
    assert 'role="img"' in table.loc["CSAT", "last_12_months"]


def test_a_mid_month_as_of_ends_the_trend_at_the_last_complete_month() -> None:
    assert last_complete_month(pd.Timestamp("2025-12-15").date()) == pd.Timestamp("2025-11-30")
    assert last_complete_month(pd.Timestamp("2025-12-31").date()) == pd.Timestamp("2025-12-31")


def test_sparkline_leaves_gaps_and_names_its_values() -> None:
    svg = sparkline_svg(np.array([np.nan, 1.0, 2.0, np.nan, 3.0]), "A <b> by month")
    assert svg.count("<polyline") == 2 and "&lt;b&gt;" in svg and "<title>" in svg


def test_one_npl_ratio_on_the_summary_page(default_portfolio) -> None:
    from journey_utils.integration.processed import load_client_360, load_processed
    from journey_utils.risk.watchlist import watchlist_frame, watchlist_table
    from journey_utils.summary.kpis import summary_kpis

    params = default_portfolio
    summary = pd.DataFrame({"rows_in": [1], "quarantined": [0]})
    tile = next(k for k in summary_kpis(params, summary) if k.key == "npl_share").value
    figures = monthly_figures(params)
    trend = figures[figures["figure"] == "npl_share"]["value"].iloc[-1]
    loans = watchlist_frame(
        load_processed(params, "applications"), load_processed(params, "loan_performance"),
        load_client_360(params), params.as_of,
    )  # fmt: skip
    book = watchlist_table(loans, "industry", min_cell_size=10).attrs["portfolio_rate"]
    assert tile == pytest.approx(trend, abs=1e-12) and tile == pytest.approx(book, abs=1e-12)


def test_trend_table_in_chinese_has_no_english_words(write_params) -> None:
    params = load_params(write_params("trend", as_of="2025-12-31"))
    _planted(params, pd.date_range("2024-11-30", "2025-12-31", freq="ME"))
    table = trend_table(monthly_figures(params), "zh")
    assert len(table) == 4
    styled = style_table(table, lang="zh", html_columns=["last_12_months"])
    assert chinese_table_leftovers(styled) == []
