"""Each journey table masks its own small groups, as notebook 03 did with the same call before, so
a notebook cannot show one unmasked; `min_cell_size=1` gives the table as computed."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import pandas as pd
import pytest

from journey_utils.disclosure import drop_small_groups, mask_small_cells, mask_small_groups
from journey_utils.journey import masking
from journey_utils.journey.cohorts import cohorts_table
from journey_utils.journey.dropoff import dropoff_timing_table
from journey_utils.journey.funnel import funnel_table
from journey_utils.journey.paths import rework_table, transition_matrix, variants_table
from journey_utils.journey.satisfaction import satisfaction_table
from journey_utils.journey.sections import client_cohorts, survey_results, time_to_contract
from journey_utils.journey.timing import (
    stage_durations_table,
    survival_table,
    time_between_table,
    time_to_decision_table,
)

MASKED: dict[str, tuple[str, int, Callable[..., pd.DataFrame]]] = {
    # name: (count column, a threshold the small portfolio has groups on both sides of, the table)
    "funnel by channel": (
        "cases",
        150,
        lambda d, n: funnel_table(d.log, by="channel", min_cell_size=n),
    ),
    "dropoff timing": ("cases", 40, lambda d, n: dropoff_timing_table(d.log, min_cell_size=n)),
    "stage durations by product": (
        "visits",
        50,
        lambda d, n: stage_durations_table(d.log, d.params.as_of, by="product", min_cell_size=n),
    ),
    "time between": (
        "cases",
        10,
        lambda d, n: time_between_table(
            d.log, "application", "approval", d.params.as_of, by="branch_id", min_cell_size=n
        ),
    ),
    "time to decision": (
        "cases",
        10,
        lambda d, n: time_to_decision_table(d.log, d.params.as_of, by="branch_id", min_cell_size=n),
    ),
    "variants": ("cases", 40, lambda d, n: variants_table(d.log, top=30, min_cell_size=n)),
    "rework": ("cases", 1000, lambda d, n: rework_table(d.log, min_cell_size=n)),
    "satisfaction by outcome": (
        "responses",
        40,
        lambda d, n: satisfaction_table(
            d.table("surveys"), d.table("applications"), by=("outcome",), min_cell_size=n
        ),
    ),
}

DROPPED: dict[str, tuple[str, int, Callable[..., pd.DataFrame]]] = {
    "survival by product": (
        "at_risk",
        40,
        lambda d, n: survival_table(d.log, d.params.as_of, by="product", min_cell_size=n),
    ),
    "cohorts": (
        "cohort_size",
        10,
        lambda d, n: cohorts_table(d.log, d.params.as_of, min_cell_size=n),
    ),
}

TABLES = [
    funnel_table,
    dropoff_timing_table,
    stage_durations_table,
    time_between_table,
    time_to_decision_table,
    survival_table,
    variants_table,
    transition_matrix,
    rework_table,
    cohorts_table,
    satisfaction_table,
    time_to_contract,
    client_cohorts,
    survey_results,
]


@pytest.mark.parametrize("name", MASKED)
def test_a_table_masks_its_small_groups_as_the_notebook_did(small_scale, name: str) -> None:
    count, threshold, table = MASKED[name]
    every = table(small_scale, 1)
    shown = table(small_scale, threshold)
    pd.testing.assert_frame_equal(shown, mask_small_groups(every, count, min_cell_size=threshold))
    assert shown["masked"].any() and not shown["masked"].all(), "no group on either side"


@pytest.mark.parametrize("name", DROPPED)
def test_a_charted_table_leaves_out_its_small_groups(small_scale, name: str) -> None:
    count, threshold, table = DROPPED[name]
    every = table(small_scale, 1)
    shown = table(small_scale, threshold)
    pd.testing.assert_frame_equal(shown, drop_small_groups(every, count, min_cell_size=threshold))
    assert 0 < len(shown) < len(every), "no group on either side"


@pytest.mark.parametrize("name", [*MASKED, *DROPPED])
def test_one_as_the_threshold_gives_the_table_as_computed(small_scale, name: str) -> None:
    count, _, table = {**MASKED, **DROPPED}[name]
    every = table(small_scale, 1)
    assert "masked" not in every.columns
    assert not isinstance(every[count].dtype, pd.Float64Dtype)  # counts keep their own type


def test_the_transition_matrix_masks_small_counts_and_their_shares(small_scale) -> None:
    counts = transition_matrix(small_scale.log, min_cell_size=1)
    shown = transition_matrix(small_scale.log, min_cell_size=40)
    pd.testing.assert_frame_equal(shown, mask_small_cells(counts, min_cell_size=40))
    assert shown.isna().any().any() and shown.notna().any().any()
    shares = transition_matrix(small_scale.log, normalise="row", min_cell_size=40)
    every_share = transition_matrix(small_scale.log, normalise="row", min_cell_size=1)
    pd.testing.assert_frame_equal(shares, every_share.mask(shown.isna()))


def test_stage_durations_summary_keeps_the_report_columns_then_masks(small_scale) -> None:
    as_of = small_scale.params.as_of
    full = stage_durations_table(small_scale.log, as_of, min_cell_size=1)
    brief = stage_durations_table(small_scale.log, as_of, min_cell_size=10**6, summary=True)
    columns = ["stage", "visits", "completed", "censored", "median", "median_low", "median_high"]
    expected = full[[*columns, "p75", "p90", "naive_median"]]
    pd.testing.assert_frame_equal(brief, mask_small_groups(expected, "visits", min_cell_size=10**6))


def test_the_masking_helpers_return_the_very_table_at_one() -> None:
    table = pd.DataFrame({"group": ["a", "b"], "n": [0, 3]})
    assert masking.mask_groups(table, "n", min_cell_size=1) is table
    assert masking.drop_groups(table, "n", min_cell_size=1) is table
    assert masking.mask_cells(table[["n"]], min_cell_size=1).equals(table[["n"]])
    assert masking.mask_groups(table, "n", min_cell_size=2)["masked"].tolist() == [True, False]
    assert masking.drop_groups(table, "n", min_cell_size=2)["group"].tolist() == ["b"]


@pytest.mark.parametrize("function", TABLES, ids=lambda f: f.__name__)
def test_no_caller_can_forget_the_threshold(function: Callable[..., object]) -> None:
    parameter = inspect.signature(function).parameters["min_cell_size"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is inspect.Parameter.empty
