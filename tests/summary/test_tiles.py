"""The decision tiles: status against targets in words and colour, worst first, text contrast
that a reader can see, every value escaped."""

from __future__ import annotations

import re

import pandas as pd
from bs4 import BeautifulSoup

from journey_utils.params.targets import DEFAULT_TARGETS, Target
from journey_utils.plotting import style_table
from journey_utils.summary.kpis import Kpi
from journey_utils.summary.tiles import RAG_COLOURS, decision_tiles_html, status_table
from text_checks import chinese_table_leftovers

NO_CHANGES = pd.DataFrame(columns=["key", "direction", "assessment", "previous_text"])
KPIS = [
    Kpi("clients", "Clients", 20_000, "20,000", "clients"),
    Kpi("quarantine_share", "Quarantined", 0.005, "0.50%", "rows set aside"),
    Kpi("npl_share", "NPL ratio", 0.056, "5.6%", "on the book"),
    Kpi("journey_conversion", "Journey conversion", 0.373, "37.3%", "disbursed"),
]


def _tiles(lang: str = "en") -> list:
    html = decision_tiles_html(KPIS, NO_CHANGES, DEFAULT_TARGETS, lang)
    return BeautifulSoup(html, "html.parser").select(".journey-tile")


def test_status_per_target_and_worst_first() -> None:
    tiles = _tiles()
    assert [t.get("data-rag") for t in tiles] == ["red", "amber", "green", None]
    assert "Off target" in tiles[0].get_text() and "target ≤ 3.0%" in tiles[0].get_text()
    assert "alarm above 5.0%" in tiles[0].get_text()
    assert "Watch" in tiles[1].get_text() and "target ≥ 40.0%" in tiles[1].get_text()
    assert "Clients" in tiles[3].get_text() and "target" not in tiles[3].get_text()


def test_status_words_in_chinese() -> None:
    text = _tiles("zh")[0].get_text()
    assert "未达标" in text and "目标 ≤ 3.0%" in text and "不良贷款占比" in text


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_status_text_has_at_least_4_5_to_1_contrast_on_the_tile() -> None:
    background = _luminance("#f7f9fc")
    for text_colour, _ in RAG_COLOURS.values():
        ratio = (background + 0.05) / (_luminance(text_colour) + 0.05)
        assert ratio >= 4.5, (text_colour, round(ratio, 2))
    html = decision_tiles_html(KPIS, NO_CHANGES, DEFAULT_TARGETS)
    for colour in set(re.findall(r"[^-]color:(#[0-9a-f]{6})", html)):
        ratio = (background + 0.05) / (_luminance(colour) + 0.05)
        assert ratio >= 4.5, (colour, round(ratio, 2))


def test_values_are_escaped() -> None:
    evil = [Kpi("npl_share", "<b>NPL</b>", 0.01, "<script>x</script>", "<i>n</i>")]
    html = decision_tiles_html(evil, NO_CHANGES, DEFAULT_TARGETS)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_status_table_lists_targeted_figures_worst_first() -> None:
    targets = {"npl_share": DEFAULT_TARGETS["npl_share"],
               "clients": Target(better="higher", target=10_000, alarm=5_000)}  # fmt: skip
    table = status_table(KPIS, targets)
    assert table["figure"].tolist() == ["NPL ratio", "Clients"]
    assert table["status"].tolist() == ["Off target", "On target"]
    assert table.iloc[1]["target"] == "10,000"


def test_status_table_in_chinese_has_no_english_words() -> None:
    table = status_table(KPIS, DEFAULT_TARGETS, "zh")
    assert chinese_table_leftovers(style_table(table, lang="zh")) == []
    headers = style_table(table, lang="zh").to_html()
    assert "目标" in headers and "告警线" in headers
