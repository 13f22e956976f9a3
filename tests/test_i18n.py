"""Report language: every common word exists in both languages with the same fields, and every
code a report shows has a Chinese name."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from journey_utils import catalog, i18n, plotting, vocabulary
from journey_utils.errors import InputError
from journey_utils.profiling.pain_points import PAIN_POINTS
from journey_utils.profiling.portfolio import GRADE_BANDS, SIZE_BANDS
from journey_utils.vocabulary import LIFECYCLE_LABELS
from text_checks import has_cjk

CODES: tuple[str, ...] = (
    *catalog.OUTCOMES,
    *catalog.STAGES,
    *GRADE_BANDS,
    *LIFECYCLE_LABELS["en"],
    *(band for band, _ in SIZE_BANDS),
    "unknown",
    *catalog.INDUSTRIES,
    *catalog.REGIONS,
    *catalog.OWNERSHIP_TYPES,
    *catalog.PRODUCTS,
    *catalog.APPLICATION_CHANNELS,
    *catalog.DIGITAL_CHANNELS,
    *catalog.CLASSIFICATIONS,
    *catalog.FORM_VERSIONS,
    *PAIN_POINTS,
    "npl",
)
"""Codes that reports show as words: each needs a Chinese name."""


def test_every_text_has_both_languages_with_matching_fields() -> None:
    for key, words in i18n.TEXT.items():
        assert set(words) == set(i18n.LANGS), key
        assert all(words[lang].strip() for lang in i18n.LANGS), key
        assert i18n.placeholders(words["en"]) == i18n.placeholders(words["zh"]), key
        assert has_cjk(words["zh"]), f"{key}: Chinese text has no Chinese"


def test_text_fills_fields_in_either_language() -> None:
    assert i18n.text("masked", "en", n=10) == "masked: fewer than 10 clients"
    assert i18n.text("masked", "zh", n=10) == "已隐藏：客户少于 10 户"
    assert i18n.text("kpi_npl_ratio", "zh") == "不良贷款率"
    assert i18n.text("verdict_improved") == "improved"


@pytest.mark.parametrize(
    ("key", "lang", "fields", "message"),
    [
        ("no_such_heading", "en", {}, "no text named 'no_such_heading'"),
        ("masked", "fr", {"n": 10}, "unknown report language 'fr'"),
        ("masked", "zh", {}, "needs n"),
    ],
)
def test_text_bad_input(key: str, lang: str, fields: dict, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        i18n.text(key, lang, **fields)


@pytest.mark.parametrize("code", CODES)
def test_every_report_code_has_a_chinese_name(code: str) -> None:
    zh = i18n.label(code, "zh")
    assert isinstance(zh, str) and has_cjk(zh), f"{code!r} -> {zh!r}"
    en = i18n.label(code, "en")
    assert isinstance(en, str) and "_" not in en and not has_cjk(en)


def test_label_reuses_existing_names() -> None:
    assert i18n.label("approval", "zh") == catalog.STAGE_LABELS_ZH["approval"]
    assert i18n.label("abandoned", "zh") == vocabulary.outcome_label("abandoned", "zh")
    assert i18n.label("sub_standard", "zh") == "次级"
    assert i18n.label("start_up", "zh") == "初创期"
    assert i18n.label("software_it", "en") == "Software & IT"
    assert i18n.label("real_estate", "zh") == "房地产业"


def test_label_passes_unknown_and_non_codes_through() -> None:
    assert i18n.label("brand_new_code", "zh") == "Brand new code"
    assert i18n.label(3, "zh") == 3
    assert i18n.label(None, "en") is None
    with pytest.raises(InputError, match="unknown report language"):
        i18n.label("approval", "de")


def test_style_table_in_chinese_names_stages_and_outcomes() -> None:
    table = pd.DataFrame(
        {"stage": ["application", "approval"], "outcome": ["disbursed", "abandoned"],
         "clients": [1200, 300], "share": [0.8, 0.2]}
    )  # fmt: skip
    html = plotting.style_table(table, lang="zh").to_html()
    for word in ("申请与初审", "审批与决策", "已放款", "客户放弃", "1,200", "80.0%"):
        assert word in html


def test_first_sentences_keep_numbers_and_abbreviations_whole() -> None:
    from journey_utils.i18n import first_sentences

    text = "Of 32,414 cases, 37.3% ended disbursed (e.g. a loan). The narrowest step is approval."
    assert first_sentences(text, 500) == text
    assert first_sentences(text, 60) == "Of 32,414 cases, 37.3% ended disbursed (e.g. a loan)."
    assert (
        first_sentences("客户在申请阶段流失最多。审批用时最长。", 14) == "客户在申请阶段流失最多。"
    )
    assert first_sentences("One very long sentence without end", 8) == "One ver…"
    long = "Offer lowers drop-out by 39% (interval 33% to 44%); forms raise it by 42%; more."
    assert first_sentences(long, 70) == "Offer lowers drop-out by 39% (interval 33% to 44%)…"


def test_every_table_header_and_code_in_chinese_is_chinese() -> None:
    for name, words in i18n.COLUMN_ZH.items():
        assert has_cjk(words) or words in ("IV", "AUC", "KS", "Gini", "PSI", "CSI", "BIC", "WoE"), (
            name
        )
    for code, words in i18n.CODE_WORDS_ZH.items():
        assert has_cjk(words), code
    for column, values in i18n.CELL_WORDS_ZH.items():
        assert all(has_cjk(words) for words in values.values()), column


def test_values_the_data_writes_in_english_have_chinese_words() -> None:
    from journey_utils.journey import drivers
    from journey_utils.risk import features, migration

    described = {
        *features.EXCLUSION_REASONS.values(),
        *drivers.EXCLUSION_REASONS.values(),
        "applications in the input",
        "loans in the PD model",
        "cases in the drop-out model",
    }
    assert described <= set(i18n.CELL_WORDS_ZH["description"])
    reasons = {*features.EXCLUSION_REASONS, *drivers.EXCLUSION_REASONS, "candidates"}
    assert reasons | {"model_population"} <= set(i18n.CELL_WORDS_ZH["reason"])
    assert set(migration.DIRECTIONS) <= set(i18n.CELL_WORDS_ZH["direction"])
    for value, column in (("underpriced", "verdict"), ("in line", "verdict"), ("weak", "strength")):
        assert has_cjk(i18n.cell_words(column, value, "zh"))
        assert i18n.cell_words(column, value, "en") is None  # English keeps the data's words
    assert i18n.cell_words("note", "underpriced", "zh") is None  # only in its column


def test_the_journey_checks_have_chinese_words() -> None:
    from journey_utils.integration import log_checks
    from journey_utils.journey import reference

    constants = {v for k, v in vars(log_checks).items() if k.isupper() and isinstance(v, str)}
    rules = {value for value in constants if not value.startswith("_")}
    actions = {log_checks.QUARANTINED, log_checks.SORTED, log_checks.FLAGGED, log_checks.SET_ASIDE}
    words = {"rule": rules - actions - {log_checks.REASON, log_checks.DETAIL}, "action": actions}
    assert "case with no start" in words["rule"] and "flagged, kept" in words["action"]
    for column, values in words.items():
        assert values <= set(i18n.CELL_WORDS_ZH[column]), values - set(i18n.CELL_WORDS_ZH[column])
    assert set(reference._HOW) <= set(i18n.CELL_WORDS_ZH["figure"])
    assert set(reference._HOW.values()) <= set(i18n.CELL_WORDS_ZH["how_we_counted"])
    assert i18n.cell_words("rule", "duplicate event", "en") is None  # as the checks write it


def test_quarantine_reasons_read_in_chinese_and_round_trip_in_english() -> None:
    reason = "duplicate key (client_id, fiscal_year)"
    assert i18n.reason_words(reason, "en") == reason
    assert i18n.reason_words(reason, "zh") == "主键重复（客户编号、财年）"
    assert i18n.reason_words("decided_at: before submitted_at", "zh") == "决定时间：早于提交时间"
    late = "ts: after as_of 2025-12-31"
    assert i18n.reason_words(late, "zh") == "时间：晚于数据截止日 2025-12-31"
    assert i18n.reason_words("orphan: client_id not in clients", "zh") == (
        "孤立记录：客户编号不在客户表中"
    )
    assert i18n.reason_words("something else entirely", "zh") is None


def test_english_names_codes_in_words() -> None:
    assert i18n.data_name("v2_simplified", "en") == "Simplified form (v2)"
    assert i18n.data_name("v2_simplified", "zh") == "简化申请表"
    assert i18n.label("relationship_manager", "en") == "Relationship manager"
    assert i18n.label("software_it", "en") == "Software & IT"
