"""The profiling catalog: every key the package names exists, every key is used, and known
sentences read as they did before the text moved into the catalog (ADR 0028)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from catalog_checks import missing_keys, unused_keys
from journey_utils.profiling.financial_health import _warning_text, ratio_label
from journey_utils.profiling.messages import MESSAGES
from journey_utils.profiling.pain_points import pain_definition, pain_name, pain_point_reading
from journey_utils.profiling.portfolio import (
    _heat_map_title,
    client_360_intro,
    dimension_label,
    grade_reading,
    grade_rule_note,
    grades_table,
    lifecycle_rule,
)

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "journey_utils" / "profiling"
SOURCE = "\n".join(
    p.read_text("utf-8") for p in sorted(PACKAGE.glob("*.py")) if p.stem != "messages"
)
CALL = r"MESSAGES(?:\.template)?\(\s*"
LITERAL_KEYS = set(re.findall(CALL + r'"([^"]+)"', SOURCE))
PREFIXES = set(re.findall(r'f"([a-z_]+\.)\{', SOURCE))
"""Key prefixes of label maps, looked up as f"pain_name.{code}" (directly or via a variable)."""
CATALOG_PREFIXES = {k[: k.index(".") + 1] for k in MESSAGES.entries if "." in k}
DOTTED_LITERALS = {
    k
    for k in re.findall(r'"([a-z_]+\.[a-z_]+)"', SOURCE)
    if k[: k.index(".") + 1] in CATALOG_PREFIXES
}
"""Whole keys of label maps the source writes out, if any."""

GRADE_RULE_EN = (
    "Band from the internal rating (AAA–BBB investment grade, BB–B standard, CCC watch, CC–C "
    "sub-standard); without a rating, from the bureau score (≥ 740, 670–739, 635–669, < 635); a "
    "bureau score two or more bands worse than the rating lowers the band by one."
)
GRADE_RULE_ZH = (
    "按行内评级划定等级（AAA–BBB 为投资级，BB–B 为标准，CCC 为关注，CC–C 为次级）；无行内评级的，"
    "按征信评分划定（≥ 740、670–739、635–669、< 635）；征信评分所对应等级比行内评级差两档或以上的，"
    "等级下调一档。"
)


def test_the_source_names_keys() -> None:
    assert {"grade_reading", "pain_reading", "clause_sep"} <= LITERAL_KEYS
    assert {"pain_name.", "ratio_label.", "dimension."} <= PREFIXES


def test_every_key_the_source_names_is_in_the_catalog() -> None:
    assert missing_keys(MESSAGES, "profiling") == []


def test_every_catalog_key_is_used() -> None:
    assert unused_keys(MESSAGES, "profiling") == []


@pytest.mark.parametrize(
    ("lang", "rule", "note", "reading"),
    [
        (
            "en",
            GRADE_RULE_EN,
            "*Rule:* " + GRADE_RULE_EN,
            "Of 4 clients, 75.0% investment grade, 25.0% watch. 25.0% sit on watch or below: the "
            "clients whose next application needs the closest credit look.",
        ),
        (
            "zh",
            GRADE_RULE_ZH,
            "*规则：* " + GRADE_RULE_ZH,
            "在 4 户客户中，投资级占 75.0%、关注占 25.0%。25.0% 的客户处于关注或更差等级："
            "这些客户的下一笔申请需要最审慎的授信审查。",
        ),
    ],
)
def test_grade_texts_read_as_before(lang: str, rule: str, note: str, reading: str) -> None:
    frame = pd.DataFrame({"internal_rating": ["AAA"] * 3 + ["CCC"], "bureau_score": [800] * 4})
    table = grades_table(frame, min_cell_size=1, lang=lang)
    assert table.attrs["rule"] == rule
    assert grade_rule_note(table, lang) == note
    assert grade_reading(table, lang) == reading


def test_known_sentences_read_as_before_in_english() -> None:
    assert client_360_intro(pd.DataFrame(index=range(1234)), date(2025, 12, 31)) == (
        "**1,234 clients** in the client 360 (one row per client, as of 2025-12-31)."
    )
    assert lifecycle_rule("mature") == (
        "the rest: 5 years or older with revenue growth between -5% and 10% (or unknown growth)"
    )
    assert lifecycle_rule("start_up") == "younger than 5 years and fewer than 300 employees"
    assert pain_definition("slow_first_response") == (
        "submitted applications first answered after more than 2 days"
    )
    assert pain_definition("dissatisfied") == "surveyed clients with mean CSAT below 3 (1–5)"
    assert pain_name("dropout_before_decision") == "dropout before decision"
    assert pain_name("a_new_pain") == "a_new_pain"
    assert _warning_text("leverage") == "> 70% (liabilities above 70% of assets)"
    assert _warning_text("interest_cover") == "< 1.5 (operating profit below 1.5× interest)"
    assert ratio_label("interest_cover") == "Interest cover (×)"
    assert dimension_label("lifecycle_stage") == "lifecycle stage"
    assert dimension_label("main_bank") == "main bank"
    assert (
        _heat_map_title("npl", min_cell_size=10, lang="en")
        == "Industry × region: npl (cells < 10 hidden)"
    )
    assert (
        _heat_map_title("mean_csat", min_cell_size=1, lang="en") == "Industry × region: mean csat"
    )
    assert _heat_map_title(None, min_cell_size=1, lang="en") == "Industry × region: clients"
    empty = pd.DataFrame({"masked": [True]})
    assert pain_point_reading(empty) == "No group is large enough to report."


def test_known_sentences_read_as_before_in_chinese() -> None:
    assert client_360_intro(pd.DataFrame(index=range(1234)), date(2025, 12, 31), "zh") == (
        "客户 360 视图共 **1,234 户客户**（每户一行，数据截至 2025-12-31）。"
    )
    assert lifecycle_rule("mature", "zh") == (
        "其余企业：成立 5 年及以上，营收增长介于 -5% 与 10% 之间（或增长未知）"
    )
    assert lifecycle_rule("growth", "zh") == (
        "其余企业中，营收增长 ≥ 10%，或成立不满 5 年（已超过小型规模）"
    )
    assert pain_definition("slow_first_response", "zh") == "提交后超过 2 天才获得银行首次响应的申请"
    assert pain_name("dissatisfied", "zh") == "不满意"
    assert pain_name("a_new_pain", "zh") == "a_new_pain"
    assert _warning_text("leverage", "zh") == "> 70%（负债超过资产的 70%）"
    assert ratio_label("leverage", "zh") == "资产负债率（负债 / 资产）"
    assert dimension_label("size_band", "zh") == "企业规模"
    assert dimension_label("main_bank", "zh") == "main bank"
    assert (
        _heat_map_title("npl", min_cell_size=10, lang="zh")
        == "行业 × 区域：不良贷款客户占比（少于 10 户的单元格已隐藏）"
    )
    assert _heat_map_title("mean_csat", min_cell_size=1, lang="zh") == "行业 × 区域：mean_csat"
    assert _heat_map_title(None, min_cell_size=1, lang="zh") == "行业 × 区域：客户数"
    empty = pd.DataFrame({"masked": [True]})
    assert pain_point_reading(empty, lang="zh") == "没有客户群达到可披露的规模。"
