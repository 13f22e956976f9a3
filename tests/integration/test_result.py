"""The integration report as objects: its JSON layout, the round trip and the tidy frames."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd

from journey_utils.integration.result import (
    DEMO_KEY_NOTE,
    ColumnCounts,
    IntegrationResult,
    IntegrityCheck,
    SourceReport,
)


def _source(name: str, date_column: str, **kw: object) -> SourceReport:
    values: dict[str, object] = {
        "name": name,
        "file": f"data/t/raw/{name}.csv",
        "format": "csv",
        "encoding": "utf-8",
        "sha256": "ab" * 32,
        "size_bytes": 1234,
        "rows_in": 10,
        "accepted": 9,
        "quarantined": 1,
        "reasons": {f"{date_column}: missing": 1},
        "date_column": date_column,
        "date_min": "2024-01-01",
        "date_max": "2025-06-30",
        "columns": [ColumnCounts(date_column, 9, 0)],
    }
    return SourceReport(**(values | kw))


def _result(processed: Path, **kw: object) -> IntegrationResult:
    clients = _source(
        "clients",
        "founded_on",
        encoding="gb18030",
        reasons={"duplicate key (client_id)": 1},
        columns=[ColumnCounts("client_id", 10, 0), ColumnCounts("founded_on", 10, 0)],
    )
    financials = _source(
        "financials",
        "fiscal_year",
        rows_in=20,
        accepted=17,
        quarantined=3,
        reasons={"revenue: negative": 2, "orphan: client_id not in clients": 1},
        date_min="2023-01-01",
        date_max="2024-12-31",
        ignored_columns=["comment"],
    )
    values: dict[str, object] = {
        "run_name": "t",
        "as_of": "2025-12-31",
        "key_source": "demo",
        "started_at": "2026-01-01T00:00:00+08:00",
        "finished_at": "2026-01-01T00:00:05+08:00",
        "seconds": {"clients": 0.1, "financials": 0.2, "total": 0.3},
        "sources": {"clients": clients, "financials": financials},
        "conformed": {"client_360": 9, "journey_log": 0},
        "integrity": [IntegrityCheck("financials", "clients", "client_id", 18, 1)],
        "processed_dir": processed,
    }
    return IntegrationResult(**(values | kw))


def test_json_layout(tmp_path: Path) -> None:
    report = _result(tmp_path).to_dict()
    assert report["report_version"] == 2
    assert report["key_source"] == "demo" and report["key_note"] == DEMO_KEY_NOTE
    assert report["reconciles"] is True
    fin = report["sources"]["financials"]
    assert fin["rows_in"] == 20 and fin["accepted"] == 17 and fin["quarantined"] == 3
    assert fin["reconciles"] is True
    assert fin["date_range"] == {"column": "fiscal_year", "min": "2023-01-01", "max": "2024-12-31"}
    assert fin["columns"] == {"fiscal_year": {"non_null": 9, "invalid": 0}}
    assert fin["ignored_columns"] == ["comment"]
    assert fin["outputs"] == {
        "accepted": "financials.parquet",
        "quarantine": "quarantine/financials.parquet",
        "quarantine_csv": "quarantine/financials.csv",
    }
    assert report["conformed"]["client_360"] == {"file": "client_360.parquet", "rows": 9}
    assert report["integrity"] == [
        {
            "source": "financials",
            "parent": "clients",
            "foreign_key": "client_id",
            "rows_checked": 18,
            "orphans": 1,
        }
    ]
    json.dumps(report)  # plain JSON: no paths, dates or numpy values


def test_round_trip_through_json(tmp_path: Path) -> None:
    result = _result(tmp_path)
    again = IntegrationResult.from_dict(json.loads(json.dumps(result.to_dict())), tmp_path)
    assert again == result


def test_reports_without_ignored_columns_still_load(tmp_path: Path) -> None:
    report = _result(tmp_path).to_dict()
    del report["sources"]["financials"]["ignored_columns"]
    again = IntegrationResult.from_dict(report, tmp_path)
    assert again.sources["financials"].ignored_columns == []


def test_bank_key_and_broken_counts_are_reported(tmp_path: Path) -> None:
    broken = dataclasses.replace(_source("clients", "founded_on"), quarantined=2)
    result = _result(tmp_path, key_source="env", sources={"clients": broken})
    assert not result.uses_demo_key and not result.reconciles
    report = result.to_dict()
    assert report["key_note"] == "pseudonyms use the bank's key"
    assert report["reconciles"] is False and report["sources"]["clients"]["reconciles"] is False


def test_frames(tmp_path: Path) -> None:
    result = _result(tmp_path)
    summary = result.summary_frame()
    assert list(summary.columns) == ["source", "rows_in", "accepted", "quarantined", "reconciles"]
    assert summary["source"].tolist() == ["clients", "financials"]
    assert summary["quarantined"].tolist() == [1, 3] and summary["reconciles"].all()
    reasons = result.reasons_frame()
    assert list(reasons.columns) == ["source", "reason", "rows"]
    assert reasons.loc[reasons["reason"] == "revenue: negative", "rows"].tolist() == [2]
    assert len(reasons) == 3
    integrity = result.integrity_frame()
    assert integrity.to_dict("records") == [
        {
            "source": "financials",
            "parent": "clients",
            "foreign_key": "client_id",
            "rows_checked": 18,
            "orphans": 1,
        }
    ]
    ranges = result.date_ranges_frame().set_index("source")
    assert ranges.loc["financials", "column"] == "fiscal_year"
    assert ranges.loc["financials", "min"] == pd.Timestamp("2023-01-01")
    assert ranges.loc["clients", "max"] == pd.Timestamp("2025-06-30")
    conformed = result.conformed_frame()
    assert conformed.to_dict("records") == [
        {"table": "client_360", "rows": 9},
        {"table": "journey_log", "rows": 0},
    ]


def test_empty_frames_keep_their_columns(tmp_path: Path) -> None:
    result = _result(tmp_path, sources={}, integrity=[], conformed={})
    assert result.reconciles
    assert list(result.reasons_frame().columns) == ["source", "reason", "rows"]
    assert list(result.integrity_frame().columns) == [
        "source",
        "parent",
        "foreign_key",
        "rows_checked",
        "orphans",
    ]
    assert list(result.conformed_frame().columns) == ["table", "rows"]
