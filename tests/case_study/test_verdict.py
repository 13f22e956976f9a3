"""Verdict sentences and table in English and Chinese."""

from __future__ import annotations

import re

import pytest

from journey_utils.case_study.did import DidResult, PreTrendCheck, fit_did, pre_trend_check
from journey_utils.case_study.its import fit_its
from journey_utils.case_study.messages import MESSAGES
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


def _pre_trend(violated: bool, p: float) -> PreTrendCheck:
    return PreTrendCheck(
        f_stat=3.0, p_value=p, n_pre_periods=10, slope_per_period=0.4, slope_ci_low=0.1,
        slope_ci_high=0.7, violated=violated, message="", n_units=60,
    )  # fmt: skip


def _found() -> DidResult:
    return DidResult(estimate=12.4, se=2.0, ci_low=8.4, ci_high=16.4, p_value=0.0,
                     n_treated_units=24, n_control_units=36, n_cases=9000)  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_effect_the_pre_trend_check_contradicts_is_uncertain(lang: str) -> None:
    """A verdict never says "effect found" on a page whose pre-trend check failed."""
    failed = _pre_trend(True, 0.020)
    assert verdict_kind(_found(), failed) == "uncertain"
    sentence = verdict("completion", _found(), lang, failed)
    assert "0.020" in sentence and "+12.40" in sentence
    table = verdict_table({"completion": _found()}, lang, {"completion": failed})
    assert table.loc[0, "verdict"] == MESSAGES("verdict_kind.uncertain", lang)


def test_a_passed_pre_trend_check_leaves_the_verdict_to_the_interval() -> None:
    assert verdict_kind(_found(), _pre_trend(False, 0.4)) == "found"
    assert verdict_kind(_found()) == "found"
    covers = DidResult(estimate=0.5, se=1.0, ci_low=-1.5, ci_high=2.5, p_value=0.6,
                       n_treated_units=5, n_control_units=5, n_cases=900)  # fmt: skip
    assert verdict_kind(covers, _pre_trend(False, 0.4)) == "none"
