"""The one-row-per-case view every journey analysis starts from."""

from __future__ import annotations

import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.journey.cases import add_client_attributes, case_table, stages_in


def _log() -> pd.DataFrame:
    rows = [
        ("A1", "C1", "information", "entered", "2024-01-01", "disbursed"),
        ("A1", "C1", "information", "completed", "2024-01-02", "disbursed"),
        ("A1", "C1", "application", "entered", "2024-01-02", "disbursed"),
        ("A1", "C1", "application", "completed", "2024-01-05", "disbursed"),
        ("A1", "C1", "contract_disbursement", "entered", "2024-01-20", "disbursed"),
        ("A2", "C2", "information", "entered", "2024-02-01", "abandoned"),
        ("A2", "C2", "application", "entered", "2024-02-03", "abandoned"),
    ]
    log = pd.DataFrame(
        rows, columns=["application_id", "client_id", "stage", "status", "ts", "outcome"]
    )
    log["ts"] = pd.to_datetime(log["ts"])
    log["product"] = ["loan"] * 5 + ["lease"] * 2
    return log


def test_one_row_per_case_with_reach_and_first_entry() -> None:
    cases = case_table(_log()).set_index("application_id")
    assert list(cases.index) == ["A1", "A2"]
    assert cases.loc["A1", "furthest_stage"] == "contract_disbursement"
    assert cases.loc["A2", "furthest_stage"] == "application"
    assert cases.loc["A1", "n_events"] == 5
    assert bool(cases.loc["A1", "reached_application"]) and not cases.loc["A1", "reached_approval"]
    assert cases.loc["A2", "entered_application"] == pd.Timestamp("2024-02-03")
    assert pd.isna(cases.loc["A2", "entered_due_diligence"])
    assert cases.loc["A2", "product"] == "lease"


def test_last_activity_uses_the_case_column_when_later() -> None:
    log = _log()
    log["last_activity_at"] = pd.to_datetime(["2024-01-20"] * 5 + ["2024-02-10"] * 2)
    cases = case_table(log, attributes=[]).set_index("application_id")
    assert cases.loc["A2", "last_ts"] == pd.Timestamp("2024-02-03")
    assert cases.loc["A2", "last_activity"] == pd.Timestamp("2024-02-10")
    assert cases.loc["A1", "last_activity"] == pd.Timestamp("2024-01-20")


def test_reach_counts_equal_a_direct_count(small_scale) -> None:
    cases = case_table(small_scale.log, attributes=[])
    direct = small_scale.log.groupby("stage")["application_id"].nunique()
    for stage, n in direct.items():
        assert cases[f"reached_{stage}"].sum() == n
    assert stages_in(small_scale.log)[0] == "information"


def test_client_attributes_join_and_missing_columns_are_named() -> None:
    clients = pd.DataFrame({"client_id": ["C1", "C2"], "industry": ["energy", "retail"]})
    joined = add_client_attributes(_log(), clients, ["industry"])
    assert joined.groupby("client_id")["industry"].first().to_dict() == {
        "C1": "energy",
        "C2": "retail",
    }
    with pytest.raises(InputError, match="region"):
        add_client_attributes(_log(), clients, ["region"])
    with pytest.raises(InputError, match="outcome"):
        case_table(_log().drop(columns=["outcome"]))
