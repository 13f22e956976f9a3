"""Integration: load, validate, quarantine, pseudonymise and conform the nine sources (DESIGN §4).

`integrate(params)` reads each source in catalog order (parents before children) in bounded
chunks, writes the accepted rows of each to `processed/<source>.parquet` and the rejected ones
to `processed/quarantine/<source>.parquet`, builds the two conformed tables — `client_360`
(one row per client) and `journey_log` (one row per stage event) — with DuckDB over those
files, and records everything in `processed/integration_report.json`. Work happens in a
staging folder and is published at the end, so a failed run leaves the last good output intact.

The conformed tables are built in `conform.py`; the report's objects live in
`integration_result.py`.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from journey_utils.catalog import SOURCES
from journey_utils.duckdb_sql import PARQUET, path_literal, quote_identifier
from journey_utils.errors import InputError
from journey_utils.integration.conform import build_client_360, build_journey_log, infer_outcomes
from journey_utils.integration.contracts import MAIN_DATE, RULES
from journey_utils.integration.one_source import ChunkSeen, connect_duckdb
from journey_utils.integration.privacy import pseudonymiser
from journey_utils.integration.result import (
    DEMO_KEY_NOTE,
    QUARANTINE_DIR,
    REPORT_VERSION,
    ColumnCounts,
    IntegrationResult,
    IntegrityCheck,
    SourceReport,
)
from journey_utils.integration.source_pool import (
    integrate_sources,
    integration_workers,
    source_sizes,
)
from journey_utils.integration.sources import (
    CHUNK_ROWS,
)
from journey_utils.params.run import RunParams

# The report's classes and constants live in integration_result.py: re-exported here.
__all__ = [
    "CONFORMED",
    "DEMO_KEY_NOTE",
    "PARQUET",
    "QUARANTINE_DIR",
    "REPORT_FILE",
    "REPORT_VERSION",
    "ChunkSeen",
    "ColumnCounts",
    "IntegrationResult",
    "IntegrityCheck",
    "SourceReport",
    "integrate",
    "load_client_360",
    "load_integration_report",
    "load_journey_log",
    "load_processed",
    "load_quarantine",
    "read_table",
]

REPORT_FILE = "integration_report.json"
CONFORMED: tuple[str, ...] = ("client_360", "journey_log")


# Public entry points ----------------------------------------------------------------------------


def integrate(
    params: RunParams, *, chunk_rows: int = CHUNK_ROWS, on_chunk: ChunkSeen | None = None
) -> IntegrationResult:
    """Integrate all nine sources of a run and publish the processed tables and the report
    (`on_chunk` hears of every chunk read).

    Raises `InputError` (one line naming file, row, column) when a source cannot be used at
    all, and `JourneyError` when real data has no pseudonymisation key; in both cases the
    previous processed output is left as it was.
    """
    started, clock = datetime.now().astimezone(), time.perf_counter()
    pseudo = pseudonymiser(params)  # fail before any work when the key is missing
    processed = params.processed_dir
    processed.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=processed))
    seconds: dict[str, float] = {}
    try:
        (staging / QUARANTINE_DIR).mkdir()
        spill = params.duckdb_spill_dir
        spill = Path(tempfile.mkdtemp(prefix=staging.name, dir=_made(spill))) if spill else staging
        con = connect_duckdb(spill / "_duckdb_tmp", params.duckdb_memory_limit)
        try:
            workers = integration_workers(params, source_sizes(params))
            reports, integrity = integrate_sources(
                params,
                pseudo,
                staging,
                chunk_rows,
                seconds,
                workers=workers,
                on_chunk=on_chunk,
                spill=spill,
            )
            with _timed(seconds, "outcomes"):
                infer_outcomes(con, staging, params)
            with _timed(seconds, "journey_log"):
                n_log = build_journey_log(con, staging)
            with _timed(seconds, "client_360"):
                n_360 = build_client_360(con, staging, params)
            for name in SOURCES:
                reports[name].date_min, reports[name].date_max = _date_range(con, staging, name)
        finally:
            con.close()
        result = IntegrationResult(
            run_name=params.run_name,
            as_of=params.as_of.isoformat(),
            key_source=pseudo.key_source,
            started_at=started.isoformat(timespec="seconds"),
            finished_at="",
            seconds=seconds,
            sources=reports,
            conformed={"client_360": n_360, "journey_log": n_log},
            integrity=integrity,
            processed_dir=processed,
        )
        with _timed(seconds, "publish"):
            _publish(staging, processed)
        result.finished_at = datetime.now().astimezone().isoformat(timespec="seconds")
        # wall time: with sources integrated at once, the steps' seconds add up to more
        seconds["total"] = round(time.perf_counter() - clock, 3)
        _write_report(result, processed / REPORT_FILE)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if params.duckdb_spill_dir:
            shutil.rmtree(spill, ignore_errors=True)


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def load_integration_report(params: RunParams) -> IntegrationResult:
    """The result of the last integration of this run, read back from integration_report.json."""
    path = params.processed_dir / REPORT_FILE
    if not path.is_file():
        raise InputError(path, "no integration report: run `journey integrate` first")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return IntegrationResult.from_dict(data, params.processed_dir)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(path, f"unreadable integration report ({exc}); integrate again") from None


def load_client_360(params: RunParams) -> pd.DataFrame:
    """The client 360 table: one row per accepted client, identifiers pseudonymised."""
    return _read_processed(params, "client_360")


LOG_CATEGORIES: tuple[str, ...] = (
    "stage",
    "status",
    "product",
    "channel",
    "branch_id",
    "form_version",
    "outcome",
)
"""Journey-log columns with a handful of values, held as categoricals (sorted categories, so
sorting and grouping order as text): a byte per event instead of a string. At 2,000,000
clients the log has 23 M rows."""


def load_journey_log(params: RunParams) -> pd.DataFrame:
    """The journey log: one row per stage event with its case's attributes and outcome."""
    path = params.processed_dir / "journey_log.parquet"
    if not path.is_file():
        raise InputError(path, "not integrated yet: run `journey integrate` first")
    return read_table(path, categories=LOG_CATEGORIES)


