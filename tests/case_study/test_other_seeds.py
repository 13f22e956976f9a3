"""The form-simplification study on portfolios drawn with other seeds: the generator plants the
intervention in the branches the params name, so the study measures the truly treated branches
and its intervals cover the planted effects (before, at another seed only 6-11 of the 24
configured branches were treated and the study reported no effect, once a harm).

Measured with seeds 1, 2 and 3 at 5,000 clients (a throw-away script running
`run_case_study(params, "form_simplification")` after `generate_portfolio` and `integrate`):
all nine intervals cover the truth, e.g. completion +11.2 pp [5.8, 16.6] against +10.1 at
seed 1, +12.6 [8.5, 16.7] against +9.9 at seed 2. Two seeds run here; a 95% interval misses
one time in twenty, which these fixed seeds happen not to do."""

from __future__ import annotations

import json

import pytest

from journey_utils.case_study.report import run_case_study

OUTCOMES = {
    "completion": "completion_rate_pp",
    "time_to_decision": "time_to_decision_days",
    "csat_application": "csat_application",
}


@pytest.mark.parametrize("seed", [1, 2])
def test_the_configured_form_study_covers_the_planted_effects_at_another_seed(
    seed: int, other_seed_portfolio
) -> None:
    params = other_seed_portfolio(seed)
    truth = json.loads((params.root / "truth" / "truth.json").read_text(encoding="utf-8"))
    planted = truth["interventions"]["form_simplification"]
    spec = params.case_study("form_simplification")
    assert planted["treated_branches"] == sorted(spec.treated)
    effects = planted["effects_on_treated_post"]
    study = run_case_study(params, "form_simplification")
    for outcome, key in OUTCOMES.items():
        result = study.outcomes[outcome].main
        assert result.ci_low <= effects[key] <= result.ci_high, (outcome, result, effects[key])
