"""A case study end to end as the report runs it: params' interventions on the default
portfolio, segments fitted by the segmentation (not the true archetypes), verdicts saved."""

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
from journey_utils.integration.processed import load_client_360
from journey_utils.plotting import style_table
from journey_utils.segmentation.fit import fit_segments
from journey_utils.segmentation.model import save_segments


@pytest.fixture(scope="module")
def studies(portfolio):
    params = portfolio.params
    if not (params.processed_dir / "segments.parquet").is_file():
        clients = load_client_360(params)
        result = fit_segments(
            clients, params.n_segments, params.seed, min_cell_size=params.min_cell_size
        )
        save_segments(params, result)
    return {cs.name: run_case_study(params, cs.name) for cs in params.case_studies}


def _covers(study, outcome: str, truth: float) -> bool:
    result = study.outcomes[outcome].main
    return result.ci_low <= truth <= result.ci_high


def test_form_simplification_from_params_covers_the_planted_effects(studies, portfolio) -> None:
    truth = portfolio.truth["form_simplification"]["effects_on_treated_post"]
    study = studies["form_simplification"]
    assert _covers(study, "completion", truth["completion_rate_pp"])
    assert _covers(study, "time_to_decision", truth["time_to_decision_days"])
    assert _covers(study, "csat_application", truth["csat_application"])


def test_personalisation_on_fitted_segments_covers_approval_time(studies, portfolio) -> None:
    truth = portfolio.truth["segment_personalisation"]["effects_on_treated_post"]
    study = studies["segment_personalisation"]
    assert _covers(study, "approval_time", truth["approval_time_days"])
    npl = study.outcomes["npl_12m"]
    assert npl.error is not None and "12 months on book" in str(npl.error)


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
