"""The integration catalog: every key the source asks for exists, none is left unused, and the
readings and names read as they did before the catalog (expected strings from the templates of
b864f56)."""

from __future__ import annotations

import pandas as pd
import pytest

from catalog_checks import missing_keys, unused_keys
from journey_utils.integration.messages import MESSAGES
from journey_utils.integration.report import (
    integrity_reading,
    reading_notes_table,
    source_label,
)

NOTES = pd.DataFrame(
    {
        "source": ["clients", "surveys", "weird_src"],
        "column": ["ts", "comment", "x"],
        "note": ["epoch_unit", "invisible_removed", "mystery_note"],
        "detail": ["milliseconds", "1234", "d"],
    }
)


def test_every_key_the_source_asks_for_is_in_the_catalog() -> None:
    assert missing_keys(MESSAGES, "integration") == []


def test_every_catalog_key_is_used() -> None:
    assert unused_keys(MESSAGES, "integration") == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "1,512 records pointed to a client or application we do not hold and were "
            "quarantined as orphans; most came from **surveys** (1,500).",
        ),
        (
            "zh",
            "1,512 条记录指向我们未持有的客户或申请，已作为孤立记录移入隔离区；"
            "其中大部分来自 **满意度调查**（1,500 条）。",
        ),
    ],
)
def test_integrity_reading_reads_as_before(lang: str, expected: str) -> None:
    integrity = pd.DataFrame({"source": ["interactions", "surveys"], "orphans": [12, 1500]})
    assert integrity_reading(integrity, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "whole numbers read as time since 1970 in milliseconds (UTC)",
                "invisible characters (NUL, zero-width space, byte-order mark) removed from "
                "1,234 values",
                "mystery_note",
            ],
        ),
        (
            "zh",
            [
                "整数按 1970 年起的毫秒（UTC）读取",
                "已从 1,234 个值中删除不可见字符（NUL、零宽空格、字节顺序标记）",
                "mystery_note",
            ],
        ),
    ],
)
def test_reading_notes_read_as_before(lang: str, expected: list[str]) -> None:
    assert reading_notes_table(NOTES, lang)["what_was_done"].tolist() == expected


def test_source_names_read_as_before() -> None:
    assert [source_label("client_360", lang) for lang in ("en", "zh")] == [
        "Client 360",
        "客户360视图",
    ]
    assert [source_label("weird_src", lang) for lang in ("en", "zh")] == ["Weird src", "weird_src"]
