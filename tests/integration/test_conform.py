"""Conformed tables: inferred outcomes, the journey log and the client 360 over accepted sources."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from journey_utils.catalog import SOURCES
from journey_utils.integration.conform import build_client_360, build_journey_log, infer_outcomes
from journey_utils.integration.contracts import coerce_to_contract
from journey_utils.integration.processed import read_table
from journey_utils.integration.sources import ROW_COLUMN
from journey_utils.params.run import RunParams

PARAMS = RunParams(run_name="t", data_dir="/tmp/unused")  # as_of 2025-12-31, abandon after 60 days

# The accepted rows of a small portfolio, as integration leaves them in the staging folder
# (typed by the contract, numbered by `_row`); identifiers are left readable here.
ACCEPTED: dict[str, str] = {
    "clients": """
        client_id,industry,high_tech,province,region,founded_on,employees,ownership,listed,home_branch_id
        C1,manufacturing,false,福建省,east,2005-03-01,250,private,false,B01
        C2,software_it,true,北京市,north,2015-06-30,40,private,false,B02
        C3,wholesale_retail,false,上海市,east,1998-01-15,1200,state_owned,true,B03
        C4,electronics,true,广东省,south,2020-11-11,15,foreign,false,B04
        """,
    "financials": """
        client_id,fiscal_year,revenue,net_profit,total_assets,total_liabilities,current_assets,current_liabilities,operating_cash_flow,interest_expense
        C1,2023,1000,50,2000,1000,800,400,70,20
        C1,2024,1200,60,2400,1200,900,450,80,30
        C2,2024,300,-10,500,400,200,250,-5,10
        C3,2024,5000,400,9000,3000,4000,2000,500,100
        C4,2024,80,2,100,70,60,50,3,0
        """,
    "credit_history": """
        client_id,as_of_date,internal_rating,bureau_score,past_loans,max_dpd_24m,defaulted_before,inquiries_6m
        C1,2024-12-31,A,700,2,0,false,1
        C1,2025-06-30,AA,720,3,0,false,1
        C2,2025-06-30,BBB,640,0,15,false,4
        C3,2025-06-30,AAA,800,10,0,false,0
        C4,2025-06-30,B,,1,45,true,6
        """,
    "digital_events": """
        event_id,client_id,ts,channel,event_type,session_id
        E1,C1,2025-03-01 10:00,web,login,S1
        E2,C1,2025-03-01 10:05,web,product_page_view,S1
        E3,C1,2025-09-10 09:00,app,rate_calculator,S2
        E4,C2,2024-01-05 08:00,wechat,login,S3
        E5,C3,2025-11-20 14:00,app,faq_view,S4
        """,
    "interactions": """
        interaction_id,client_id,ts,kind,staff_id,duration_min
        I1,C1,2025-05-01 10:00:00,rm_meeting,RM007,60
        I2,C2,2025-07-01 15:30:00,site_visit,RM008,120
        I3,C1,2023-01-01 09:00:00,phone_call,RM007,15
        """,
    "applications": """
        application_id,client_id,product,requested_amount,term_months,channel,branch_id,form_version,n_form_fields,documents_requested,personalised,started_at,submitted_at,first_response_hours,outcome,decided_at,approved_amount,offered_rate,offer_accepted,disbursed_at
        A1,C1,working_capital,1000000,12,branch,B01,v1_standard,120,12,false,2024-01-10 09:00:00,2024-01-12 09:00:00,20,disbursed,2024-02-01 12:00:00,900000,3.85,true,2024-02-10 12:00:00
        A2,C2,sci_tech_loan,500000,36,web,B02,v2_simplified,45,5,true,2025-06-01 10:00:00,2025-06-03 10:00:00,48,in_progress,,,,,
        A3,C3,trade_finance,2000000,6,relationship_manager,B03,v2_simplified,45,5,true,2025-12-01 10:00:00,,,in_progress,,,,,
        A4,C1,fixed_asset,3000000,60,app,B01,v1_standard,120,14,false,2024-05-01 09:00:00,2024-05-03 09:00,12,declined,2024-05-20 12:00:00,,,,
        """,  # noqa: E501
    "stage_events": """
        application_id,stage,status,ts
        A1,application,entered,2024-01-10 09:00
        A1,application,completed,2024-01-12 09:00
        A1,approval,entered,2024-01-20 09:00
        A1,approval,completed,2024-02-01 12:00
        A1,contract_disbursement,completed,2024-02-10 12:00
        A2,application,entered,2025-06-01 10:00
        A2,application,completed,2025-06-03 10:00
        A3,application,entered,2025-12-01 10:00
        A4,application,entered,2024-05-01 09:00
        A4,approval,completed,2024-05-20 12:00
        """,
    "loan_performance": """
        application_id,month,balance,dpd,classification
        A1,2024-03-01,900000.0,0,normal
        A1,2024-04-01,850000.0,35,special_mention
        A1,2024-05-01,800000.0,95,substandard
        """,
    "surveys": """
        response_id,client_id,application_id,stage,ts,csat,nps
        R1,C1,A1,approval,2024-02-02 10:00,4,8
        R2,C1,A1,post_loan,2024-06-01 10:00,2,3
        R3,C2,,,2025-06-05 10:00,5,10
        """,
}


def _accepted(name: str) -> pd.DataFrame:
    text = textwrap.dedent(ACCEPTED[name]).strip()
    raw = pd.read_csv(io.StringIO(text), dtype="str", keep_default_na=False)
    typed = coerce_to_contract(raw, name).frame
    typed.insert(0, ROW_COLUMN, np.arange(1, len(typed) + 1, dtype="int64"))
    return typed


@pytest.fixture
def staging(tmp_path: Path) -> Path:
    """A staging folder holding the accepted rows of every source, as integration writes them."""
    for name in SOURCES:
        _accepted(name).to_parquet(tmp_path / f"{name}.parquet", index=False)
    return tmp_path


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


def test_client_360_one_row_per_client(staging: Path, con: duckdb.DuckDBPyConnection) -> None:
    infer_outcomes(con, staging, PARAMS)
    assert build_client_360(con, staging, PARAMS) == 4
    c360 = read_table(staging / "client_360.parquet").set_index("client_id")
    clients = read_table(staging / "clients.parquet")
    assert len(c360) == 4 and c360.index.is_unique
    assert set(c360.index) == set(clients["client_id"])
    c1 = c360.loc[clients.loc[clients["_row"] == 1, "client_id"].iloc[0]]
    assert c1["fiscal_year"] == 2024
    assert c1["leverage"] == pytest.approx(0.5)
    assert c1["current_ratio"] == pytest.approx(2.0)
    assert c1["interest_cover"] == pytest.approx(3.0)  # (60 + 30) / 30
    assert c1["net_margin"] == pytest.approx(0.05)
    assert c1["revenue_growth"] == pytest.approx(0.2)
    assert c1["internal_rating"] == "AA"  # the later of two credit records
    assert c1["n_digital_events_12m"] == 3 and c1["n_sessions_12m"] == 2
    assert c1["share_web_12m"] == pytest.approx(2 / 3)
    assert c1["n_interactions"] == 2 and c1["n_interactions_12m"] == 1
    assert c1["n_applications"] == 2 and c1["n_disbursed"] == 1 and c1["n_declined"] == 1
    assert c1["n_loans"] == 1 and c1["worst_classification"] == "substandard"
    assert bool(c1["npl"]) is True
    assert c1["outstanding_balance"] == pytest.approx(800000.0)
    assert c1["mean_csat"] == pytest.approx(3.0)
    assert c1["firm_age_years"] == pytest.approx(20.83, abs=0.01)
    c4 = c360[c360["employees"] == 15].iloc[0]
    assert pd.isna(c4["interest_cover"])  # zero interest expense
    assert pd.isna(c4["npl"]) and c4["n_loans"] == 0  # no loans: NPL is not defined


def test_abandonment_is_inferred(staging: Path, con: duckdb.DuckDBPyConnection) -> None:
    infer_outcomes(con, staging, PARAMS)
    apps = read_table(staging / "applications.parquet").set_index("_row")
    assert apps["outcome_raw"].tolist() == ["disbursed", "in_progress", "in_progress", "declined"]
    # A2: quiet since 2025-06-03 (> 60 days before as_of) → abandoned; A3 active in December
    assert apps["outcome"].tolist() == ["disbursed", "abandoned", "in_progress", "declined"]
    assert build_journey_log(con, staging) == 10
    log = read_table(staging / "journey_log.parquet")
    assert len(log) == 10
    assert list(log.columns) == [
        "application_id", "client_id", "stage", "status", "ts", "product", "channel",
        "branch_id", "form_version", "n_form_fields", "personalised", "outcome",
        "last_activity_at",
    ]  # fmt: skip
    assert set(log.loc[log["application_id"] == "A2", "outcome"]) == {"abandoned"}
    a1 = log[log["application_id"] == "A1"]
    assert a1["ts"].is_monotonic_increasing


def test_abandonment_threshold_follows_params(
    staging: Path, con: duckdb.DuckDBPyConnection
) -> None:
    params = RunParams(run_name="t", data_dir="/tmp/unused", abandon_after_days=365)
    infer_outcomes(con, staging, params)
    apps = read_table(staging / "applications.parquet")
    assert "abandoned" not in set(apps["outcome"])
