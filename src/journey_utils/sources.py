"""Reading the nine sources (CSV in UTF-8 or GBK, Parquet) in bounded chunks, failing in one line.

Every problem that makes a file unusable as a whole — missing, empty, garbled, undecodable,
a required column absent — raises `InputError` naming the file, row and column. Problems in
single values are not this module's business: they are typed and judged by the contract
(`contracts.py`) and quarantined row by row (`quarantine.py`).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from journey_utils.catalog import SOURCES
from journey_utils.config import RunParams
from journey_utils.errors import InputError

CHUNK_ROWS = 500_000
"""Rows per chunk: a chunk of the widest source stays well under a few hundred MiB."""

NULL_TOKENS: tuple[str, ...] = ("", "NULL", "null", "NaN", "nan", "None", "NA", "N/A", "#N/A")
"""CSV cell texts read as missing."""

ROW_COLUMN = "_row"
"""Lineage column: the 1-based data row number in the source file (the header is not counted)."""

_BLOCK = 8 * 1024 * 1024
_ROW_SCAN_LIMIT = 256 * 1024 * 1024
_PARQUET_MAGIC = b"PAR1"
_ENCODING_LABELS = {"utf-8": "UTF-8", "gbk": "GBK", "gb18030": "GB18030"}

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
    if head.startswith(_PARQUET_MAGIC) or suffix == ".parquet":
        return _inspect_parquet(name, path, size)
    if suffix in (".xlsx", ".xls") or head.startswith(b"PK\x03\x04"):
        raise InputError(path, "Excel files are not read directly: export the sheet as CSV")
    return _inspect_csv(name, path, size, params.source_encoding(name))


def iter_source(
    params: RunParams,
    name: str,
    *,
    chunk_rows: int = CHUNK_ROWS,
    source_file: SourceFile | None = None,
) -> Iterator[pd.DataFrame]:
    """Yield the raw rows of source `name` in chunks of at most `chunk_rows`.

    Chunks hold the catalog's columns in catalog order (others are dropped) plus
    `_row`. CSV values are text as written (cells in NULL_TOKENS are missing); every column is
    parsed, so a row with surplus fields stops the read with its row number. Parquet values
    keep their stored types. Typing against the contract happens in validation, so a bad
    value costs one quarantined row, not the file.
    """
    sf = source_file or inspect_source(params, name)
    if sf.format == "parquet":
        yield from _iter_parquet(sf, chunk_rows)
    else:
        yield from _iter_csv(sf, chunk_rows)


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
        from journey_utils.contracts import coerce_to_contract

        frame = coerce_to_contract(frame, name).frame
    frame.attrs["source_file"] = sf
    return frame


# CSV --------------------------------------------------------------------------------------------


def _inspect_csv(name: str, path: Path, size: int, requested: str) -> SourceFile:
    candidates = ["utf-8", "gb18030"] if requested == "auto" else [requested]
    sha = hashlib.sha256()
    failures: dict[str, int] = {}
    decoders = {enc: codecs.getincrementaldecoder(_codec(enc))() for enc in candidates}
    header_text = ""
    blank = True
    consumed = 0
    with path.open("rb") as fh:
        while True:
            block = fh.read(_BLOCK)
            final = not block
            if block:
                sha.update(block)
                if consumed == 0 and b"\x00" in block[:65536]:
                    raise InputError(path, "contains NUL bytes: a binary file, not a CSV text")
                if blank and block.strip():
                    blank = False
            for enc, dec in list(decoders.items()):
                pending = len(dec.getstate()[0])
                try:
                    text = dec.decode(block, final=final)
                except UnicodeDecodeError as exc:
                    failures[enc] = consumed - pending + exc.start
                    del decoders[enc]
                    continue
                if enc == candidates[0] and len(header_text) < 1_000_000:
                    header_text += text
            consumed += len(block)
            if final:
                break
    if blank:
        raise InputError(path, "file is empty")
    ok = [enc for enc in candidates if enc not in failures]
    if not ok:
        # report where the encoding that read furthest broke down: most likely the intended one
        enc = max(candidates, key=lambda e: failures[e])
        row = _row_at(path, failures[enc], enc)
        tried = " or ".join(_ENCODING_LABELS.get(e, e) for e in candidates)
        where = "in the header" if row == 0 else "in this row"
        raise InputError(
            path,
            f"cannot decode the bytes {where} as {tried} (byte {failures[enc] + 1}); "
            "save the file as UTF-8 or GBK",
            row=row or None,
        )
    encoding = ok[0]
    if encoding != candidates[0]:
        header_text = _decode_head(path, encoding)
    header = _parse_header(path, header_text)
    return _checked(name, path, "csv", encoding, sha.hexdigest(), size, header)


def _codec(encoding: str) -> str:
    return "utf-8-sig" if encoding == "utf-8" else encoding


def _decode_head(path: Path, encoding: str) -> str:
    with path.open("rb") as fh:
        return fh.read(1_000_000).decode(_codec(encoding), errors="ignore")


def _parse_header(path: Path, text: str) -> list[str]:
    try:
        header = next(csv.reader(io.StringIO(text)))
    except (StopIteration, csv.Error) as exc:
        raise InputError(path, f"no readable header line ({exc or 'empty'})") from None
    return [h.strip() for h in header]


def _row_at(path: Path, offset: int, encoding: str) -> int:
    """Data row (0 = header) holding byte `offset`, counting CSV records (quoted newlines too)."""
    limit = min(offset, _ROW_SCAN_LIMIT)
    with path.open("rb") as fh:
        prefix = fh.read(limit)
    if offset > _ROW_SCAN_LIMIT:  # too far in to parse records cheaply: count lines instead
        newlines = prefix.count(b"\n")
        with path.open("rb") as fh:
            fh.seek(limit)
            remaining = offset - limit
            while remaining > 0:
                block = fh.read(min(_BLOCK, remaining))
                if not block:
                    break
                newlines += block.count(b"\n")
                remaining -= len(block)
        return newlines
    text = prefix.decode(_codec(encoding), errors="replace")
    records = sum(1 for _ in csv.reader(io.StringIO(text)))
    if not text or text.endswith(("\n", "\r")):
        records += 1
    return max(records - 1, 0)


def _iter_csv(sf: SourceFile, chunk_rows: int) -> Iterator[pd.DataFrame]:
    info = SOURCES[sf.name]
    start = 0
    try:
        reader = pd.read_csv(
            sf.path,
            encoding=_codec(sf.encoding or "utf-8"),
            dtype=str,
            keep_default_na=False,
            na_values=list(NULL_TOKENS),
            chunksize=chunk_rows,
            engine="c",
            skipinitialspace=True,
        )
        with reader:
            for chunk in reader:
                chunk.columns = [c.strip() for c in chunk.columns]
                yield _finish_chunk(chunk, info.columns, start)
                start += len(chunk)
    except pd.errors.EmptyDataError:
        raise InputError(sf.path, "file is empty") from None
    except (pd.errors.ParserError, csv.Error, ValueError, UnicodeDecodeError) as exc:
        raise _parser_error(sf.path, str(exc), start) from None
    if start == 0:
        raise InputError(sf.path, "no data rows (only a header)")


def _parser_error(path: Path, message: str, start: int) -> InputError:
    text = message.replace("Error tokenizing data. C error: ", "").strip()
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if m:
        return InputError(
            path,
            f"malformed CSV: expected {m.group(1)} fields, found {m.group(3)}",
            row=int(m.group(2)) - 1,
        )
    m = re.search(r"EOF inside string starting at row (\d+)", text)
    if m:
        return InputError(
            path, "malformed CSV: a quoted value is never closed", row=int(m.group(1))
        )
    return InputError(path, f"malformed CSV: {text.splitlines()[0] if text else 'unreadable'}")


# Parquet ----------------------------------------------------------------------------------------


def _inspect_parquet(name: str, path: Path, size: int) -> SourceFile:
    sha = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            sha.update(block)
    try:
        meta = pq.ParquetFile(path)
        names = list(meta.schema_arrow.names)
        n_rows = meta.metadata.num_rows
    except (pa.ArrowException, OSError) as exc:
        raise InputError(path, f"not a readable Parquet file ({_first_line(exc)})") from None
    sf = _checked(name, path, "parquet", None, sha.hexdigest(), size, names)
    if n_rows == 0:
        raise InputError(path, "no data rows")
    return sf


def _iter_parquet(sf: SourceFile, chunk_rows: int) -> Iterator[pd.DataFrame]:
    info = SOURCES[sf.name]
    wanted = [c for c in sf.columns_found if c in info.columns]
    start = 0
    try:
        for batch in pq.ParquetFile(sf.path).iter_batches(batch_size=chunk_rows, columns=wanted):
            chunk = batch.to_pandas()
            yield _finish_chunk(chunk, info.columns, start)
            start += len(chunk)
    except (pa.ArrowException, OSError) as exc:
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
) -> SourceFile:
    """The SourceFile, once every catalog column is present exactly once."""
    info = SOURCES[name]
    seen: set[str] = set()
    for col in found:
        if col in seen and col in info.columns:
            raise InputError(path, "column appears twice in the header", column=col)
        seen.add(col)
    missing = [c for c in info.columns if c not in seen]
    if missing:
        shown = ", ".join(found[:30]) + (", …" if len(found) > 30 else "")
        raise InputError(
            path,
            f"missing required column '{missing[0]}'"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
            + f"; found: {shown or 'no columns'}",
            column=missing[0],
        )
    return SourceFile(
        name=name,
        path=path,
        format=fmt,
        encoding=encoding,
        sha256=sha256,
        size_bytes=size,
        columns_found=tuple(found),
        ignored_columns=tuple(c for c in found if c not in info.columns),
    )


def _finish_chunk(chunk: pd.DataFrame, columns: tuple[str, ...], start: int) -> pd.DataFrame:
    out = chunk.loc[:, list(columns)]
    out.index = pd.RangeIndex(start, start + len(out))
    out.insert(0, ROW_COLUMN, pd.Series(range(start + 1, start + len(out) + 1), index=out.index))
    return out


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
