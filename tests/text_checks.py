"""Checks shared by the tests of Chinese readings: the Chinese text is Chinese and quotes the
same numbers as the English one."""

from __future__ import annotations

import re

CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"[+-]?\d+(?:,\d{3})*(?:\.\d+)?%?")
"""A number as readings write it: sign, thousands separators, decimals, percent."""
UNSIGNED_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


def same_numbers(en: str, zh: str, pattern: re.Pattern[str] = NUMBER) -> bool:
    """The Chinese text quotes exactly the numbers of the English one (as a multiset)."""
    return sorted(pattern.findall(en)) == sorted(pattern.findall(zh))


def chinese_with_same_numbers(english: str, chinese: str) -> bool:
    """The Chinese text is in Chinese and states the English text's numbers (in any order)."""
    return bool(CJK.search(chinese)) and same_numbers(english, chinese, UNSIGNED_NUMBER)
