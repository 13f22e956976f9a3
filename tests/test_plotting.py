"""House style: formats a banker reads, and a theme that keeps CJK-capable fonts."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from journey_utils import plotting, vocabulary


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1_234_000_000, "en", "CNY 1.2bn"),
        (19_029_000_000_000, "en", "CNY 19.0tn"),
        (1.9e13, "zh", "¥19.0万亿"),
        (5_600_000, "en", "CNY 5.6m"),
        (999, "en", "CNY 999"),
        (-2_500_000, "en", "-CNY 2.5m"),
        (340_000_000, "zh", "¥3.4亿"),
        (56_000, "zh", "¥5.6万"),
        (float("nan"), "en", "–"),
    ],
)
def test_format_cny(value: float, lang: str, expected: str) -> None:
    assert plotting.format_cny(value, lang) == expected


def test_format_pct_and_count() -> None:
    assert plotting.format_pct(0.1234) == "12.3%"
    assert plotting.format_pct(None) == "–"
    assert plotting.format_count(1234567) == "1,234,567"


def test_house_style_keeps_cjk_fonts_after_seaborn_theme() -> None:
    plotting.apply_house_style()
    assert mpl.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
    assert mpl.rcParams["axes.unicode_minus"] is False


def test_axis_formatters_label_ticks() -> None:
    plotting.apply_house_style()
    fig, ax = plotting.new_figure()
    ax.plot([0, 1], [0, 0.5])
    plotting.pct_axis(ax)
    labels = [ax.yaxis.get_major_formatter()(v, 0) for v in (0.0, 0.25)]
    assert labels == ["0%", "25%"]
    plotting.cny_axis(ax, "x")
    assert ax.xaxis.get_major_formatter()(2e9, 0) == "CNY 2bn"
    plt.close(fig)


def test_stage_labels_and_order() -> None:
    assert vocabulary.stage_label("due_diligence") == "Due diligence"
    assert vocabulary.stage_label("approval", "zh") == "审批与决策"
    assert plotting.stage_order(["post_loan", "zzz", "information"]) == [
        "information",
        "post_loan",
        "zzz",
    ]


def test_style_table_formats_columns() -> None:
    df = pd.DataFrame({"n": [1200, 5], "share": [0.5, 0.25], "amount": [3e6, math.nan]})
    html = plotting.style_table(df, pct_columns=["share"], cny_columns=["amount"]).to_html()
    assert "1,200" in html and "50.0%" in html and "CNY 3.0m" in html and "–" in html


def test_style_table_humanises_headers_and_booleans() -> None:
    df = pd.DataFrame({"rows_in": [3], "reconciles": [True]})
    html = plotting.style_table(df).to_html()
    assert "Rows in" in html and "rows_in" not in html and ">yes<" in html


def test_style_table_shows_shares_as_percent_and_whole_floats_as_counts() -> None:
    table = pd.DataFrame(
        {
            "stage": ["a", "b"],
            "cases": pd.array([1200.0, None], dtype="Float64"),  # a masked count column
            "step_conversion": [0.845, 0.5],
            "step_low": [0.81, 0.4],
            "median_days": [7.25, 3.0],
            "nps_share": [-30.5, 10.0],  # named like a share but not within ±1: left alone
        }
    )
    from journey_utils.plotting import style_table

    html = style_table(table).to_html()
    assert "1,200" in html and "1200.00" not in html
    assert "84.5%" in html and "81.0%" in html
    assert "7.25" in html and "-30.5" in html  # one decimal from 10 up


def test_style_table_names_codes_formats_p_values_and_hides_an_empty_mask() -> None:
    from journey_utils.plotting import style_table
    from journey_utils.vocabulary import humanise

    table = pd.DataFrame(
        {
            "stage": ["due_diligence", "approval"],
            "outcome": ["in_progress", "declined"],
            "p_value": [0.0000001, 0.0456],
            "or_low": [1.25, 0.5],
            "masked": [False, False],
        }
    )
    html = style_table(table).to_html()
    assert "Due diligence" in html and "Still open" in html and "Declined" in html
    assert "&lt; 0.001" in html and "0.046" in html  # "< 0.001", escaped as HTML text
    assert "Masked" not in html and "OR low" in html
    assert "Masked" in style_table(table.assign(masked=[True, False])).to_html()
    assert humanise("csat_mean") == "CSAT mean" and humanise("rows_in") == "Rows in"


def test_category_codes_read_as_words_and_big_numbers_lose_their_decimals() -> None:
    from journey_utils.plotting import style_table
    from journey_utils.vocabulary import code_words

    table = pd.DataFrame(
        {
            "industry": ["software_it", "real_estate"],
            "median_employees": [3802.5, 972.0],
            "median_age": [22.23, 14.9],
        }
    )
    html = style_table(table).to_html()
    assert "Software &amp; IT" in html or "Software & IT" in html
    assert "Real estate" in html and "3,802" in html and "22.2" in html
    assert code_words("sub_standard") == "Sub-standard" and code_words(None) is None


def _cells(styler: object) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(styler.to_html(), "html.parser")  # type: ignore[attr-defined]
    return [c.get_text(" ", strip=True) for c in soup.find_all(["th", "td"])]


def test_dates_show_as_dates_and_years_as_years() -> None:
    from journey_utils.plotting import style_table

    table = pd.DataFrame(
        {
            "column": ["founded_on", "ts"],
            "min": pd.to_datetime(["1956-03-11", "2022-01-01 08:30:05"], format="ISO8601"),
            "max": [pd.Period("2024", "Y"), pd.Timestamp("2025-12-31")],
        }
    )
    for lang in ("en", "zh"):
        cells = _cells(style_table(table, lang=lang))
        assert "1956-03-11" in cells and "2022-01-01 08:30:05" in cells, lang
        assert "2024" in cells and "2025-12-31" in cells, lang
        assert not any("00:00:00" in c for c in cells), lang


def test_chinese_headers_name_codes_and_columns_and_cells_name_the_data() -> None:
    from journey_utils.plotting import header, style_table
    from text_checks import chinese_table_leftovers

    assert header("east", "zh") == "华东" and header("current_ratio", "zh") == "流动比率"
    assert header("east") == "East" and header("rows_in") == "Rows in"  # English as before
    table = pd.DataFrame(
        {
            "term": ["const", "leverage", "industry[real_estate]"],
            "feature": ["interest_cover_log", "firm_age_years", "industry"],
            "period": ["train", "test", "test"],
            "top_value": ["False", "wholesale_retail", "C-1a2b"],
            "source": ["clients", "credit_history", "client_360"],
            "estimate": [-5.2, 3.7, 0.4],
        }
    )
    chinese = style_table(table, lang="zh")
    assert chinese_table_leftovers(chinese) == []
    cells = set(_cells(chinese))
    assert {"截距", "行业为房地产业", "利息保障倍数（对数）", "训练期", "否", "信用记录"} <= cells
    assert "C-1a2b" in cells  # a pseudonym stays as it is
    english = _cells(style_table(table))
    assert {"Intercept", "Industry: Real estate", "Interest cover log", "Credit history"} <= set(
        english
    )
    assert {"train", "Wholesale & retail", "no", "Client 360"} <= set(english)


def test_percent_ticks_are_printed_exactly() -> None:
    from journey_utils.plotting import pct_axis

    for low, high in [(0.01, 0.19), (0.0, 0.004), (0.2, 0.52)]:
        fig, ax = plt.subplots()
        ax.set_ylim(low, high)
        pct_axis(ax)
        fig.canvas.draw()
        for tick, shown in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True):
            assert float(shown.get_text().rstrip("%")) == pytest.approx(tick * 100, abs=1e-9)
        plt.close(fig)


@pytest.mark.parametrize("seed", range(8))
def test_crowded_labels_never_overlap_each_other_or_leave_the_axes(seed: int) -> None:
    from matplotlib.text import Text

    from journey_utils.plotting import place_labels

    rng = np.random.default_rng(seed)
    fig, ax = plt.subplots(figsize=(8, 5))
    xs, ys = rng.uniform(0.15, 0.85, 10), rng.uniform(0.15, 0.85, 10)
    ax.scatter(xs, ys, s=300)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    labels = place_labels(ax, xs, ys, [f"Segment name number {i}" for i in range(10)],
                          radii_pt=[np.sqrt(300 / np.pi)] * 10)  # fmt: skip
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    # the words' own boxes (an annotation's extent also holds its leader line)
    boxes = [Text.get_window_extent(label, renderer) for label in labels]
    frame = ax.get_window_extent(renderer)
    for i, box in enumerate(boxes):
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 <= frame.y1
        assert not any(box.overlaps(other) for other in boxes[i + 1 :]), labels[i].get_text()
    plt.close(fig)


def test_rate_and_amount_headers_name_their_unit() -> None:
    from journey_utils.plotting import header

    assert header("risk_price") == "Risk-based price (% a year)"
    assert header("gap_bp") == "Gap (bp)" and header("risk_price", "zh") == "风险定价（年化 %）"
