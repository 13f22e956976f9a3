"""Variants, transition matrix and rework on hand-made logs with known answers, and on generated
data against direct counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.journey.paths import (
    OTHER_VARIANTS,
    encode_log,
    rework_cases,
    rework_flags,
    rework_table,
    transition_matrix,
    variants_table,
)


def make_log(cases: dict[str, tuple[str, list[tuple[str, str, str]]]]) -> pd.DataFrame:
    """A tiny journey log: case -> (outcome, [(stage, status, day), ...])."""
    rows = [
        {
            "application_id": case,
            "client_id": f"C{case}",
            "stage": stage,
            "status": status,
            "ts": pd.Timestamp("2024-01-01") + pd.Timedelta(days=float(day)),
            "outcome": outcome,
        }
        for case, (outcome, events) in cases.items()
        for stage, status, day in events
    ]
    return pd.DataFrame(rows)


FULL = [
    ("information", "entered", 0),
    ("information", "completed", 1),
    ("application", "entered", 1),
    ("application", "completed", 3),
    ("due_diligence", "entered", 3),
    ("due_diligence", "completed", 6),
    ("approval", "entered", 6),
    ("approval", "completed", 8),
    ("contract_disbursement", "entered", 8),
    ("contract_disbursement", "completed", 10),
]


@pytest.fixture
def tiny() -> pd.DataFrame:
    return make_log(
        {
            "A1": ("disbursed", FULL),
            "A2": ("disbursed", FULL),
            "A3": ("abandoned", FULL[:3]),
            # rework: application completed, then entered again (one visit, two passes)
            "A4": (
                "declined",
                [
                    *FULL[:4],
                    ("application", "entered", 5),
                    ("application", "completed", 9),
                    ("due_diligence", "entered", 9),
                    ("due_diligence", "completed", 12),
                    # back to application after due diligence: a second visit
                    ("application", "entered", 13),
                    ("application", "completed", 14),
                ],
            ),
        }
    )


def test_variants_of_tiny_log(tiny: pd.DataFrame) -> None:
    table = variants_table(tiny, min_cell_size=1)
    got = dict(zip(table["variant"], table["cases"], strict=True))
    full = " › ".join(
        ["information", "application", "due_diligence", "approval", "contract_disbursement"]
    )
    assert got == {
        f"{full} › disbursed": 2,
        "information › application › abandoned": 1,
        "information › application › due_diligence › application › declined": 1,
    }
    first = table.iloc[0]
    assert first["n_steps"] == 6 and first["share"] == 0.5 and first["median_days"] == 10
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert table["outcome"].tolist() == ["disbursed", "abandoned", "declined"]


def test_variants_remainder_row(tiny: pd.DataFrame) -> None:
    table = variants_table(tiny, top=1, min_cell_size=1)
    assert table["variant"].tolist()[-1] == OTHER_VARIANTS
    assert table["cases"].tolist() == [2, 2]
    assert table["n_variants"].tolist() == [1, 2]
    assert table["share"].sum() == pytest.approx(1.0)


def test_variants_do_not_depend_on_row_order(tiny: pd.DataFrame) -> None:
    shuffled = tiny.sample(frac=1.0, random_state=3).reset_index(drop=True)
    pd.testing.assert_frame_equal(
        variants_table(shuffled, min_cell_size=1), variants_table(tiny, min_cell_size=1)
    )


def test_long_variants_are_told_apart() -> None:
    """Cases longer than the packed 20 visits differ only in their tail."""
    loop = [("application", "entered", 0), ("due_diligence", "entered", 1)] * 12
    a = [(s, st, i) for i, (s, st, _) in enumerate([*loop, ("approval", "entered", 0)])]
    b = [(s, st, i) for i, (s, st, _) in enumerate([*loop, ("information", "entered", 0)])]
    log = make_log({"L1": ("declined", a), "L2": ("declined", b), "L3": ("declined", a)})
    table = variants_table(log, min_cell_size=1)
    assert table["cases"].tolist() == [2, 1]
    assert table["n_steps"].tolist() == [26, 26]
    assert table["variant"].iloc[0].endswith("approval › declined")


def test_transition_matrix_of_tiny_log(tiny: pd.DataFrame) -> None:
    matrix = transition_matrix(tiny, min_cell_size=1)
    assert matrix.loc["start", "information"] == 4
    assert matrix.loc["application", "due_diligence"] == 3
    assert matrix.loc["due_diligence", "application"] == 1
    assert matrix.loc["application", "abandoned"] == 1
    assert matrix.loc["application", "declined"] == 1
    assert matrix.loc["contract_disbursement", "disbursed"] == 2
    assert "post_loan" not in matrix.index  # no events there
    assert "withdrawn" not in matrix.columns
    shares = transition_matrix(tiny, normalise="row", min_cell_size=1)
    assert shares.sum(axis=1).to_numpy() == pytest.approx(np.ones(len(shares)))


def test_transition_matrix_matches_direct_count(small_scale) -> None:
    log = small_scale.log
    matrix = transition_matrix(log, min_cell_size=1)
    text = log.astype({"stage": "str", "outcome": "str"})  # the direct count on plain text
    ordered = text.sort_values(["application_id", "ts"], kind="stable")
    visits = ordered[
        ordered["stage"].ne(ordered["stage"].shift())
        | ordered["application_id"].ne(ordered["application_id"].shift())
    ]
    nxt = visits.groupby("application_id")["stage"].shift(-1)
    to = nxt.fillna(visits["outcome"])
    direct = pd.crosstab(visits["stage"], to)
    for stage in direct.index:
        for target in direct.columns:
            assert matrix.loc[stage, target] == direct.loc[stage, target]
    # every case starts once and ends once
    assert matrix.loc["start"].sum() == log["application_id"].nunique()
    ends = matrix[[c for c in matrix.columns if c in set(log["outcome"])]].sum().sum()
    assert ends == log["application_id"].nunique()


def test_rework(tiny: pd.DataFrame) -> None:
    per = rework_cases(tiny).set_index(["application_id", "stage"])
    assert per.loc[("A4", "application"), "passes"] == 3
    # first pass ends on day 3, last on day 14
    assert per.loc[("A4", "application"), "extra_days"] == pytest.approx(11.0)
    assert not per.loc[("A1", "application"), "reworked"]
    table = rework_table(tiny, min_cell_size=1).set_index("stage")
    assert table.loc["application", "cases"] == 4
    assert table.loc["application", "cases_reworked"] == 1
    assert table.loc["application", "rework_share"] == pytest.approx(0.25)
    assert table.loc["due_diligence", "cases_reworked"] == 0
    flags = rework_flags(tiny).set_index("application_id")
    assert flags["reworked"].to_dict() == {"A1": False, "A2": False, "A3": False, "A4": True}
    assert flags.loc["A4", "n_rework"] == 2


def test_rework_matches_entered_counts(small_scale) -> None:
    log = small_scale.log
    entered = log[log["status"] == "entered"].groupby(["stage", "application_id"]).size()
    direct = (entered > 1).groupby("stage").sum()
    table = rework_table(log, min_cell_size=1).set_index("stage")
    for stage, n in direct.items():
        assert table.loc[stage, "cases_reworked"] == n


def test_unknown_stage_is_named(tiny: pd.DataFrame) -> None:
    bad = tiny.copy()
    bad.loc[0, "stage"] = "coffee_break"
    with pytest.raises(InputError, match="coffee_break"):
        variants_table(bad, min_cell_size=1)
    with pytest.raises(InputError, match="missing column"):
        transition_matrix(tiny.drop(columns="ts"), min_cell_size=1)


def test_encoding_keeps_cases_together(tiny: pd.DataFrame) -> None:
    enc = encode_log(tiny.sample(frac=1.0, random_state=1))
    assert np.all(np.diff(enc.case) >= 0)
    assert enc.n_cases == 4
