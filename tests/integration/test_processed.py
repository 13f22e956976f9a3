"""Integration end to end: a small hand-made portfolio with known faults, and a generated one."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from journey_utils.catalog import SOURCES
from journey_utils.errors import InputError, JourneyError
from journey_utils.integration.processed import (
    integrate,
    load_client_360,
    load_integration_report,
    load_journey_log,
    load_processed,
    load_quarantine,
)
from journey_utils.params.run import RunParams
from small_portfolio import CLEAN, NAMES, PHONES, USCC, write_portfolio
from small_portfolio import small_params as _params


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
    links = {(c["source"], c["foreign_key"]): c for c in report["integrity"]}
    assert links[("stage_events", "application_id")]["parent"] == "applications"
    assert links[("surveys", "application_id")]["parent"] == "applications"  # every foreign key
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
    from journey_utils.integration.quality import column_quality_table

    integrate(faulty)
    q = column_quality_table(faulty).set_index(["source", "column"])
    assert q.loc[("clients", "uscc"), "validity"] == pytest.approx(5 / 6)
    assert q.loc[("clients", "contact_name"), "completeness"] == pytest.approx(5 / 6)
    assert q.loc[("financials", "revenue"), "invalid"] == 1
    assert q.loc[("applications", "decided_at"), "invalid"] == 1
    assert q.loc[("surveys", "stage"), "completeness"] == pytest.approx(3 / 4)
