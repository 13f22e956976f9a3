"""InterventionSpec validation: good blocks load, bad ones stop with one line."""

from __future__ import annotations

import pytest

from journey_utils.params.intervention import CaseStudyError, intervention_spec

BASE = {"name": "form", "title": "Form", "start": "2024-06-01", "treated": ["BR001"],
        "control": ["BR002"], "outcomes": ["completion"]}  # fmt: skip


def test_a_good_block_loads_with_defaults():
    spec = intervention_spec(BASE)
    assert spec.period == "month" and spec.pre_periods == 12 and spec.treated == ("BR001",)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"outcomes": ["nps_magic"]}, "unknown outcome"),
        ({"pre_periods": 2}, "at least 3"),
        ({"control": []}, "no control units"),
        ({"control": ["BR001"]}, "both treated and control"),
        ({"period": "week"}, "month"),
    ],
)
def test_bad_blocks_stop_with_one_line(change, words):
    with pytest.raises(CaseStudyError) as err:
        intervention_spec({**BASE, **change})
    assert words in str(err.value) and "\n" not in str(err.value)


def test_its_design_needs_no_controls():
    assert intervention_spec({**BASE, "design": "its", "control": []}).design == "its"


WAVES = {"name": "form", "title": "Form", "outcomes": ["completion"],
         "waves": [{"start": "2024-06-01", "treated": ["BR001", "BR002"]},
                   {"start": "2024-09-01", "treated": ["BR003"]}]}  # fmt: skip


def test_a_roll_out_in_waves_gives_each_unit_its_start() -> None:
    spec = intervention_spec(WAVES)
    assert spec.staggered and spec.treated == ("BR001", "BR002", "BR003")
    assert str(spec.start) == "2024-06-01"
    assert {u: str(d) for u, d in spec.unit_starts().items()} == {
        "BR001": "2024-06-01", "BR002": "2024-06-01", "BR003": "2024-09-01"}  # fmt: skip
    assert not intervention_spec(BASE).staggered


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"start": "2024-01-01"}, "either waves or start"),
        (
            {
                "waves": [
                    {"start": "2024-06-01", "treated": ["A"]},
                    {"start": "2024-09-01", "treated": ["A"]},
                ]
            },
            "treated twice",
        ),
        ({"waves": [{"start": "2024-06-01"}]}, "needs a start and its treated units"),
    ],
)
def test_bad_waves_stop_with_one_line(change, words) -> None:
    with pytest.raises(CaseStudyError) as err:
        intervention_spec({**WAVES, **change})
    assert words in str(err.value) and "\n" not in str(err.value)
