"""A case study end to end as the report runs it: params' interventions on the default
portfolio (the form by branch, the segment programme by industry), verdicts saved."""

from __future__ import annotations

import re

import pytest

from journey_utils.case_study.report import (
    case_study_headers,
    case_study_table,
    case_verdicts,
    intervention_reading,
    load_verdicts,
    run_case_study,
    save_verdicts,
)
from journey_utils.plotting import style_table


@pytest.fixture(scope="module")
def studies(portfolio):
    params = portfolio.params
    return {cs.name: run_case_study(params, cs.name) for cs in params.case_studies}


def test_every_configured_outcome_is_estimated_but_npl_at_12_months(studies) -> None:
    """Coverage of the planted effects is judged over seeds (test_truth_over_seeds)."""
    for study in studies.values():
        for name, outcome in study.outcomes.items():
            if name == "npl_12m":
                assert outcome.error is not None and "12 months on book" in str(outcome.error)
            else:
                assert outcome.error is None, (name, outcome.error)


def test_the_segment_programme_has_an_early_credit_outcome(studies) -> None:
    credit = studies["segment_personalisation"].credit
    assert credit is not None and credit.error is None and credit.hazard is not None
    assert 0 < credit.hazard.ci_low < credit.hazard.hazard_ratio < credit.hazard.ci_high
    assert credit.hazard.max_months_on_book < 12  # read before any treated loan is a year old
    assert set(credit.curves) == {"npl", "dpd30"}
    assert studies["form_simplification"].credit is None  # no credit outcome configured


def test_verdicts_are_saved_for_the_summary(studies, portfolio) -> None:
    params = portfolio.params
    for study in studies.values():
        save_verdicts(params, study)
    save_verdicts(params, studies["form_simplification"])  # a re-run replaces, never duplicates
    saved = load_verdicts(params)
    assert len(saved) == sum(len(s.spec.outcomes) for s in studies.values())
    kinds = case_verdicts(studies["segment_personalisation"]).set_index("verdict")
    assert "cannot be measured" in kinds.index


def test_intervention_reading_in_chinese_carries_the_same_facts(portfolio) -> None:
    for cs in portfolio.params.case_studies:
        en, zh = intervention_reading(cs), intervention_reading(cs, "zh")
        assert cs.title in en and cs.title_zh in zh and str(cs.start) in zh
        facts = (str(len(cs.treated)), str(cs.pre_periods), str(cs.post_periods))
        assert all(f in en and f in zh for f in facts)
        assert "按月比较" in zh and not re.search(r"[a-z]{3,}", zh)


def test_tables_get_chinese_headers(studies) -> None:
    table = case_verdicts(studies["form_simplification"], "zh")
    shown = case_study_table(table)
    assert list(shown.columns) == ["outcome", "verdict", "estimate", "ci_low", "ci_high", "unit"]
    en = style_table(shown, headers=case_study_headers("en")).to_html()
    zh = style_table(shown, lang="zh", headers=case_study_headers("zh")).to_html()
    assert "CI low" in en and "95%区间下限" in zh and "CI low" not in zh
    assert "发现效应" in zh
