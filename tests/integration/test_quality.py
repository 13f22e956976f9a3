"""Column quality: completeness and validity from the counts recorded at integration."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.integration.processed import (
    ColumnCounts,
    IntegrationResult,
    IntegrityCheck,
    SourceReport,
)
from journey_utils.integration.quality import QUALITY_COLUMNS, column_quality_table, quality_frame
from journey_utils.params.run import RunParams


def _result(processed: Path) -> IntegrationResult:
    surveys = SourceReport(
        name="surveys",
        file="raw/surveys.csv",
        format="csv",
        encoding="utf-8",
        sha256="0" * 64,
        size_bytes=100,
        rows_in=200,
        accepted=190,
        quarantined=10,
        reasons={"csat: not in 1..5": 8, "ts: missing": 2},
        date_column="ts",
        date_min="2024-01-01 00:00:00",
        date_max="2025-12-31 10:00:00",
        columns=[
            ColumnCounts("response_id", 200, 0),
            ColumnCounts("ts", 198, 0),
            ColumnCounts("csat", 150, 8),
            ColumnCounts("nps", 0, 0),
        ],
    )
    return IntegrationResult(
        run_name="t",
        as_of="2025-12-31",
        key_source="demo",
        started_at="2026-01-01T00:00:00+08:00",
        finished_at="2026-01-01T00:00:05+08:00",
        seconds={"surveys": 0.1},
        sources={"surveys": surveys},
        conformed={"client_360": 0, "journey_log": 0},
        integrity=[IntegrityCheck("surveys", "clients", "client_id", 192, 2)],
        processed_dir=processed,
    )


def test_shares_from_counts(tmp_path: Path) -> None:
    q = quality_frame(_result(tmp_path)).set_index("column")
    assert q.loc["response_id", "completeness"] == 1.0 and q.loc["response_id", "validity"] == 1.0
    assert q.loc["ts", "completeness"] == pytest.approx(0.99)
    assert q.loc["csat", "completeness"] == pytest.approx(0.75)
    assert q.loc["csat", "validity"] == pytest.approx(142 / 150)
    assert pd.isna(q.loc["nps", "validity"]) and q.loc["nps", "completeness"] == 0.0
    assert bool(q.loc["ts", "required"]) and not bool(q.loc["csat", "required"])


def test_column_quality_reads_the_report(tmp_path: Path) -> None:
    params = RunParams(run_name="t", data_dir=str(tmp_path))
    params.processed_dir.mkdir(parents=True)
    report = _result(params.processed_dir).to_dict()
    (params.processed_dir / "integration_report.json").write_text(json.dumps(report), "utf-8")
    q = column_quality_table(params)
    assert tuple(q.columns) == QUALITY_COLUMNS
    assert q["source"].unique().tolist() == ["surveys"] and len(q) == 4


def test_without_a_report_the_error_says_what_to_do(tmp_path: Path) -> None:
    params = RunParams(run_name="t", data_dir=str(tmp_path))
    with pytest.raises(InputError, match="journey integrate"):
        column_quality_table(params)
