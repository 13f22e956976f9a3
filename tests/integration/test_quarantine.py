"""Quarantine: contract failures, then duplicate keys, then orphans; counts always reconcile."""

from __future__ import annotations

import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.integration.privacy import pseudonymiser
from journey_utils.integration.quarantine import validate_source
from journey_utils.params.run import RunParams

PARAMS = RunParams(run_name="t", data_dir="/tmp/unused")

COLUMNS = ["interaction_id", "client_id", "ts", "kind", "staff_id", "duration_min", "notes"]


def _interactions(rows: list[tuple[str | None, ...]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: pd.Series(v, dtype="str")
            for c, v in zip(COLUMNS, zip(*rows, strict=True), strict=True)
        }
    )


GOOD = ("I1", "C1", "2025-01-01 10:00:00", "rm_meeting", "RM7", "30", "客户说资金紧张")

ROWS = [
    GOOD,  # 1 accepted
    ("I2", "C2", "2025-01-02 10:00:00", "phone_call", "RM7", "5", None),  # 2 accepted
    GOOD,  # 3 exact duplicate of row 1
    ("I3", "C1", "2026-01-02 10:00:00", "email", "RM8", "-5", None),  # 4 three faults
    ("I2", "C2", "2025-01-02 10:00:00", "phone_call", "RM7", "abc", None),  # 5 broken copy
    ("I4", "C9", "2025-03-01 10:00:00", "site_visit", "RM9", "90", "nothing"),  # 6 orphan
    ("I5", "C1", None, "branch_visit", None, None, None),  # 7 ts missing
    ("I6", "C9", "2025-03-01 10:00:00", "site_visit", "RM9", "90", None),  # 8 orphan
    ("I4", "C9", "2025-03-01 10:00:00", "site_visit", "RM9", "90", None),  # 9 dup of an orphan
]


@pytest.fixture
def validated():
    return validate_source(_interactions(ROWS), "interactions", PARAMS, {"clients": ["C1", "C2"]})


def test_known_faults_give_exact_counts(validated) -> None:
    assert validated.rows_in == 9
    assert len(validated.accepted) == 2 and len(validated.quarantined) == 7
    assert validated.accepted["_row"].tolist() == [1, 2]
    assert validated.fk_checked == 4 and validated.orphans == 2  # row 9 went as a duplicate


def test_reasons_per_row(validated) -> None:
    q = validated.quarantined.set_index("_row")["_reason"].to_dict()
    assert q == {
        3: "duplicate key (interaction_id)",
        4: "ts: after as_of 2025-12-31; kind: not an allowed value; duration_min: negative",
        5: "duration_min: not a number",
        6: "orphan: client_id not in clients",
        7: "ts: missing",
        8: "orphan: client_id not in clients",
        9: "duplicate key (interaction_id)",
    }
    assert validated.reasons() == {
        "duplicate key (interaction_id)": 2,
        "orphan: client_id not in clients": 2,
        "ts: after as_of 2025-12-31": 1,
        "kind: not an allowed value": 1,
        "duration_min: negative": 1,
        "duration_min: not a number": 1,
        "ts: missing": 1,
    }


def test_a_broken_copy_does_not_make_its_original_a_duplicate(validated) -> None:
    assert "I2" in set(validated.accepted["interaction_id"])


def test_quarantined_rows_keep_values_without_free_text(validated) -> None:
    q = validated.quarantined
    assert list(q.columns) == ["_row", *[c for c in COLUMNS if c != "notes"], "_length", "_reason"]
    row4 = q.set_index("_row").loc[4]
    # the three values that broke their rule are withheld; the rest of the row is kept
    assert row4[["kind", "duration_min", "ts"]].isna().all()
    assert row4["interaction_id"] == "I3"
    assert row4["_reason"].count(";") == 2
    assert set(q["client_id"]) <= {"C1", "C2", "C9"}  # raw until the pseudonymise step


def test_the_pseudonymise_step_leaves_no_raw_identifier_in_the_quarantine(validated) -> None:
    """Validation hands raw identifiers on; the next step of the integration replaces them."""
    q = pseudonymiser(PARAMS).pseudonymise_frame(validated.quarantined, "interactions")
    assert q["client_id"].str.fullmatch(r"C-[0-9a-f]{16}").all()
    assert q["staff_id"].dropna().str.fullmatch(r"S-[0-9a-f]{16}").all()
    assert q.loc[q["_row"] == 7, "staff_id"].isna().all()
    assert q["_row"].tolist() == validated.quarantined["_row"].tolist()


def test_accepted_rows_are_typed_with_raw_keys(validated) -> None:
    acc = validated.accepted
    assert acc["client_id"].tolist() == ["C1", "C2"]
    assert acc["ts"].dtype == "datetime64[us]" and acc["duration_min"].dtype == "float64"
    assert "notes" in acc.columns  # integration drops it when writing


def test_column_counts_feed_completeness_and_validity(validated) -> None:
    counts = validated.column_counts.set_index("column")
    assert counts.loc["ts", "non_null"] == 8 and counts.loc["ts", "invalid"] == 1
    assert counts.loc["duration_min", "non_null"] == 8  # "abc" was there, just not a number
    assert counts.loc["duration_min", "invalid"] == 2
    assert counts.loc["kind", "invalid"] == 1 and counts.loc["client_id", "invalid"] == 0


def test_without_parents_the_foreign_key_is_not_checked() -> None:
    v = validate_source(_interactions(ROWS), "interactions", PARAMS)
    assert v.fk_checked is None and v.orphans == 0
    assert len(v.accepted) == 4  # rows 1, 2, 6, 8
    assert v.rows_in == 9


def test_rows_are_numbered_when_the_frame_has_no_row_column() -> None:
    v = validate_source(_interactions([GOOD, GOOD]), "interactions", PARAMS, {"clients": ["C1"]})
    assert v.quarantined["_row"].tolist() == [2]


def test_rows_keep_their_file_numbers() -> None:
    df = _interactions([GOOD, GOOD])
    df.insert(0, "_row", [41, 42])
    v = validate_source(df, "interactions", PARAMS, {"clients": ["C1"]})
    assert v.accepted["_row"].tolist() == [41] and v.quarantined["_row"].tolist() == [42]


def test_composite_keys() -> None:
    fin = pd.DataFrame(
        {
            "client_id": ["C1", "C1", "C1"],
            "fiscal_year": ["2023", "2024", "2024"],
            **{
                c: ["10", "10", "10"]
                for c in [
                    "revenue", "net_profit", "total_assets", "total_liabilities",
                    "current_assets", "current_liabilities", "operating_cash_flow",
                    "interest_expense",
                ]
            },
        }
    )  # fmt: skip
    v = validate_source(fin, "financials", PARAMS, {"clients": ["C1"]})
    assert v.quarantined["_reason"].tolist() == ["duplicate key (client_id, fiscal_year)"]


def test_missing_column_is_an_input_error_not_a_quarantine() -> None:
    df = _interactions([GOOD]).drop(columns=["kind"])
    with pytest.raises(InputError) as err:
        validate_source(df, "interactions", PARAMS)
    assert err.value.column == "kind" and "missing required column 'kind'" in str(err.value)


def test_all_rows_quarantined_still_reconciles() -> None:
    bad = [("I1", "C1", "bad", "x", None, "-1", None)] * 3
    v = validate_source(_interactions(bad), "interactions", PARAMS, {"clients": ["C1"]})
    assert len(v.accepted) == 0 and len(v.quarantined) == 3 and v.rows_in == 3
