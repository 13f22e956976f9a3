"""Verdict sentences and table in English and Chinese."""

from __future__ import annotations

from journey_utils.case_study.did import DidResult
from journey_utils.case_study.spec import CaseStudyError
from journey_utils.case_study.verdict import verdict, verdict_kind, verdict_table

FOUND = DidResult(-3.1, 0.4, -3.9, -2.3, 0.0001, 24, 36, 1000)
NONE = DidResult(0.1, 0.4, -0.7, 0.9, 0.8, 18, 18, 800)
ERROR = CaseStudyError("x: npl_12m", "no treated case after the start is mature by as_of")


def test_kinds():
    assert [verdict_kind(r) for r in (FOUND, NONE, ERROR)] == ["found", "none", "unmeasurable"]


def test_sentences_carry_the_numbers_and_the_reason():
    assert "effect found, -3.10 days" in verdict("time_to_decision", FOUND)
    assert "includes zero" in verdict("csat_application", NONE)
    assert "mature by as_of" in verdict("npl_12m", ERROR)
    assert "发现效应" in verdict("time_to_decision", FOUND, lang="zh")
    assert "无法衡量" in verdict("npl_12m", ERROR, lang="zh")


def test_table_has_a_row_per_outcome():
    table = verdict_table({"time_to_decision": FOUND, "csat_application": NONE, "npl_12m": ERROR})
    assert list(table["verdict"]) == ["effect found", "no detectable effect", "cannot be measured"]
    assert table["estimate"].isna().tolist() == [False, False, True]
