"""A refused step becomes a one-line note shown once; bugs are never swallowed."""

from __future__ import annotations

import pytest

from journey_utils.attempts import attempt, attempt_in
from journey_utils.errors import InputError
from journey_utils.risk.pd_model import PDModelError


def _refuse() -> None:
    raise PDModelError("too few events: 4 defaults")


def test_a_successful_step_renders_its_value() -> None:
    step = attempt("Sum", sum, [1, 2, 3])
    assert step.ok and step.value == 6
    assert step.show(lambda v: v * 2) == 12
    assert step.then("Double", lambda v: v * 2).value == 12


def test_a_refusal_is_noted_once_with_its_reason() -> None:
    step = attempt("PD model", _refuse)
    assert not step.ok and step.value is None
    first = step.show(lambda m: "table")
    assert "PD model not shown" in first.data and "too few events" in first.data
    assert step.show(lambda m: "chart") is None  # not repeated under every chart


def test_a_dependent_step_carries_the_root_cause() -> None:
    pricing = attempt("PD model", _refuse).then("Pricing", lambda m: m)
    assert not pricing.ok and "PD model" in pricing.message and "too few events" in pricing.message


def test_input_errors_are_refusals_but_bugs_propagate() -> None:
    def bad_file() -> None:
        raise InputError("loans.csv", "column missing", column="term")

    assert "loans.csv" in attempt("Loans", bad_file).message
    with pytest.raises(ZeroDivisionError):
        attempt("Bug", lambda: 1 / 0)


def test_a_refusal_in_chinese_keeps_the_language_down_the_chain() -> None:
    step = attempt_in("zh")("违约概率模型", _refuse)
    assert step.lang == "zh" and "违约概率模型未显示" in step.note().data
    later = step.then("定价表", lambda m: m)
    assert "定价表未显示" in later.note().data and "too few events" in later.note().data
    assert attempt_in("zh")("求和", sum, [1, 2]).then("翻倍", lambda v: v * 2).value == 6
    assert "PD model not shown" in attempt("PD model", _refuse).note().data
