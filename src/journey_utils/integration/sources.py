"""Reading the nine sources (CSV in any dialect, Parquet) in bounded chunks, failing in one line.

Every problem that makes a file unusable as a whole — missing, empty, garbled, undecodable,
a required column absent, mostly malformed rows — raises `InputError` naming the file, row and
column. A single row that cannot be taken apart (too many or too few fields, a quote never
closed, a repeated header line) is yielded with its reason in `_issue` and quarantined like a
row that breaks the contract (`text_files.py`, `csv_records.py`). Problems in single values are
typed and judged by the contract (`contracts.py`) and quarantined row by row (`quarantine.py`).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from journey_utils.catalog import SOURCES
from journey_utils.errors import InputError
from journey_utils.integration.contracts import coerce_to_contract
from journey_utils.integration.csv_records import (
    ISSUE_COLUMN,
    LENGTH_COLUMN,
    NULL_TOKENS,
    ROW_COLUMN,
)
from journey_utils.integration.text_files import (
    TextFile,
    delimiter_hint,
    inspect_text,
    read_text_rows,
)
from journey_utils.params.run import RunParams
from journey_utils.params.text_file import TextFileOptions

__all__ = [
    "CHUNK_ROWS",
    "ISSUE_COLUMN",
    "LENGTH_COLUMN",
    "NULL_TOKENS",
    "REPEATED_HEADER",
    "ROW_COLUMN",
    "SourceFile",
    "inspect_source",
    "iter_source",
    "load_source",
]

CHUNK_ROWS = 500_000
"""Rows per chunk: a chunk of the widest source stays well under a few hundred MiB."""

REPEATED_HEADER = "malformed: a repeated header line (files joined together?)"

_BLOCK = 8 * 1024 * 1024
_PARQUET_MAGIC = b"PAR1"

Format = Literal["csv", "parquet"]


@dataclass(frozen=True)
class SourceFile:
    """What was read for one source: where, in which format and encoding, and its fingerprint."""

    name: str
    path: Path
    format: Format
    encoding: str | None
    """Text encoding used ("utf-8", "gbk", "gb18030"); None for Parquet."""
    sha256: str
    size_bytes: int
    columns_found: tuple[str, ...]
    ignored_columns: tuple[str, ...]
    """Columns in the file that the catalog does not know; they are dropped."""
    text: TextFile | None = None
    """For a CSV: its dialect, header and how it ends."""
    renamed: tuple[tuple[str, str], ...] = ()
    """(the export's column name, ours) for the columns params name in the bank's own words."""
    codes: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """(our column, ((the export's code, our code), ...)) from params `values`."""

    def their_header(self, column: str) -> str:
        """How our `column` is written in the file's header."""
        return next((theirs for theirs, ours in self.renamed if ours == column), column)


def inspect_source(params: RunParams, name: str) -> SourceFile:
    """Check that source `name` can be read at all and fingerprint it, without loading its rows.

    One pass over the bytes computes the sha256 and, for CSV, proves the encoding: with
    encoding "auto" the file must decode as UTF-8, else as GB18030 (a superset of GBK);
    the first undecodable byte is reported with its data row.
    """
    if name not in SOURCES:
        raise InputError(name, f"unknown source (valid: {', '.join(SOURCES)})")
    path = params.source_path(name)
    if not path.exists():
        raise InputError(path, f"source '{name}' not found")
    if not path.is_file():
        raise InputError(path, f"source '{name}' is not a file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "file is empty")
    with path.open("rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    spec = params.source_names(name)
    if head.startswith(_PARQUET_MAGIC) or suffix == ".parquet":
        sf = _inspect_parquet(name, path, size, spec.columns)
    elif suffix in (".xlsx", ".xls") or head.startswith(b"PK\x03\x04"):
        raise InputError(path, "Excel files are not read directly: export the sheet as CSV")
    else:
        sf = _inspect_csv(name, path, params.source_options(name), spec.columns)
    codes = tuple((col, tuple(mapping.items())) for col, mapping in spec.values.items())
    return dataclasses.replace(sf, codes=codes)


def iter_source(
    params: RunParams,
    name: str,
    *,
    chunk_rows: int = CHUNK_ROWS,
    source_file: SourceFile | None = None,
) -> Iterator[pd.DataFrame]:
    """Yield the raw rows of source `name` in chunks of at most `chunk_rows`.

    Chunks hold the catalog's columns in catalog order (others are dropped) plus `_row`,
    `_issue` and `_length`. CSV values are text as written (cells in NULL_TOKENS are missing);
    a row that cannot be split into the header's fields, or repeats the header, has all columns
    missing and its reason in `_issue` (its text is never kept, only its `_length`). Parquet
    values keep their stored types. Typing against the contract happens in validation, so a
    bad value or row costs one quarantined row, not the file.
    """
    sf = source_file or inspect_source(params, name)
    chunks = _iter_parquet(sf, chunk_rows) if sf.format == "parquet" else _iter_csv(sf, chunk_rows)
    for chunk in chunks:
        yield _our_codes(chunk, sf.codes)


def _our_codes(
    chunk: pd.DataFrame, codes: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
) -> pd.DataFrame:
    """The export's codes as ours where params map them (exact text, spaces around trimmed);
    any other value is left as written for the contract to accept or quarantine."""
    for column, pairs in codes:
        mapped = chunk[column].astype("string").str.strip().map(dict(pairs))
        hit = mapped.notna().to_numpy(dtype=bool)
        if hit.any():  # only the mapped cells change: the others keep their value
            cells = chunk[column].to_numpy(dtype=object, copy=True)
            cells[hit] = mapped.to_numpy(dtype=object)[hit]
            chunk[column] = pd.Series(cells, index=chunk.index, dtype=chunk[column].dtype)
    return chunk


def load_source(params: RunParams, name: str, *, typed: bool = True) -> pd.DataFrame:
    """The whole of source `name` as one frame (for exploring; integration reads in chunks).

    With `typed` (default) columns get the contract's dtypes and values that cannot be parsed
    become missing; with `typed=False` the raw text is kept. `frame.attrs["source_file"]`
    holds the `SourceFile` (sha256, format, encoding used).
    """
    sf = inspect_source(params, name)
    chunks = list(iter_source(params, name, source_file=sf))
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    if typed:
        frame = coerce_to_contract(frame, name, params).frame
    frame.attrs["source_file"] = sf
    return frame


# CSV --------------------------------------------------------------------------------------------


def _inspect_csv(
    name: str, path: Path, options: TextFileOptions, names: Mapping[str, str]
) -> SourceFile:
    tf = inspect_text(path, options)
    sf = _checked(name, path, "csv", tf.encoding, tf.sha256, tf.size_bytes, list(tf.header), names)
    return dataclasses.replace(sf, text=tf)


def _iter_csv(sf: SourceFile, chunk_rows: int) -> Iterator[pd.DataFrame]:
    info = SOURCES[sf.name]
    assert sf.text is not None  # a CSV source is inspected as text
    free_text = frozenset(sf.their_header(c) for c in info.free_text)
    headers = {c: sf.their_header(c) for c in info.columns}
    shadowed = [our for their, our in sf.renamed if our != their]  # our names the file also has
    for chunk in read_text_rows(sf.text, chunk_rows, free_text=free_text):
        if sf.renamed:
            chunk = chunk.drop(columns=[c for c in shadowed if c in chunk.columns])
            chunk = chunk.rename(columns=dict(sf.renamed))
        yield _finish_chunk(chunk, info.columns, repeated_header=True, headers=headers)


# Parquet ----------------------------------------------------------------------------------------


def _inspect_parquet(name: str, path: Path, size: int, names: Mapping[str, str]) -> SourceFile:
    sha = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            sha.update(block)
    try:
        meta = pq.ParquetFile(path)
        columns = list(meta.schema_arrow.names)
        n_rows = meta.metadata.num_rows
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(path, f"not a readable Parquet file ({_first_line(exc)})") from None
    sf = _checked(name, path, "parquet", None, sha.hexdigest(), size, columns, names)
    if n_rows == 0:
        raise InputError(path, "no data rows")
    return sf


def _iter_parquet(sf: SourceFile, chunk_rows: int) -> Iterator[pd.DataFrame]:
    info = SOURCES[sf.name]
    wanted = [sf.their_header(c) for c in info.columns]
    start = 0
    try:
        for batch in pq.ParquetFile(sf.path).iter_batches(batch_size=chunk_rows, columns=wanted):
            chunk = batch.to_pandas(ignore_metadata=True)  # pandas' own metadata is not needed
            chunk = chunk.rename(columns=dict(sf.renamed)) if sf.renamed else chunk
            chunk.insert(0, ROW_COLUMN, np.arange(start + 1, start + len(chunk) + 1))
            yield _finish_chunk(chunk, info.columns, repeated_header=False)
            start += len(chunk)
    except (pa.ArrowException, OSError, ValueError) as exc:  # ValueError: garbled metadata
        raise InputError(
            sf.path, f"Parquet data unreadable ({_first_line(exc)})", row=start + 1
        ) from None


# Shared -----------------------------------------------------------------------------------------


def _checked(
    name: str,
    path: Path,
    fmt: Format,
    encoding: str | None,
    sha256: str,
    size: int,
    found: list[str],
    names: Mapping[str, str] | None = None,
) -> SourceFile:
    """The SourceFile, once every catalog column is present exactly once (under the bank's own
    name where params `columns` give one: our name -> theirs)."""
    info = SOURCES[name]
    theirs = dict(names or {})
    ours_of = {their: our for our, their in theirs.items()}
    seen: set[str] = set()
    for col in found:
        ours = ours_of.get(col, col if col not in theirs else None)
        if ours is None:  # our own name of a column params say the export calls otherwise
            continue
        if ours in seen and ours in info.columns:
            raise InputError(path, "column appears twice in the header", column=col)
        seen.add(ours)
    missing = [c for c in info.columns if c not in seen]
    if missing:
        shown = ", ".join(found[:30]) + (", …" if len(found) > 30 else "")
        first = missing[0]
        named = f"'{theirs[first]}' ({first})" if first in theirs else f"'{first}'"
        raise InputError(
            path,
            f"missing required column {named}"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
            + f"; found: {shown or 'no columns'}"
            + delimiter_hint(found),
            column=theirs.get(first, first),
        )
    renamed = tuple((their, our) for our, their in theirs.items() if their in found)
    return SourceFile(
        name=name,
        path=path,
        format=fmt,
        encoding=encoding,
        sha256=sha256,
        size_bytes=size,
        columns_found=tuple(found),
        ignored_columns=tuple(
            c for c in found if ours_of.get(c, c) not in info.columns or c in theirs
        ),
        renamed=renamed,
    )


def _finish_chunk(
    chunk: pd.DataFrame,
    columns: tuple[str, ...],
    *,
    repeated_header: bool,
    headers: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The catalog's columns in catalog order after `_row`, with `_issue` and `_length`; a
    repeated header line is told by the file's own header words (`headers`: ours -> theirs)."""
    words = headers or {}
    out = chunk.loc[:, [ROW_COLUMN, *columns]].reset_index(drop=True)
    n = len(out)
    if ISSUE_COLUMN in chunk.columns:
        issue = chunk[ISSUE_COLUMN].to_numpy(dtype=object, na_value=None).copy()
        length = chunk[LENGTH_COLUMN].astype("Int64").array.copy()
    else:
        issue = np.full(n, None, dtype=object)
        length = pd.array(np.zeros(n, dtype="int64"), dtype="Int64", copy=False)
        length[:] = pd.NA
    if repeated_header and n:
        lead = columns[0]
        first = out[lead].str.strip(" \t\ufeff") == words.get(lead, lead)  # one pass, then rest
        header = first.fillna(False).to_numpy(dtype=bool, copy=True)
        for col in columns[1:] if header.any() else ():
            same = out[col].str.strip(" \t\ufeff") == words.get(col, col)
            header &= same.fillna(False).to_numpy(bool)
        if header.any():
            issue[header] = REPEATED_HEADER
            length[header] = pd.NA
            out.loc[header, list(columns)] = None
    out[ISSUE_COLUMN] = issue
    out[LENGTH_COLUMN] = length
    return out


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
