"""The case-study catalog: every key the source asks for exists, none is left unused, each reason
round-trips through its English template, and verdicts and readings read as they did before the
catalog (expected strings from the templates of b864f56)."""

from __future__ import annotations

import pytest

from catalog_checks import missing_keys, unused_keys
from journey_utils.case_study.did import DidResult, pre_trend_message
from journey_utils.case_study.messages import MESSAGES
from journey_utils.case_study.naive import NaiveResult, comparison_reading
from journey_utils.case_study.report import intervention_reading
from journey_utils.case_study.verdict import REASON_PATTERNS, reason, verdict
from journey_utils.i18n import placeholders
from journey_utils.params.intervention import CaseStudyError, intervention_spec
from journey_utils.vocabulary import humanise

DID = DidResult(0.567, 0.2, 0.1, 1.0, 0.02, 5, 10, 900)
NAIVE = NaiveResult(1.234, 0.5, 0.2, 2.2, 0.01, 10.0, 11.2, 500)


def test_every_key_the_source_asks_for_is_in_the_catalog() -> None:
    assert missing_keys(MESSAGES, "case_study") == []


def test_every_catalog_key_is_used() -> None:
    assert unused_keys(MESSAGES, "case_study") == []


def test_english_headers_are_the_column_in_words() -> None:
    headers = {k: v for k, v in MESSAGES.entries.items() if k.startswith("header.")}
    assert headers and all(
        v["en"] == humanise(k.removeprefix("header.")) for k, v in headers.items()
    )


REASON_SAMPLE = {
    "start": "2030-01-01",
    "lo": "2022-01-01",
    "hi": "2025-12-31",
    "units": "BR001",
    "value": "'BR999'",
}
"""Field values of a reason message (any other field is a count)."""


@pytest.mark.parametrize("key", [key for key, _ in REASON_PATTERNS])
def test_each_reason_matches_its_own_english_message(key: str) -> None:
    fields = {f: REASON_SAMPLE.get(f, "7") for f in placeholders(MESSAGES.template(key))}
    english = MESSAGES(key, "en", **fields)
    assert reason(english) == english and reason(english, "zh") == MESSAGES(key, "zh", **fields)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Application completion: effect found, +0.57 pp (95% interval +0.10 to +1.00)."),
        ("zh", "申请完成率：发现效应，估计 +0.57 个百分点（95%区间 +0.10 至 +1.00）。"),
    ],
)
def test_verdict_reads_as_before(lang: str, expected: str) -> None:
    assert verdict("completion", DID, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Time to decision: cannot be measured — only 2 pre-periods with treated cases "
            "(minimum 3).",
        ),
        ("zh", "审批决定用时：无法衡量——实施组仅有 2 个干预前期有案件（至少需要 3 个）。"),
    ],
)
def test_unmeasurable_verdict_reads_as_before(lang: str, expected: str) -> None:
    error = CaseStudyError("x", "only 2 pre-periods with treated cases (minimum 3)")
    assert verdict("time_to_decision", error, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Parallel trends look violated: 7 units: too few for a joint test; pre-trend slope "
            "p = 0.012, gap drifting -0.0123 per period before the start",
        ),
        (
            "zh",
            "平行趋势假设可能不成立：仅 7 个单位，不足以做联合检验；干预前趋势斜率 p = 0.012；"
            "干预前两组差距每期变动 -0.0123",
        ),
    ],
)
def test_pre_trend_message_reads_as_before(lang: str, expected: str) -> None:
    assert pre_trend_message(False, 0.0123, 5, 7, -0.01234, True, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "The naive before/after (+1.23 pp) includes the change every unit saw over the same "
            "time (+0.67 pp, e.g. trends); DiD removes it using the control units, leaving "
            "+0.57 pp.",
        ),
        (
            "zh",
            "简单前后对比为 +1.23 pp，其中包含同期所有单位共有的变化（+0.67 pp，如时间趋势）；"
            "双重差分用对照组扣除这部分后为 +0.57 pp。",
        ),
    ],
)
def test_comparison_reading_reads_as_before(lang: str, expected: str) -> None:
    assert comparison_reading(NAIVE, DID, "pp", lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "**Seg** started on 2024-06-01 in 1 treated segments; compared with 2 control "
            "segments, by quarter, 4 quarters before and 2 from the start.",
        ),
        (
            "zh",
            "**Seg** 于 2024-06-01 在 1个客户分群实施；对照组为 2个客户分群，按季度比较，"
            "开始前 4 个季度、开始后 2 个季度。",
        ),
    ],
)
def test_intervention_reading_reads_as_before(lang: str, expected: str) -> None:
    spec = intervention_spec(
        {"name": "x", "title": "Seg", "start": "2024-06-01", "treated": ["s1"],
         "control": ["s2", "s3"], "outcomes": ["completion"], "unit_column": "segment",
         "period": "quarter", "pre_periods": 4, "post_periods": 2}
    )  # fmt: skip
    assert intervention_reading(spec, lang) == expected
