"""One source through integration: read in chunks, coerce, validate, quarantine, pseudonymise,
write the accepted rows, then settle keys repeated across chunks in DuckDB. Shared by the
sequential loop and the worker processes that integrate independent sources at once."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from journey_utils.catalog import SOURCES
from journey_utils.duckdb_sql import PARQUET, path_list_literal, path_literal, quote_identifier
from journey_utils.integration.contracts import MAIN_DATE, ReadingNotes
from journey_utils.integration.privacy import Pseudonymiser
from journey_utils.integration.quarantine import (
    duplicate_reason,
    quarantine_columns,
    quarantine_rows,
    validate_source,
)
from journey_utils.integration.result import (
    QUARANTINE_DIR,
    ColumnCounts,
    IntegrityCheck,
    SourceReport,
)
from journey_utils.integration.sources import ROW_COLUMN, SourceFile, inspect_source, iter_source
from journey_utils.params.run import RunParams, project_root
from journey_utils.safe_csv import write_csv

ChunkSeen = Callable[[str, int], None]
"""(source, rows read so far): called after each chunk, e.g. to move a progress bar."""


def integrate_source(
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
    keep_keys: bool = True,
) -> tuple[SourceReport, list[IntegrityCheck], pa.Array | None, pd.Series | None]:
    """Validate one source chunk by chunk, then settle keys repeated across chunks in DuckDB.
    The accepted keys are kept for the children only with `keep_keys` (95 M event ids of a
    2,000,000-client portfolio would take gigabytes for nothing)."""
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
        if keep_keys:
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
    all_keys = (
        pa.chunked_array(keys, type=pa.large_string()).combine_chunks() if keep_keys else None
    )
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


def connect_duckdb(temp_directory: Path, memory_limit: str) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that spills to `temp_directory` beyond `memory_limit`."""
    temp_directory.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(
        config={
            "memory_limit": memory_limit,
            "temp_directory": str(temp_directory),
            "threads": max(1, min(4, os.cpu_count() or 1)),
            "preserve_insertion_order": True,
        }
    )
    # the run's own progress lines speak: no DuckDB bar in logs (a notebook kernel refuses the
    # setting, and DuckDB draws no bar there without ipywidgets)
    with contextlib.suppress(duckdb.InvalidInputException):
        con.execute("set enable_progress_bar = false")
    return con


def _display_path(sf: SourceFile) -> str:
    try:
        return sf.path.resolve().relative_to(project_root()).as_posix()
    except ValueError:
        return sf.path.as_posix()
