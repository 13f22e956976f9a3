"""Verdict sentences and table in English and Chinese."""

from __future__ import annotations

import re

import pytest

from journey_utils.case_study.did import DidResult, fit_did, pre_trend_check
from journey_utils.case_study.its import fit_its
from journey_utils.case_study.naive import naive_before_after
from journey_utils.case_study.outcomes import outcome_cases
from journey_utils.case_study.verdict import reason, verdict, verdict_kind, verdict_table
from journey_utils.params.intervention import CaseStudyError, intervention_spec
from text_checks import has_cjk, same_numbers

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


def _raised(call) -> str:
    with pytest.raises(CaseStudyError) as info:
        call()
    return info.value.detail


def _spec(**fields):
    base = {"name": "x", "title": "X", "start": "2024-06-01", "treated": ["BR001"],
            "outcomes": ["completion"]}  # fmt: skip
    return intervention_spec(base | fields)


def test_every_reason_reads_in_chinese_with_its_numbers(toy, portfolio):
    tables, params = portfolio.tables, portfolio.params
    branches = params.case_study("form_simplification").treated
    late = _spec(start="2025-06-01", treated=branches, outcomes=["npl_12m"])
    details = [
        _raised(lambda: fit_did(toy[toy["treated"]])),
        _raised(lambda: fit_did(toy[~toy["post"] | ~toy["treated"]])),
        _raised(lambda: fit_did(toy.head(12))),
        _raised(lambda: pre_trend_check(toy[toy["rel_period"] >= -1])),
        _raised(lambda: naive_before_after(toy[toy["post"]])),
        _raised(lambda: fit_its(toy[toy["rel_period"] >= -2])),
        _raised(lambda: outcome_cases(tables, _spec(start="2030-01-01"), "completion", params)),
        _raised(lambda: outcome_cases(tables, _spec(treated=["BR999"]), "completion", params)),
        _raised(lambda: outcome_cases(tables, _spec(start="2022-02-01"), "completion", params)),
        _raised(lambda: outcome_cases(tables, late, "npl_12m", params)),
    ]
    for detail in details:
        zh = reason(detail, "zh")
        assert reason(detail) == detail and has_cjk(zh), detail
        assert not re.search(r"[a-z]{3,}", zh), zh  # no English words left
        assert same_numbers(detail, zh), zh
    assert "无法衡量——截至数据日期" in verdict("npl_12m", CaseStudyError("x", details[-1]), "zh")
