"""Contracts: every rule fires on the value it guards, with the reason text the quarantine shows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest

from journey_utils import catalog as cat
from journey_utils.catalog import SOURCES
from journey_utils.integration.contracts import RULES, coerce_to_contract, dtype_of, schema_for
from journey_utils.params.run import RunParams

PARAMS = RunParams(run_name="t", data_dir="/tmp/unused")

VALID: dict[str, dict[str, str]] = {
    "clients": {
        "client_id": "C1",
        "uscc": "91350100M000100Y43",
        "name": "福州闽江机械有限公司",
        "contact_name": "张伟",
        "contact_phone": "13800000001",
        "industry": "manufacturing",
        "high_tech": "false",
        "province": "福建省",
        "region": "east",
        "founded_on": "2005-03-01",
        "employees": "250",
        "ownership": "private",
        "listed": "false",
        "home_branch_id": "B01",
    },
    "financials": {
        "client_id": "C1",
        "fiscal_year": "2024",
        "revenue": "1000",
        "net_profit": "-20",
        "total_assets": "2000",
        "total_liabilities": "1000",
        "current_assets": "800",
        "current_liabilities": "400",
        "operating_cash_flow": "-5",
        "interest_expense": "20",
    },
    "credit_history": {
        "client_id": "C1",
        "as_of_date": "2025-06-30",
        "internal_rating": "BBB",
        "bureau_score": "680",
        "past_loans": "2",
        "max_dpd_24m": "0",
        "defaulted_before": "false",
        "inquiries_6m": "1",
    },
    "digital_events": {
        "event_id": "E1",
        "client_id": "C1",
        "ts": "2025-12-31 23:59:59",
        "channel": "wechat",
        "event_type": "rate_calculator",
        "session_id": "S1",
    },
    "interactions": {
        "interaction_id": "I1",
        "client_id": "C1",
        "ts": "2025-05-01 10:00:00",
        "kind": "site_visit",
        "staff_id": "RM7",
        "duration_min": "45",
        "notes": "",
    },
    "applications": {
        "application_id": "A1",
        "client_id": "C1",
        "product": "working_capital",
        "requested_amount": "1000000",
        "term_months": "12",
        "channel": "web",
        "branch_id": "B01",
        "form_version": "v2_simplified",
        "n_form_fields": "45",
        "documents_requested": "5",
        "personalised": "true",
        "started_at": "2024-01-10 09:00:00",
        "submitted_at": "2024-01-12 09:00:00",
        "first_response_hours": "20.5",
        "outcome": "disbursed",
        "decided_at": "2024-02-01 12:00:00",
        "approved_amount": "900000",
        "offered_rate": "3.85",
        "offer_accepted": "true",
        "disbursed_at": "2024-02-10 12:00:00",
    },
    "stage_events": {
        "application_id": "A1",
        "stage": "due_diligence",
        "status": "completed",
        "ts": "2024-01-20 09:00:00",
    },
    "loan_performance": {
        "application_id": "A1",
        "month": "2024-03-01",
        "balance": "900000",
        "dpd": "0",
        "classification": "special_mention",
    },
    "surveys": {
        "response_id": "R1",
        "client_id": "C1",
        "application_id": "",
        "stage": "",
        "ts": "2024-02-02 10:00:00",
        "csat": "5",
        "nps": "0",
    },
}


def reasons(source: str, overrides: dict[str, str | None] | None = None) -> set[str]:
    """Reasons the contract gives for one row: the valid row of `source` with `overrides`."""
    row = {**VALID[source], **(overrides or {})}
    raw = pd.DataFrame({k: pd.Series([v], dtype="str") for k, v in row.items()})
    coerced = coerce_to_contract(raw, source, PARAMS)
    found = {str(coerced.reasons[col][0]) for col in coerced.unparsed}
    try:
        schema_for(source, PARAMS).validate(coerced.frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        found |= {
            f"{c}: missing" if chk == "not_nullable" else chk
            for c, chk in zip(cases["column"], cases["check"], strict=True)
            if not (chk == "not_nullable" and c in coerced.unparsed)
        }
    return found


def test_contract_covers_every_catalog_column() -> None:
    for name, info in SOURCES.items():
        assert tuple(RULES[name]) == info.columns
        assert set(schema_for(name, PARAMS).columns) == set(info.columns)
        assert set(VALID[name]) == set(info.columns)


@pytest.mark.parametrize("name", list(SOURCES))
def test_valid_rows_pass(name: str) -> None:
    assert reasons(name) == set()


@pytest.mark.parametrize(
    ("name", "overrides", "reason"),
    [
        ("clients", {"uscc": "91350100M000100Y44"}, "uscc: invalid check digit"),
        ("clients", {"uscc": "91350100M000100"}, "uscc: not 18 characters"),
        ("clients", {"uscc": "91350100M0001I0Y43"}, "uscc: invalid characters"),
        ("clients", {"region": "mars"}, "region: not an allowed value"),
        ("clients", {"industry": "mining"}, "industry: not an allowed value"),
        ("clients", {"industry": "software"}, "industry: not an allowed value"),
        ("clients", {"province": "福建"}, "province: not an allowed value"),
        ("clients", {"province": "Fujian"}, "province: not an allowed value"),
        ("clients", {"region": "north"}, "region: does not match province"),
        ("clients", {"province": "北京市"}, "region: does not match province"),
        ("clients", {"ownership": "public"}, "ownership: not an allowed value"),
        ("clients", {"founded_on": "1901-01-01"}, "founded_on: before 1949-01-01"),
        ("clients", {"founded_on": "2026-01-01"}, "founded_on: after as_of 2025-12-31"),
        ("clients", {"employees": "0"}, "employees: not in 1..5,000,000"),
        ("clients", {"name": None}, "name: missing"),
        ("financials", {"revenue": "-1"}, "revenue: negative"),
        ("financials", {"interest_expense": "-0.5"}, "interest_expense: negative"),
        ("financials", {"total_assets": "0"}, "total_assets: not positive"),
        ("financials", {"fiscal_year": "2026"}, "fiscal_year: not in 1949..2025"),
        ("financials", {"fiscal_year": "1900"}, "fiscal_year: not in 1949..2025"),
        ("credit_history", {"internal_rating": "AAAA"}, "internal_rating: not an allowed value"),
        ("credit_history", {"max_dpd_24m": "-3"}, "max_dpd_24m: negative"),
        ("credit_history", {"as_of_date": "2026-03-31"}, "as_of_date: after as_of 2025-12-31"),
        ("digital_events", {"ts": "2026-01-01 00:00:00"}, "ts: after as_of 2025-12-31"),
        ("digital_events", {"channel": "fax"}, "channel: not an allowed value"),
        ("digital_events", {"event_type": "click"}, "event_type: not an allowed value"),
        ("digital_events", {"session_id": None}, "session_id: missing"),
        ("interactions", {"kind": "email"}, "kind: not an allowed value"),
        ("interactions", {"duration_min": "-5"}, "duration_min: negative"),
        ("applications", {"requested_amount": "-100"}, "requested_amount: negative"),
        ("applications", {"term_months": "0"}, "term_months: not in 1..360"),
        ("applications", {"term_months": "361"}, "term_months: not in 1..360"),
        ("applications", {"n_form_fields": "301"}, "n_form_fields: not in 1..300"),
        ("applications", {"offered_rate": "31"}, "offered_rate: not in 0..30"),
        ("applications", {"offered_rate": "-0.1"}, "offered_rate: not in 0..30"),
        ("applications", {"outcome": "abandoned"}, "outcome: not an allowed value"),
        ("applications", {"product": "mortgage"}, "product: not an allowed value"),
        ("applications", {"form_version": "v3"}, "form_version: not an allowed value"),
        ("applications", {"started_at": "2024-01-13 00:00:00"}, "submitted_at: before started_at"),
        ("applications", {"decided_at": "2024-01-11 00:00:00"}, "decided_at: before submitted_at"),
        (
            "applications",
            {"disbursed_at": "2024-01-31 00:00:00"},
            "disbursed_at: before decided_at",
        ),
        ("stage_events", {"stage": "marketing"}, "stage: not an allowed value"),
        ("stage_events", {"status": "started"}, "status: not an allowed value"),
        ("loan_performance", {"dpd": "-1"}, "dpd: negative"),
        ("loan_performance", {"balance": "-1"}, "balance: negative"),
        ("loan_performance", {"classification": "bad"}, "classification: not an allowed value"),
        ("surveys", {"csat": "7"}, "csat: not in 1..5"),
        ("surveys", {"csat": "0"}, "csat: not in 1..5"),
        ("surveys", {"nps": "11"}, "nps: not in 0..10"),
    ],
)
def test_each_rule_gives_its_reason(name: str, overrides: dict[str, str], reason: str) -> None:
    assert reasons(name, overrides) == {reason}


def test_every_industry_and_province_with_its_region_passes() -> None:
    client = VALID["clients"]
    rows = [{**client, "industry": industry} for industry in cat.INDUSTRIES]
    rows += [{**client, "province": p, "region": r} for p, r in cat.PROVINCE_REGION.items()]
    raw = pd.DataFrame(rows).astype("str")
    schema_for("clients", PARAMS).validate(coerce_to_contract(raw, "clients").frame, lazy=True)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # an unknown province or region is reported by its own rule, not also as a mismatch
        (
            {"province": "火星", "region": "mars"},
            {"province: not an allowed value", "region: not an allowed value"},
        ),
        ({"province": "火星"}, {"province: not an allowed value"}),
        ({"province": None}, {"province: missing"}),
        ({"region": None}, {"region: missing"}),
        ({"province": "北京市", "region": "north"}, set()),
    ],
)
def test_region_is_judged_against_a_known_province_only(
    overrides: dict[str, str | None], expected: set[str]
) -> None:
    assert reasons("clients", overrides) == expected


def test_cross_field_rules_skip_missing_dates() -> None:
    empty = {"submitted_at": "", "decided_at": "", "disbursed_at": ""}
    assert reasons("applications", empty) == set()


def test_as_of_follows_params() -> None:
    later = RunParams(run_name="t", data_dir="/tmp/unused", as_of=dt.date(2026, 6, 30))
    raw = pd.DataFrame({k: pd.Series([v], dtype="str") for k, v in VALID["surveys"].items()})
    raw["ts"] = "2026-01-05 10:00:00"
    schema_for("surveys", later).validate(coerce_to_contract(raw, "surveys").frame)


def test_coercion_types_every_column_and_flags_unparsable_values() -> None:
    raw = pd.DataFrame(
        {
            k: pd.Series([v, v, v], dtype="str")
            for k, v in {**VALID["applications"], "outcome": "in_progress"}.items()
        }
    )
    raw.loc[1, "requested_amount"] = "abc"
    raw.loc[1, "term_months"] = "12.5"
    raw.loc[2, "personalised"] = "maybe"
    raw.loc[2, "started_at"] = "yesterday"
    raw.loc[0, "personalised"] = "否"
    raw.loc[0, "offer_accepted"] = "YES"
    coerced = coerce_to_contract(raw, "applications")
    frame = coerced.frame
    for col, rule in RULES["applications"].items():
        assert str(frame[col].dtype) == dtype_of(rule), col
    assert set(coerced.unparsed) == {
        "requested_amount",
        "term_months",
        "personalised",
        "started_at",
    }
    assert coerced.unparsed["requested_amount"].tolist() == [False, True, False]
    assert frame["personalised"].tolist()[:2] == [False, True]
    assert bool(frame.loc[0, "offer_accepted"]) is True
    assert reasons("applications", {"requested_amount": "abc"}) == {
        "requested_amount: not a number"
    }


def test_dates_in_other_spellings_and_time_zones() -> None:
    raw = pd.DataFrame(
        {"ts": pd.Series(["2024/03/05 10:00", "2024-03-05T10:00:00+00:00"], dtype="str")}
    )
    for col, value in VALID["stage_events"].items():
        if col != "ts":
            raw[col] = value
    frame = coerce_to_contract(raw, "stage_events").frame
    # no zone: Beijing time as written; UTC 10:00 is 18:00 in Beijing
    assert frame["ts"].tolist() == [
        pd.Timestamp("2024-03-05 10:00"),
        pd.Timestamp("2024-03-05 18:00"),
    ]


def test_parquet_values_keep_working() -> None:
    raw = pd.DataFrame(
        {
            "application_id": ["A1"],
            "month": np.array([dt.date(2024, 3, 1)], dtype=object),
            "balance": np.array([5.0]),
            "dpd": np.array([3], dtype="int32"),
            "classification": ["normal"],
        }
    )
    frame = coerce_to_contract(raw, "loan_performance").frame
    assert frame.loc[0, "month"] == pd.Timestamp("2024-03-01")
    assert str(frame["dpd"].dtype) == "Int64"
