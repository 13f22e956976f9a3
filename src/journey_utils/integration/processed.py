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
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
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
from journey_utils.duckdb_sql import PARQUET, path_list_literal, path_literal, quote_identifier
from journey_utils.errors import InputError
from journey_utils.integration.conform import build_client_360, build_journey_log, infer_outcomes
from journey_utils.integration.contracts import MAIN_DATE, RULES, ReadingNotes
from journey_utils.integration.privacy import Pseudonymiser, pseudonymiser
from journey_utils.integration.quarantine import (
    duplicate_reason,
    quarantine_columns,
    quarantine_rows,
    validate_source,
)
from journey_utils.integration.result import (
    DEMO_KEY_NOTE,
    QUARANTINE_DIR,
    REPORT_VERSION,
    ColumnCounts,
    IntegrationResult,
    IntegrityCheck,
    SourceReport,
)
from journey_utils.integration.sources import (
    CHUNK_ROWS,
    ROW_COLUMN,
    SourceFile,
    inspect_source,
    iter_source,
)
from journey_utils.params.run import RunParams, project_root
from journey_utils.safe_csv import write_csv

# The report's classes and constants live in integration_result.py: re-exported here.
__all__ = [
    "CONFORMED",
    "DEMO_KEY_NOTE",
    "DUCKDB_MEMORY_LIMIT",
    "PARQUET",
    "QUARANTINE_DIR",
    "REPORT_FILE",
    "REPORT_VERSION",
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

DUCKDB_MEMORY_LIMIT = "1GB"
"""DuckDB's working memory; beyond it joins and aggregations spill to the staging folder."""


# Public entry points ----------------------------------------------------------------------------


ChunkSeen = Callable[[str, int], None]
"""(source, rows read so far): called after each chunk, e.g. to move a progress bar."""


def integrate(
    params: RunParams, *, chunk_rows: int = CHUNK_ROWS, on_chunk: ChunkSeen | None = None
) -> IntegrationResult:
    """Integrate all nine sources of a run and publish the processed tables and the report
    (`on_chunk` hears of every chunk read).

    Raises `InputError` (one line naming file, row, column) when a source cannot be used at
    all, and `JourneyError` when real data has no pseudonymisation key; in both cases the
    previous processed output is left as it was.
    """
    started = datetime.now().astimezone()
    pseudo = pseudonymiser(params)  # fail before any work when the key is missing
    processed = params.processed_dir
    processed.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=processed))
    seconds: dict[str, float] = {}
    try:
        (staging / QUARANTINE_DIR).mkdir()
        con = _duckdb(staging)
        try:
            reports: dict[str, SourceReport] = {}
            integrity: list[IntegrityCheck] = []
            parent_keys: dict[str, pa.Array] = {}
            owners: dict[str, pd.Series] = {}
            parents = {parent for info in SOURCES.values() for _, parent in info.references}
            owned = {
                info.same_owner[1]: info.same_owner[2]
                for info in SOURCES.values()
                if info.same_owner
            }
            for name in SOURCES:
                with _timed(seconds, name):
                    report, checks, keys, owner = _integrate_source(
                        params,
                        name,
                        parent_keys,
                        pseudo,
                        staging,
                        con,
                        chunk_rows,
                        owners=owners,
                        owner_column=owned.get(name),
                        on_chunk=on_chunk,
                    )
                if owner is not None:
                    owners[name] = owner
                reports[name] = report
                integrity.extend(checks)
                if name in parents:
                    parent_keys[name] = keys
            parent_keys.clear()
            owners.clear()
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
        seconds["total"] = round(sum(v for k, v in seconds.items() if k != "total"), 3)
        _write_report(result, processed / REPORT_FILE)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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


def load_journey_log(params: RunParams) -> pd.DataFrame:
    """The journey log: one row per stage event with its case's attributes and outcome."""
    return _read_processed(params, "journey_log")


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


# One source -------------------------------------------------------------------------------------