def load_processed(params: RunParams, name: str) -> pd.DataFrame:
    """One conformed source (e.g. "applications"), as written by integration."""
    if name not in SOURCES and name not in CONFORMED:
        valid = ", ".join([*SOURCES, *CONFORMED])
        raise InputError(params.processed_dir, f"unknown table '{name}' (valid: {valid})")
    return _read_processed(params, name)


def load_quarantine(params: RunParams, name: str) -> pd.DataFrame:
    """The quarantined rows of source `name`: values as text, `_row` and `_reason`."""
    if name not in SOURCES:
        raise InputError(
            params.processed_dir, f"unknown source '{name}' (valid: {', '.join(SOURCES)})"
        )
    path = params.processed_dir / QUARANTINE_DIR / f"{name}.parquet"
    if not path.is_file():
        raise InputError(path, "not integrated yet: run `journey integrate` first")
    return read_table(path)


def _date_range(
    con: duckdb.DuckDBPyConnection, staging: Path, name: str
) -> tuple[str | None, str | None]:
    col = MAIN_DATE[name]
    table = path_literal(staging / f"{name}.parquet")
    quoted = quote_identifier(col)
    sql = f"select min({quoted}), max({quoted}) from read_parquet({table})"
    lo, hi = con.execute(sql).fetchone()
    if lo is None:
        return None, None
    if RULES[name][col].kind == "int":  # fiscal years: the whole year
        return f"{int(lo)}-01-01", f"{int(hi)}-12-31"
    return _iso(lo, RULES[name][col].kind == "date"), _iso(hi, RULES[name][col].kind == "date")


def _iso(value: Any, day_only: bool) -> str:
    ts = pd.Timestamp(value)
    return ts.date().isoformat() if day_only else ts.isoformat(sep=" ")


# Plumbing ---------------------------------------------------------------------------------------


def _publish(staging: Path, processed: Path) -> None:
    """Move the staged tables into place; the report is written last, by the caller."""
    (processed / REPORT_FILE).unlink(missing_ok=True)  # no report = nothing current
    (processed / QUARANTINE_DIR).mkdir(exist_ok=True)
    for name in (*SOURCES, *CONFORMED):
        (staging / f"{name}.parquet").replace(processed / f"{name}.parquet")
    for name in SOURCES:
        for suffix in (".parquet", ".csv"):
            src = staging / QUARANTINE_DIR / f"{name}{suffix}"
            src.replace(processed / QUARANTINE_DIR / f"{name}{suffix}")


def _write_report(result: IntegrationResult, path: Path) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(
        json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=_json_default),
        encoding="utf-8",
    )
    tmp.replace(path)


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, np.integer | np.floating):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _read_processed(params: RunParams, name: str) -> pd.DataFrame:
    path = params.processed_dir / f"{name}.parquet"
    if not path.is_file():
        raise InputError(path, "not integrated yet: run `journey integrate` first")
    return read_table(path)


_NULLABLE_TYPES = {
    pa.int8(): pd.Int64Dtype(),
    pa.int16(): pd.Int64Dtype(),
    pa.int32(): pd.Int64Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


def read_table(path: Path, categories: Sequence[str] = ()) -> pd.DataFrame:
    """A processed Parquet table with the contract's dtypes: integers stay integers and
    booleans stay booleans even where values are missing (Int64, boolean). Text columns named
    in `categories` (where present) come as categoricals with sorted categories."""
    schema = pq.read_schema(path)
    coded = [
        c for c in categories if c in schema.names and pa.types.is_string(schema.field(c).type)
    ]
    table = pq.read_table(path, read_dictionary=coded)  # never a full string column in memory
    frame = table.to_pandas(types_mapper=_NULLABLE_TYPES.get)
    for name in categories:
        if name in frame.columns and isinstance(frame[name].dtype, pd.CategoricalDtype):
            frame[name] = frame[name].cat.reorder_categories(sorted(frame[name].cat.categories))
    return frame


@contextmanager
def _timed(seconds: dict[str, float], step: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        seconds[step] = round(time.perf_counter() - t0, 3)
