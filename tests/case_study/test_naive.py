"""Naive before/after against DiD: the naive difference carries the common trend."""

from __future__ import annotations

import pandas as pd

from journey_utils.case_study.did import fit_did
from journey_utils.case_study.naive import comparison_reading, comparison_table, naive_before_after
from journey_utils.case_study.outcomes import outcome_cases
from journey_utils.params.intervention import intervention_spec


def test_naive_includes_the_trend_and_did_does_not(toy):
    naive, did = naive_before_after(toy), fit_did(toy)
    assert naive.ci_low > 2.0 + 3.0  # effect 2 plus 8 periods of a 0.5 trend
    table = comparison_table(naive, did)
    assert list(table["method"]) == [  # 12 units: the bootstrap's row, then the analytic one
        "Naive before/after",
        "Difference-in-differences (wild cluster bootstrap)",
        "Difference-in-differences (clustered standard errors)",
    ]
    assert f"{did.estimate:+.2f}" in comparison_reading(naive, did, "pp")
    assert "双重差分" in comparison_reading(naive, did, lang="zh")


def test_naive_time_to_decision_is_biased_by_the_falling_trend(portfolio):
    truth = portfolio.truth["form_simplification"]
    spec = intervention_spec({
        "name": "form", "title": "Form", "start": truth["date"],
        "treated": truth["treated_branches"], "control": truth["control_branches"],
        "outcomes": ["time_to_decision"],
    })  # fmt: skip
    cases = outcome_cases(portfolio.tables, spec, "time_to_decision", portfolio.params)
    naive, did = naive_before_after(cases), fit_did(cases)
    trend = portfolio.truth["time_trends"]["time_to_decision_days_per_year"]
    assert trend < 0 and naive.estimate - did.estimate < 0  # same sign as the trend
    assert isinstance(comparison_table(naive, did), pd.DataFrame)


def test_comparison_reading_in_chinese_carries_the_same_numbers(toy):
    naive, did = naive_before_after(toy), fit_did(toy)
    en, zh = comparison_reading(naive, did, "pp"), comparison_reading(naive, did, "个百分点", "zh")
    numbers = (naive.estimate, naive.estimate - did.estimate, did.estimate)
    assert all(f"{n:+.2f}" in en and f"{n:+.2f}" in zh for n in numbers)
    methods = list(comparison_table(naive, did, lang="zh")["method"])
    assert methods == ["简单前后对比", "双重差分（野聚类自助法）", "双重差分（聚类稳健标准误）"]
