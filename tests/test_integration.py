"""Integration end to end: a small hand-made portfolio with known faults, and a generated one."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journey_utils.catalog import SOURCES
from journey_utils.config import RunParams
from journey_utils.errors import InputError, JourneyError
from journey_utils.integration import (
    integrate,
    load_client_360,
    load_integration_report,
    load_journey_log,
    load_processed,
    load_quarantine,
)
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


def _params(root: Path, **kw: object) -> RunParams:
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


def _with_faults() -> dict[str, pd.DataFrame]:
    """The clean portfolio plus rows with known faults (counted in the tests below)."""
    frames = {name: make() for name, make in CLEAN.items()}
    clients = frames["clients"]
    bad_uscc = clients.iloc[[0]].assign(client_id="C5", uscc=USCC[0][:17] + "0")
    if bad_uscc["uscc"].iloc[0] == USCC[0]:
        bad_uscc["uscc"] = USCC[0][:17] + "1"
    frames["clients"] = pd.concat([clients, clients.iloc[[1]], bad_uscc], ignore_index=True)
    fin = frames["financials"]
    orphan = fin.iloc[[0]].assign(client_id="C99")
    negative = fin.iloc[[4]].assign(fiscal_year="2023", revenue="-5")
    frames["financials"] = pd.concat([fin, orphan, negative], ignore_index=True)
    ev = frames["digital_events"]
    future = ev.iloc[[0]].assign(event_id="E6", ts=pd.Timestamp("2026-02-01"))
    orphan_ev = ev.iloc[[1]].assign(event_id="E7", client_id="C5")  # C5 is quarantined
    frames["digital_events"] = pd.concat([ev, ev.iloc[[2]], future, orphan_ev], ignore_index=True)
    apps = frames["applications"]
    backwards = apps.iloc[[0]].assign(application_id="A5", decided_at="2024-01-01 00:00:00")
    frames["applications"] = pd.concat([apps, backwards], ignore_index=True)
    st = frames["stage_events"]
    frames["stage_events"] = pd.concat(
        [st, st.iloc[[0]].assign(application_id="A5")], ignore_index=True
    )
    sv = frames["surveys"]
    frames["surveys"] = pd.concat([sv, sv.iloc[[0]].assign(response_id="R4", csat="7")])
    return frames


@pytest.fixture
def faulty(project: Path) -> RunParams:
    params = _params(project / "data" / "t")
    write_portfolio(params.raw_dir, _with_faults())
    return params


@pytest.fixture
def clean(project: Path) -> RunParams:
    params = _params(project / "data" / "c")
    write_portfolio(params.raw_dir)
    return params


EXPECTED_QUARANTINE = {
    "clients": 2,  # duplicate C2, bad check digit C5
    "financials": 2,  # orphan C99, negative revenue
    "credit_history": 0,
    "digital_events": 3,  # duplicate E3, ts after as_of, orphan of the quarantined C5
    "interactions": 0,
    "applications": 1,  # decided before submitted
    "stage_events": 1,  # orphan of the quarantined A5
    "loan_performance": 0,
    "surveys": 1,  # csat 7
}


def test_counts_reconcile_with_known_faults(faulty: RunParams) -> None:
    result = integrate(faulty)
    summary = result.summary_frame().set_index("source")
    assert summary["quarantined"].to_dict() == EXPECTED_QUARANTINE
    assert summary["reconciles"].all()
    assert summary.loc["clients", "accepted"] == 4
    reasons = result.reasons_frame()
    got = set(zip(reasons["source"], reasons["reason"], strict=True))
    assert ("clients", "duplicate key (client_id)") in got
    assert ("clients", "uscc: invalid check digit") in got
    assert ("financials", "orphan: client_id not in clients") in got
    assert ("financials", "revenue: negative") in got
    assert ("digital_events", "ts: after as_of 2025-12-31") in got
    assert ("digital_events", "orphan: client_id not in clients") in got
    assert ("applications", "decided_at: before submitted_at") in got
    assert ("stage_events", "orphan: application_id not in applications") in got
    assert ("surveys", "csat: not in 1..5") in got
    integrity = result.integrity_frame().set_index("source")
    assert integrity.loc["financials", "orphans"] == 1
    assert integrity.loc["digital_events", "orphans"] == 1
    assert integrity.loc["digital_events", "rows_checked"] == 6  # 8 in, duplicate and future out


def test_report_layout_and_reload(faulty: RunParams) -> None:
    result = integrate(faulty)
    report = json.loads((faulty.processed_dir / "integration_report.json").read_text("utf-8"))
    clients = report["sources"]["clients"]
    assert clients["format"] == "csv" and clients["encoding"] == "gb18030"
    assert len(clients["sha256"]) == 64
    assert clients["rows_in"] == 6 and clients["accepted"] == 4 and clients["quarantined"] == 2
    assert clients["date_range"] == {
        "column": "founded_on",
        "min": "1998-01-15",
        "max": "2020-11-11",
    }
    assert report["sources"]["digital_events"]["format"] == "parquet"
    assert report["sources"]["digital_events"]["encoding"] is None
    assert report["conformed"]["client_360"]["rows"] == 4
    assert report["integrity"]["stage_events"]["parent"] == "applications"
    assert report["key_source"] == "demo" and "DEMO" in report["key_note"]
    assert {"clients", "outcomes", "client_360", "journey_log", "publish"} <= set(report["seconds"])
    again = load_integration_report(faulty)
    pd.testing.assert_frame_equal(again.summary_frame(), result.summary_frame())
    pd.testing.assert_frame_equal(again.reasons_frame(), result.reasons_frame())
    pd.testing.assert_frame_equal(again.integrity_frame(), result.integrity_frame())
    ranges = again.date_ranges_frame().set_index("source")
    assert ranges.loc["financials", "min"] == pd.Timestamp("2023-01-01")
    assert ranges.loc["stage_events", "max"] == pd.Timestamp("2025-12-01 10:00:00")
    assert report["sources"]["stage_events"]["date_range"]["max"] == "2025-12-01 10:00:00"


def test_quarantine_tables_keep_row_reason_and_no_raw_identifiers(faulty: RunParams) -> None:
    integrate(faulty)
    q = load_quarantine(faulty, "clients")
    assert q["_row"].tolist() == [5, 6]
    assert q["_reason"].tolist() == ["duplicate key (client_id)", "uscc: invalid check digit"]
    assert q["client_id"].str.startswith("C-").all() and q["uscc"].str.startswith("U-").all()
    assert load_quarantine(faulty, "financials")["_row"].tolist() == [6, 7]
    assert "notes" not in load_quarantine(faulty, "interactions").columns


def test_integrate_builds_the_conformed_tables(clean: RunParams) -> None:
    """The wiring: outcomes inferred, both conformed tables published (contents: test_conform)."""
    result = integrate(clean)
    assert result.conformed == {"client_360": 4, "journey_log": 10}
    apps = load_processed(clean, "applications").set_index("_row")
    assert apps["outcome_raw"].tolist() == ["disbursed", "in_progress", "in_progress", "declined"]
    assert apps["outcome"].tolist() == ["disbursed", "abandoned", "in_progress", "declined"]
    c360 = load_client_360(clean)
    clients = load_processed(clean, "clients")
    assert len(c360) == 4 and set(c360["client_id"]) == set(clients["client_id"])
    log = load_journey_log(clean)
    assert len(log) == 10
    assert set(log.loc[log["application_id"] == "A2", "outcome"]) == {"abandoned"}


RAW_IDENTIFIERS = ["C1", "C2", "C3", "C4", "RM007", "RM008", "张伟", "王芳", *USCC, *NAMES, *PHONES]


def test_no_raw_identifier_in_any_processed_parquet(faulty: RunParams) -> None:
    integrate(faulty)
    files = sorted(faulty.processed_dir.rglob("*.parquet"))
    assert len(files) == 9 + 9 + 2
    for path in files:
        frame = pd.read_parquet(path)
        text = {str(v) for col in frame.columns for v in frame[col].dropna().unique()}
        leaked = text & set(RAW_IDENTIFIERS)
        assert not leaked, f"{path.name} holds raw identifiers {leaked}"
        assert "notes" not in frame.columns
        assert not any("资金紧张" in t for t in text)
    assert not list(faulty.processed_dir.glob(".staging-*"))


def test_joins_still_work_after_pseudonymisation(clean: RunParams) -> None:
    integrate(clean)
    clients = load_processed(clean, "clients")
    apps = load_processed(clean, "applications")
    assert set(apps["client_id"]) <= set(clients["client_id"])
    assert clients["client_id"].str.fullmatch(r"C-[0-9a-f]{16}").all()


def test_chunked_run_matches_and_catches_duplicates_across_chunks(faulty: RunParams) -> None:
    whole = integrate(faulty)
    tables = {name: load_processed(faulty, name) for name in [*SOURCES, "client_360"]}
    chunked = integrate(faulty, chunk_rows=2)
    pd.testing.assert_frame_equal(chunked.summary_frame(), whole.summary_frame())
    assert chunked.sources["digital_events"].reasons == whole.sources["digital_events"].reasons
    for name, table in tables.items():  # same rows, same order
        pd.testing.assert_frame_equal(load_processed(faulty, name), table)
    q = load_quarantine(faulty, "digital_events")
    assert q["_reason"].tolist()[0] == "duplicate key (event_id)"


def test_a_bad_source_leaves_the_last_good_output(faulty: RunParams) -> None:
    integrate(faulty)
    before = (faulty.processed_dir / "integration_report.json").read_text("utf-8")
    path = faulty.raw_dir / "surveys.csv"
    path.write_text("response_id,client_id\nR1,C1\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing required column 'application_id'"):
        integrate(faulty)
    assert (faulty.processed_dir / "integration_report.json").read_text("utf-8") == before
    assert not list(faulty.processed_dir.glob(".staging-*"))


def test_real_data_without_key_stops_before_any_work(project: Path) -> None:
    params = _params(project / "data" / "real", synthetic=False)
    write_portfolio(params.raw_dir)
    with pytest.raises(JourneyError, match="JOURNEY_PSEUDO_KEY"):
        integrate(params)
    assert not (params.processed_dir / "integration_report.json").exists()


def test_bank_key_is_reported(clean: RunParams, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEY_PSEUDO_KEY", "a-bank-secret-of-some-length")
    result = integrate(clean)
    assert result.key_source == "env" and not result.uses_demo_key


def test_loading_before_integration_names_the_file(clean: RunParams) -> None:
    with pytest.raises(InputError, match="integrate"):
        load_client_360(clean)
    with pytest.raises(InputError, match=r"integration_report\.json"):
        load_integration_report(clean)


def test_generated_portfolio_quarantines_exactly_the_dirty_rows(project: Path) -> None:
    from journey_utils.synthetic import generate_portfolio

    params = _params(project / "data" / "gen", n_clients=300, dirty_share=0.02, seed=11)
    generate_portfolio(params)
    truth = json.loads((params.root / "truth" / "truth.json").read_text("utf-8"))
    dirty = truth["dirty_rows"]["per_source"]
    result = integrate(params)
    assert sum(d["total"] for d in dirty.values()) > 100
    for name, source in result.sources.items():
        expected = dirty[name]["total"]
        assert source.quarantined == expected, (name, source.reasons)
        assert source.accepted == source.rows_in - expected
        assert source.reconciles
    assert result.conformed["client_360"] == 300

    raw = pd.read_csv(params.raw_dir / "clients.csv", dtype=str, encoding="gbk")
    secrets = set(raw["client_id"]) | set(raw["uscc"]) | set(raw["name"])
    secrets |= set(raw["contact_name"].dropna()) | set(raw["contact_phone"].dropna())
    for path in sorted(params.processed_dir.rglob("*.parquet")):
        frame = pd.read_parquet(path)
        for col in frame.columns:
            if frame[col].dtype == "str":
                leaked = set(frame[col].dropna().unique()) & secrets
                assert not leaked, f"{path.name}.{col} holds raw identifiers"


def test_quality_counts_recorded_during_integration(faulty: RunParams) -> None:
    from journey_utils.quality import column_quality

    integrate(faulty)
    q = column_quality(faulty).set_index(["source", "column"])
    assert q.loc[("clients", "uscc"), "validity"] == pytest.approx(5 / 6)
    assert q.loc[("clients", "contact_name"), "completeness"] == pytest.approx(5 / 6)
    assert q.loc[("financials", "revenue"), "invalid"] == 1
    assert q.loc[("applications", "decided_at"), "invalid"] == 1
    assert q.loc[("surveys", "stage"), "completeness"] == pytest.approx(3 / 4)
