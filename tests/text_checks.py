"""Checks shared by the tests of Chinese readings: the Chinese text is Chinese and quotes the
same numbers as the English one."""

from __future__ import annotations

import re

CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"[+-]?\d+(?:,\d{3})*(?:\.\d+)?%?")
"""A number as readings write it: sign, thousands separators, decimals, percent."""
UNSIGNED_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
SIGNED_NUMBER = re.compile(r"[−+-]?\d(?:[\d,]*\d)?(?:\.\d+)?%?")
"""A number with its sign, the typographic minus (−) included: readings of changes and
differences write it, and a sign lost in translation is a wrong number."""
DATE = re.compile(r"\d{2} [A-Z][a-z]{2} \d{4}|\d{4}-\d{2}-\d{2}")
"""A date as readings write it ('05 Jan 2022' in English, '2022-01-05' in Chinese)."""


def has_cjk(text: object) -> bool:
    """The text (any object, as `str` shows it) holds at least one Chinese character."""
    return bool(CJK.search(str(text)))


def numbers(
    text: str,
    pattern: re.Pattern[str] = NUMBER,
    *,
    distinct: bool = False,
    without_dates: bool = False,
) -> list[str]:
    """The numbers a text quotes, sorted: every occurrence (a multiset), or each number once
    with `distinct` (for readings that repeat a figure in one language only). `without_dates`
    drops dates first, since the two languages write the same date differently."""
    if without_dates:
        text = DATE.sub("", text)
    found = pattern.findall(text)
    return sorted(set(found) if distinct else found)


def same_numbers(
    en: str,
    zh: str,
    pattern: re.Pattern[str] = NUMBER,
    *,
    distinct: bool = False,
    without_dates: bool = False,
) -> bool:
    """The Chinese text quotes exactly the numbers of the English one (as a multiset, or as a
    set with `distinct`; see `numbers`)."""
    options = {"distinct": distinct, "without_dates": without_dates}
    return numbers(en, pattern, **options) == numbers(zh, pattern, **options)


def chinese_with_same_numbers(english: str, chinese: str) -> bool:
    """The Chinese text is in Chinese and states the English text's numbers (in any order)."""
    return has_cjk(chinese) and same_numbers(english, chinese, UNSIGNED_NUMBER)


REPORT_ACRONYMS = frozenset(
    {"AUC", "KS", "PSI", "CSI", "IV", "WoE", "NPL", "CSAT", "NPS", "LPR", "CNY", "Gini", "BIC",
     "USCC", "LGD", "AME", "Calinski", "Harabasz", "AAA", "BBB", "CCC"}
)  # fmt: skip
"""Words a Chinese report writes in Latin letters: units, scores, statistics' names and rating
grades."""

ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")


def english_words(text: object) -> list[str]:
    """Words of three or more Latin letters in a Chinese text, acronyms and units left out: what
    a Chinese reader would find untranslated (snake_case codes count as one word)."""
    return [w for w in ENGLISH_WORD.findall(str(text)) if w not in REPORT_ACRONYMS]


def chinese_table_leftovers(styler: object) -> list[str]:
    """Headers and cells of a table styled for a Chinese report (`style_table(..., lang="zh")`)
    that hold English words, or a time of midnight (a date shown as a timestamp)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(styler.to_html(), "html.parser")  # type: ignore[attr-defined]
    cells = [c.get_text(" ", strip=True) for c in soup.find_all(["th", "td"])]
    return [c for c in cells if english_words(c) or "00:00:00" in c]
