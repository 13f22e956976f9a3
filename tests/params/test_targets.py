"""Targets of the headline figures: defaults a bank recognises, overridden figure by figure,
checked for order, and the red/amber/green status they give."""

from __future__ import annotations

import math

import pytest

from journey_utils.errors import ParamsError
from journey_utils.params.run import load_params
from journey_utils.params.targets import DEFAULT_TARGETS, Target


@pytest.mark.parametrize(
    ("value", "status"),
    [(0.02, "green"), (0.03, "green"), (0.04, "amber"), (0.05, "amber"), (0.056, "red")],
)
def test_lower_is_better_status(value: float, status: str) -> None:
    assert Target(better="lower", target=0.03, alarm=0.05).status(value) == status


@pytest.mark.parametrize(("value", "status"), [(4.2, "green"), (3.7, "amber"), (3.49, "red")])
def test_higher_is_better_status(value: float, status: str) -> None:
    assert Target(better="higher", target=4.0, alarm=3.5).status(value) == status


def test_a_missing_figure_has_no_status() -> None:
    assert DEFAULT_TARGETS["csat"].status(math.nan) == ""


def test_an_alarm_on_the_wrong_side_is_refused() -> None:
    with pytest.raises(ValueError, match=r"alarm 0\.02 must lie above target 0\.03"):
        Target(better="lower", target=0.03, alarm=0.02)


def test_params_override_one_figure_and_keep_the_other_defaults(write_params) -> None:
    path = write_params(
        "t", targets={"npl_share": {"better": "lower", "target": 0.02, "alarm": 0.04}, "csat": None}
    )
    targets = load_params(path).targets
    assert targets["npl_share"].target == 0.02
    assert "csat" not in targets  # set to null: no target
    assert targets["journey_conversion"] == DEFAULT_TARGETS["journey_conversion"]


def test_an_unknown_figure_is_named(write_params) -> None:
    path = write_params("t", targets={"npl_ratio": {"better": "lower", "target": 1, "alarm": 2}})
    with pytest.raises(ParamsError, match="npl_ratio"):
        load_params(path)
