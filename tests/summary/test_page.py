"""The summary page's composites on tiny hand-made frames: counts, masking and links."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from journey_utils.summary.page import (
    plot_segment_overview,
    segment_overview,
    segment_overview_table,
    verdict_links_table,
)


def _clients() -> tuple[pd.DataFrame, pd.DataFrame]:
    c360 = pd.DataFrame(
        {
            "client_id": [f"C-{i}" for i in range(12)],
            "n_applications": [2] * 10 + [1, 1],
            "n_disbursed": [1] * 10 + [0, 1],
            "npl": [
                True,
                False,
                False,
                False,
                False,
                False,
                False,
                False,
                False,
                False,
                False,
                True,
            ],
            "mean_csat": [4.0] * 12,
        }
    )
    segments = pd.DataFrame(
        {"client_id": c360["client_id"], "segment_name": ["big"] * 10 + ["tiny", "tiny"]}
    )
    return c360, segments


def test_segment_overview_counts_and_masks() -> None:
    c360, segments = _clients()
    table = segment_overview_table(c360, segments, min_cell_size=5).set_index("segment_name")
    big = table.loc["big"]
    assert big["clients"] == 10 and big["conversion_rate"] == pytest.approx(10 / 20)
    assert big["npl_rate"] == pytest.approx(1 / 10)
    assert table.loc["tiny", "masked"] and pd.isna(table.loc["tiny", "npl_rate"])
    ax = plot_segment_overview(table.reset_index())
    assert [t.get_text() for t in ax.texts] == ["big"]  # masked segments are not drawn


def test_verdict_links_point_at_each_case_study_report() -> None:
    verdicts = pd.DataFrame(
        {
            "case_study": ["form"],
            "title": ["Simplified form"],
            "outcome": ["Completion"],
            "verdict": ["effect found"],
            "estimate": [10.0],
            "ci_low": [8.0],
            "ci_high": [12.0],
            "unit": ["pp"],
            "text": ["Completion: effect found, +10.00 pp"],
        }
    )
    table = verdict_links_table(verdicts)
    assert table.loc[0, "case_study"] == '<a href="06_case_study-form.html">Simplified form</a>'
    assert table.loc[0, "finding"] == "+10.00 pp (95% interval +8.00 to +12.00)"
    unmeasured = verdicts.assign(estimate=np.nan, text="NPL: cannot be measured — too recent")
    assert verdict_links_table(unmeasured).loc[0, "finding"] == "too recent"


def test_segment_map_labels_in_chinese() -> None:
    c360, segments = _clients()
    table = segment_overview_table(c360, segments, min_cell_size=5)
    english = plot_segment_overview(table)
    chinese = plot_segment_overview(table, lang="zh")
    assert english.get_xlabel().startswith("Conversion")
    assert chinese.get_title() == "分群地图：规模、转化率与信贷质量"
    assert "不良贷款占比" in chinese.get_ylabel() and "转化率" in chinese.get_xlabel()
    assert [t.get_text() for t in chinese.texts] == ["big"]


def test_segment_overview_uses_the_chinese_names_for_zh(monkeypatch) -> None:
    import journey_utils.summary.page as summary_page

    saved = pd.DataFrame(
        {"client_id": ["C-1"], "segment": [0], "segment_name": ["Young"], "segment_name_zh": ["新"]}
    )
    clients = pd.DataFrame(
        {"client_id": ["C-1"], "n_applications": [2], "n_disbursed": [1], "npl": [False],
         "mean_csat": [4.0]}
    )  # fmt: skip
    monkeypatch.setattr(summary_page, "load_segments", lambda params: saved)
    monkeypatch.setattr(summary_page, "load_client_360", lambda params: clients)
    params = SimpleNamespace(min_cell_size=1)
    assert segment_overview(params, "en")["segment_name"].tolist() == ["Young"]
    assert segment_overview(params, "zh")["segment_name"].tolist() == ["新"]


def test_segment_map_takes_the_pages_one_npl_ratio_from_the_watchlist() -> None:
    c360, segments = _clients()
    watchlist = pd.DataFrame({"segment_name": ["big"], "n": [8], "npl_rate": [0.25]})
    watchlist.attrs["portfolio_rate"] = 0.2
    table = segment_overview_table(c360, segments, min_cell_size=5, watchlist=watchlist)
    big = table.set_index("segment_name").loc["big"]
    assert big["npl_rate"] == 0.25 and big["borrowers"] == 8  # loans on the book, not clients
    assert table.attrs["portfolio_npl"] == 0.2
    ax = plot_segment_overview(table)
    assert any(line.get_ydata()[0] == 0.2 for line in ax.get_lines())  # the book's ratio
