"""A small hand-made portfolio of the nine sources (4 clients), clean: the base that
integration tests and the hostile-input corpus change one source of."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from journey_utils.catalog import SOURCES
from journey_utils.params.run import RunParams
from journey_utils.uscc import make_uscc

RNG = np.random.default_rng(7)
USCC = list(make_uscc(["350100", "110000", "310000", "440300"], RNG))
NAMES = [
    "福州闽江机械有限公司",
    "北京燕山软件有限公司",
    "上海浦江贸易有限公司",
    "深圳南山电子有限公司",
]
PHONES = ["13800000001", "13800000002", "13800000003", "13800000004"]


def small_params(root: Path, **kw: object) -> RunParams:
    return RunParams(run_name="t", data_dir=str(root), **kw)


def _clients() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_id": ["C1", "C2", "C3", "C4"],
            "uscc": USCC,
            "name": NAMES,
            "contact_name": ["张伟", "王芳", None, "李娜"],
            "contact_phone": PHONES,
            "industry": ["manufacturing", "software_it", "wholesale_retail", "electronics"],
            "high_tech": ["false", "true", "false", "true"],
            "province": ["福建省", "北京市", "上海市", "广东省"],
            "region": ["east", "north", "east", "south"],
            "founded_on": ["2005-03-01", "2015-06-30", "1998-01-15", "2020-11-11"],
            "employees": ["250", "40", "1200", "15"],
            "ownership": ["private", "private", "state_owned", "foreign"],
            "listed": ["false", "false", "true", "false"],
            "home_branch_id": ["B01", "B02", "B03", "B04"],
        }
    )


def _financials() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_id": ["C1", "C1", "C2", "C3", "C4"],
            "fiscal_year": ["2023", "2024", "2024", "2024", "2024"],
            "revenue": ["1000", "1200", "300", "5000", "80"],
            "net_profit": ["50", "60", "-10", "400", "2"],
            "total_assets": ["2000", "2400", "500", "9000", "100"],
            "total_liabilities": ["1000", "1200", "400", "3000", "70"],
            "current_assets": ["800", "900", "200", "4000", "60"],
            "current_liabilities": ["400", "450", "250", "2000", "50"],
            "operating_cash_flow": ["70", "80", "-5", "500", "3"],
            "interest_expense": ["20", "30", "10", "100", "0"],
        }
    )


def _credit() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_id": ["C1", "C1", "C2", "C3", "C4"],
            "as_of_date": ["2024-12-31", "2025-06-30", "2025-06-30", "2025-06-30", "2025-06-30"],
            "internal_rating": ["A", "AA", "BBB", "AAA", "B"],
            "bureau_score": ["700", "720", "640", "800", ""],
            "past_loans": ["2", "3", "0", "10", "1"],
            "max_dpd_24m": ["0", "0", "15", "0", "45"],
            "defaulted_before": ["false", "false", "false", "false", "true"],
            "inquiries_6m": ["1", "1", "4", "0", "6"],
        }
    )


def _digital() -> pd.DataFrame:
    ts = pd.to_datetime(
        [
            "2025-03-01 10:00",
            "2025-03-01 10:05",
            "2025-09-10 09:00",
            "2024-01-05 08:00",
            "2025-11-20 14:00",
        ]
    )
    return pd.DataFrame(
        {
            "event_id": ["E1", "E2", "E3", "E4", "E5"],
            "client_id": ["C1", "C1", "C1", "C2", "C3"],
            "ts": ts,
            "channel": ["web", "web", "app", "wechat", "app"],
            "event_type": ["login", "product_page_view", "rate_calculator", "login", "faq_view"],
            "session_id": ["S1", "S1", "S2", "S3", "S4"],
        }
    )


def _interactions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "interaction_id": ["I1", "I2", "I3"],
            "client_id": ["C1", "C2", "C1"],
            "ts": ["2025-05-01 10:00:00", "2025-07-01 15:30:00", "2023-01-01 09:00:00"],
            "kind": ["rm_meeting", "site_visit", "phone_call"],
            "staff_id": ["RM007", "RM008", "RM007"],
            "duration_min": ["60", "120", "15"],
            "notes": ["客户张伟说资金紧张, 电话 13800000001", "现场走访", None],
        }
    )


def _applications() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "application_id": ["A1", "A2", "A3", "A4"],
            "client_id": ["C1", "C2", "C3", "C1"],
            "product": ["working_capital", "sci_tech_loan", "trade_finance", "fixed_asset"],
            "requested_amount": ["1000000", "500000", "2000000", "3000000"],
            "term_months": ["12", "36", "6", "60"],
            "channel": ["branch", "web", "relationship_manager", "app"],
            "branch_id": ["B01", "B02", "B03", "B01"],
            "form_version": ["v1_standard", "v2_simplified", "v2_simplified", "v1_standard"],
            "n_form_fields": ["120", "45", "45", "120"],
            "documents_requested": ["12", "5", "5", "14"],
            "personalised": ["false", "true", "true", "false"],
            "started_at": [
                "2024-01-10 09:00:00",
                "2025-06-01 10:00:00",
                "2025-12-01 10:00:00",
                "2024-05-01 09:00:00",
            ],
            "submitted_at": ["2024-01-12 09:00:00", "2025-06-03 10:00:00", "", "2024-05-03 09:00"],
            "first_response_hours": ["20", "48", "", "12"],
            "outcome": ["disbursed", "in_progress", "in_progress", "declined"],
            "decided_at": ["2024-02-01 12:00:00", "", "", "2024-05-20 12:00:00"],
            "approved_amount": ["900000", "", "", ""],
            "offered_rate": ["3.85", "", "", ""],
            "offer_accepted": ["true", "", "", ""],
            "disbursed_at": ["2024-02-10 12:00:00", "", "", ""],
        }
    )


def _stage_events() -> pd.DataFrame:
    rows = [
        ("A1", "application", "entered", "2024-01-10 09:00"),
        ("A1", "application", "completed", "2024-01-12 09:00"),
        ("A1", "approval", "entered", "2024-01-20 09:00"),
        ("A1", "approval", "completed", "2024-02-01 12:00"),
        ("A1", "contract_disbursement", "completed", "2024-02-10 12:00"),
        ("A2", "application", "entered", "2025-06-01 10:00"),
        ("A2", "application", "completed", "2025-06-03 10:00"),
        ("A3", "application", "entered", "2025-12-01 10:00"),
        ("A4", "application", "entered", "2024-05-01 09:00"),
        ("A4", "approval", "completed", "2024-05-20 12:00"),
    ]
    df = pd.DataFrame(rows, columns=["application_id", "stage", "status", "ts"])
    df["ts"] = pd.to_datetime(df["ts"])
    return df


def _loan_performance() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "application_id": ["A1", "A1", "A1"],
            "month": pd.to_datetime(["2024-03-01", "2024-04-01", "2024-05-01"]).date,
            "balance": [900000.0, 850000.0, 800000.0],
            "dpd": [0, 35, 95],
            "classification": ["normal", "special_mention", "substandard"],
        }
    )


def _surveys() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "response_id": ["R1", "R2", "R3"],
            "client_id": ["C1", "C1", "C2"],
            "application_id": ["A1", "A1", ""],
            "stage": ["approval", "post_loan", ""],
            "ts": ["2024-02-02 10:00", "2024-06-01 10:00", "2025-06-05 10:00"],
            "csat": ["4", "2", "5"],
            "nps": ["8", "3", "10"],
        }
    )


CLEAN = {
    "clients": _clients,
    "financials": _financials,
    "credit_history": _credit,
    "digital_events": _digital,
    "interactions": _interactions,
    "applications": _applications,
    "stage_events": _stage_events,
    "loan_performance": _loan_performance,
    "surveys": _surveys,
}


def write_portfolio(raw: Path, frames: dict[str, pd.DataFrame] | None = None) -> None:
    """Write the nine sources as the catalog says: CSV (clients in GBK) or Parquet."""
    raw.mkdir(parents=True, exist_ok=True)
    frames = frames or {name: make() for name, make in CLEAN.items()}
    for name, df in frames.items():
        info = SOURCES[name]
        path = raw / info.default_file
        if path.suffix == ".parquet":
            pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path)
        else:
            df.to_csv(path, index=False, encoding=info.default_encoding)
