"""The generator plants the interventions the params' case studies describe: the configured
treated branches are the truly treated ones at any seed, and a branch it does not make stops."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from journey_utils.errors import ParamsError
from journey_utils.params.run import load_params
from journey_utils.synthetic.context import make_context
from journey_utils.synthetic.effects import TREATED_BRANCH_SHARE, make_interventions
from journey_utils.synthetic.geography import make_branches

REPO = Path(__file__).resolve().parents[2]


def _default(**overrides: object):
    return load_params(REPO / "params" / "default.yaml", {"data_dir": "/tmp/unused", **overrides})


@pytest.mark.parametrize("seed", [1, 7, 99, 20240601])
def test_the_configured_branches_and_date_are_the_treated_ones_at_any_seed(seed: int) -> None:
    params = _default(seed=seed)
    spec = next(cs for cs in params.case_studies if cs.unit_column == "branch_id")
    ctx = make_context(params)
    treated = [ctx.branches.branch_id[b] for b in ctx.interventions.form_branches]
    assert treated == sorted(spec.treated)
    assert ctx.interventions.form_date == spec.start
    placebo = set(ctx.interventions.placebo_branches)
    assert not placebo & set(ctx.interventions.form_branches)  # placebos are never treated


def test_without_a_branch_case_study_the_treated_branches_are_a_seeded_draw() -> None:
    params = _default(case_studies=[])
    a, b = make_context(params).interventions, make_context(params).interventions
    assert a.form_branches == b.form_branches
    n_branches = len(make_context(params).branches.branch_id)
    assert len(a.form_branches) == round(TREATED_BRANCH_SHARE * n_branches)
    other = make_context(_default(case_studies=[], seed=2)).interventions
    assert other.form_branches != a.form_branches


def test_at_the_default_seed_the_params_name_the_branches_the_draw_gives() -> None:
    """The default params list the branches the default seed draws (and the industries of the
    programme by default), so the rest of the default portfolio does not depend on naming them."""
    named = make_context(_default()).interventions
    drawn = make_context(_default(case_studies=[])).interventions
    assert named.form_branches == drawn.form_branches
    assert named.personalisation_industries == drawn.personalisation_industries
    assert named.placebo_branches == drawn.placebo_branches


@pytest.mark.parametrize("seed", [1, 20240601])
def test_each_wave_starts_the_form_in_its_own_branches(seed: int) -> None:
    params = _default(seed=seed)
    spec = next(cs for cs in params.case_studies if cs.unit_column == "branch_id")
    assert spec.staggered
    ctx = make_context(params)
    iv = ctx.interventions
    planted = {ctx.branches.branch_id[b]: d for b, d in zip(iv.form_branches, iv.form_starts,
                                                            strict=True)}  # fmt: skip
    assert planted == spec.unit_starts()
    assert iv.form_date == min(spec.unit_starts().values())
    never = np.iinfo(np.int64).max
    untreated = [i for i in range(len(ctx.branches.branch_id)) if i not in iv.form_branches]
    assert (ctx.form_start_s[untreated] == never).all()


def test_a_branch_the_generator_does_not_make_stops_in_one_line() -> None:
    params = _default()
    spec = next(cs for cs in params.case_studies if cs.unit_column == "branch_id")
    bad = spec.model_copy(update={"treated": (*spec.treated, "BR999")})
    rng = np.random.default_rng(0)
    branches = make_branches(rng).branch_id
    with pytest.raises(ParamsError, match=r"treated branch 'BR999' is not one of") as err:
        make_interventions(rng, branches, params.start_date, params.as_of, (bad,))
    assert "\n" not in str(err.value)
