"""Risk-based pricing arithmetic on hand-made numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.plotting import style_table
from journey_utils.risk.pricing import pricing_reading, risk_based_price_table
from text_checks import CJK, chinese_table_leftovers, same_numbers


def inputs() -> tuple[pd.DataFrame, pd.DataFrame]:
    pds = pd.DataFrame({"segment": [1, 2, 3], "pd": [0.01, 0.05, 0.10]})
    offered = pd.DataFrame({"segment": [1, 1, 2, 3, 3], "offered_rate": [4.0, 4.2, 5.0, 5.0, 5.2]})
    return pds, offered


def test_price_is_the_sum_of_its_parts_and_the_gap_is_in_bp() -> None:
    pds, offered = inputs()
    table = risk_based_price_table(pds, 0.4, 2.0, 1.0, 0.5, offered).set_index("segment")
    # price = 2.0 + PD x 40% x 100 + 1.0 + 0.5
    assert table["risk_price"].to_dict() == pytest.approx({1: 3.9, 2: 5.5, 3: 7.5})
    assert table["offered_rate"].to_dict() == pytest.approx({1: 4.1, 2: 5.0, 3: 5.1})
    assert table["gap_bp"].to_dict() == pytest.approx({1: 20.0, 2: -50.0, 3: -240.0})
    assert table["verdict"].to_dict() == {1: "in line", 2: "underpriced", 3: "underpriced"}
    assert table.index.tolist() == [3, 2, 1]  # most underpriced first
    shown = style_table(table.reset_index(), lang="zh")
    assert chinese_table_leftovers(shown) == [] and "定价偏低" in shown.to_html()
    assert "underpriced" in style_table(table.reset_index()).to_html()  # English as the data
    text = pricing_reading(table.reset_index())
    assert "below their risk" in text and "3 (-240 bp)" in text


def test_overpriced_and_no_offers() -> None:
    pds, offered = inputs()
    pds = pd.concat([pds, pd.DataFrame({"segment": [4], "pd": [0.0]})])
    table = risk_based_price_table(pds, 0.4, 1.0, 0.5, 0.5, offered).set_index("segment")
    assert table.loc[1, "verdict"] == "overpriced"  # 4.1 offered vs 2.16
    assert table.loc[4, "verdict"] == "no offers"
    assert "above their risk" in pricing_reading(table.reset_index())


@pytest.mark.parametrize(
    ("lgd", "pd_value", "match"), [(1.5, 0.01, "lgd"), (0.4, 1.2, "probability")]
)
def test_bad_input_is_named(lgd: float, pd_value: float, match: str) -> None:
    pds, offered = inputs()
    pds.loc[0, "pd"] = pd_value
    with pytest.raises(InputError, match=match):
        risk_based_price_table(pds, lgd, 2.0, 1.0, 0.5, offered)
    with pytest.raises(InputError, match="offered_rate"):
        risk_based_price_table(
            pds, 0.4, 2.0, 1.0, 0.5, offered.rename(columns={"offered_rate": "r"})
        )


def test_pricing_reading_in_chinese_quotes_the_same_numbers() -> None:
    pds, offered = inputs()
    pds = pd.concat([pds, pd.DataFrame({"segment": [4], "pd": [0.0]})])
    offered = pd.concat([offered, pd.DataFrame({"segment": [4] * 3, "offered_rate": [9.0] * 3})])
    table = risk_based_price_table(pds, 0.4, 2.0, 1.0, 0.5, offered)
    assert set(table["verdict"]) >= {"underpriced", "overpriced"}
    en, zh = pricing_reading(table), pricing_reading(table, lang="zh")
    assert CJK.search(zh) and "3（-240 基点）" in zh
    assert same_numbers(en, zh), (en, zh)
    in_line = table.assign(verdict="in line")
    assert CJK.search(pricing_reading(in_line, lang="zh"))