def _integrate_source(
    params: RunParams,
    name: str,
    parent_keys: dict[str, pa.Array],
    pseudo: Pseudonymiser,
    staging: Path,
    con: duckdb.DuckDBPyConnection,
    chunk_rows: int,
    *,
    owners: dict[str, pd.Series],
    owner_column: str | None = None,
    on_chunk: ChunkSeen | None = None,
) -> tuple[SourceReport, list[IntegrityCheck], pa.Array, pd.Series | None]:
    """Validate one source chunk by chunk, then settle keys repeated across chunks in DuckDB."""
    info = SOURCES[name]
    sf = inspect_source(params, name)
    parts_dir = staging / "_parts" / name
    parts_dir.mkdir(parents=True)
    rows_in = accepted = 0
    references: dict[str, list[int]] = {fk: [0, 0] for fk, _ in info.references}
    owned_by: list[pd.Series] = []
    notes = ReadingNotes()
    reasons: Counter[str] = Counter()
    counts: pd.DataFrame | None = None
    quarantined: list[pd.DataFrame] = []
    keys: list[pa.Array] = []
    parts: list[Path] = []
    for i, chunk in enumerate(iter_source(params, name, chunk_rows=chunk_rows, source_file=sf)):
        # read -> coerce -> validate -> quarantine (raw keys stay in memory for the children)
        v = validate_source(chunk, name, params, parent_keys, notes=notes, owners=owners)
        rows_in += len(chunk)
        if on_chunk is not None:
            on_chunk(name, rows_in)
        accepted += len(v.accepted)
        reasons.update(v.reasons())
        for fk, (checked, orphaned) in v.references.items():
            references[fk][0] += checked
            references[fk][1] += orphaned
        c = v.column_counts.set_index("column")
        counts = c if counts is None else counts + c
        quarantined.append(pseudo.pseudonymise_frame(v.quarantined, name))  # pseudonymise
        keys.append(pa.array(v.accepted[info.key[0]], type=pa.large_string()))
        if owner_column is not None:
            owned_by.append(v.accepted.set_index(info.key[0])[owner_column])
        part = parts_dir / f"part-{i:05d}.parquet"
        pseudo.pseudonymise_frame(v.accepted, name).to_parquet(  # pseudonymise, then write
            part, index=False, compression="zstd"
        )
        parts.append(part)

    final = staging / f"{name}.parquet"
    dups = _cross_chunk_duplicates(con, name, parts) if len(parts) > 1 else pd.DataFrame()
    if not dups.empty:
        reason = duplicate_reason(name)
        quarantined.append(quarantine_rows(dups, np.full(len(dups), reason, dtype=object), name))
        reasons[reason] += len(dups)
        accepted -= len(dups)
    if len(parts) == 1:
        parts[0].replace(final)
    else:
        _combine_parts(con, parts, final, drop_rows=dups[ROW_COLUMN] if not dups.empty else None)
    shutil.rmtree(parts_dir, ignore_errors=True)

    q = pd.concat(quarantined, ignore_index=True) if quarantined else pd.DataFrame()
    q = q.reindex(columns=quarantine_columns(name)).sort_values(ROW_COLUMN, kind="stable")
    q = q.astype({c: "str" for c in q.columns if c != ROW_COLUMN}).astype({ROW_COLUMN: "int64"})
    q.to_parquet(staging / QUARANTINE_DIR / f"{name}.parquet", index=False, compression="zstd")
    write_csv(q, staging / QUARANTINE_DIR / f"{name}.csv")  # for the data owner's spreadsheet
    if rows_in != accepted + len(q):
        raise AssertionError(
            f"{name}: rows in {rows_in} != {accepted} accepted + {len(q)} quarantined"
        )

    assert counts is not None  # iter_source yields at least one chunk or raises
    report = SourceReport(
        name=name,
        file=_display_path(sf),
        format=sf.format,
        encoding=sf.encoding,
        sha256=sf.sha256,
        size_bytes=sf.size_bytes,
        rows_in=rows_in,
        accepted=accepted,
        quarantined=len(q),
        reasons=dict(reasons.most_common()),
        date_column=MAIN_DATE[name],
        date_min=None,
        date_max=None,
        columns=[
            ColumnCounts(str(col), int(r["non_null"]), int(r["invalid"]))
            for col, r in counts.iterrows()
        ],
        ignored_columns=list(sf.ignored_columns),
        notes=notes.records(),
    )
    checks = [
        IntegrityCheck(name, parent, fk, *references[fk])
        for fk, parent in info.references
        if fk in references
    ]
    all_keys = pa.chunked_array(keys, type=pa.large_string()).combine_chunks()
    owner = None
    if owner_column is not None:
        owner = pd.concat(owned_by) if owned_by else pd.Series(dtype="str")
        owner = owner[~owner.index.duplicated(keep="first")]  # keys repeated across chunks
    return report, checks, all_keys, owner


def _cross_chunk_duplicates(
    con: duckdb.DuckDBPyConnection, name: str, parts: list[Path]
) -> pd.DataFrame:
    """Accepted rows whose key already appeared in an earlier chunk (the first stays accepted)."""
    key = ", ".join(quote_identifier(k) for k in SOURCES[name].key)
    files = path_list_literal(parts)
    return con.execute(
        f"""
        with rows as (select * from read_parquet({files})),
             repeated as (
                select {key}, min({ROW_COLUMN}) as first_row
                from rows group by {key} having count(*) > 1
             )
        select rows.* from rows join repeated using ({key})
        where rows.{ROW_COLUMN} <> repeated.first_row
        order by rows.{ROW_COLUMN}
        """
    ).df()


def _combine_parts(
    con: duckdb.DuckDBPyConnection, parts: list[Path], final: Path, drop_rows: pd.Series | None
) -> None:
    files = path_list_literal(parts)
    if drop_rows is None or drop_rows.empty:
        sql = f"select * from read_parquet({files})"
    else:
        dropped = pd.DataFrame({ROW_COLUMN: drop_rows.to_numpy(dtype="int64")})
        con.register("dropped_rows", dropped)
        sql = f"select * from read_parquet({files}) anti join dropped_rows using ({ROW_COLUMN})"
    order = "" if drop_rows is None or drop_rows.empty else f" order by {ROW_COLUMN}"
    con.execute(f"copy ({sql}{order}) to {path_literal(final)} ({PARQUET})")
    if drop_rows is not None and not drop_rows.empty:
        con.unregister("dropped_rows")


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


def _duckdb(staging: Path) -> duckdb.DuckDBPyConnection:
    tmp = staging / "_duckdb_tmp"
    tmp.mkdir(exist_ok=True)
    return duckdb.connect(
        config={
            "memory_limit": DUCKDB_MEMORY_LIMIT,
            "temp_directory": str(tmp),
            "threads": max(1, min(4, os.cpu_count() or 1)),
            "preserve_insertion_order": True,
        }
    )


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


def read_table(path: Path) -> pd.DataFrame:
    """A processed Parquet table with the contract's dtypes: integers stay integers and
    booleans stay booleans even where values are missing (Int64, boolean)."""
    return pq.read_table(path).to_pandas(types_mapper=_NULLABLE_TYPES.get)


def _display_path(sf: SourceFile) -> str:
    try:
        return sf.path.resolve().relative_to(project_root()).as_posix()
    except ValueError:
        return sf.path.as_posix()


@contextmanager
def _timed(seconds: dict[str, float], step: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        seconds[step] = round(time.perf_counter() - t0, 3)
