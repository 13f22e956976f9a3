"""CSV records read row by row without stopping at a bad one: malformed rows are named, not fatal.

Two readers with one meaning (RFC 4180: `,` between fields, `"` around a field that holds a comma,
quote or line break, `""` for a quote inside it; blank lines are not rows). The fast one is
pyarrow's CSV parser; it is used when every record of the file is one physical line. A file with
a line break inside a value, or one the fast reader cannot parse at all, is read by the exact
one, built on Python's `csv` module, which can take a record apart line by line: a quoted value
that never closes spoils only its own line, not the rest of the file. Both give every row its
data row number (header not counted) and keep a malformed row's number, length and reason but
never its text: it may hold identifiers that the columns would have pseudonymised.
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from journey_utils.params.text_file import NULL_TOKENS

ROW_COLUMN = "_row"
"""Lineage column: the 1-based data row number in the source file (the header is not counted)."""
ISSUE_COLUMN = "_issue"
"""Why a row could not be read as a record (None for a row that could)."""
LENGTH_COLUMN = "_length"
"""Characters in a malformed row (None for a row that was read): its size, never its text."""

"""Cell texts read as missing (after trimming spaces)."""

MAX_RECORD_LINES = 50
"""A quoted value may span at most this many lines: beyond, its opening quote is taken as never
closed and the lines after it are read again as rows of their own."""
MOSTLY_UNREADABLE = 0.5
"""Above this share of malformed rows (and at least MIN_MALFORMED_TO_STOP) the file stops."""
MIN_MALFORMED_TO_STOP = 3

_BLOCK = 16 * 1024 * 1024
_LINE_BREAK = r"[\r\n]"


@dataclass(frozen=True)
class Malformed:
    """A row that could not be taken apart into the header's fields."""

    row: int
    length: int
    reason: str
    fields: int | None = None
    """Fields found, when the row could be split at all."""


@dataclass
class CsvLayout:
    """What the reader needs to know of a file: encoding, header and how it ends."""

    path: Path
    encoding: str
    """Python codec name ("utf-8-sig", "gb18030", …)."""
    header: list[str]
    ends_with_line_break: bool
    last_line_quote_open: bool = False
    """The file's last line has an odd number of quotes (and no line break after it)."""
    has_quotes: bool = True
    """The file holds a quote character somewhere (else no value can span lines)."""
    free_text: frozenset[str] = frozenset()
    """Columns whose quoted values may hold line breaks (notes); elsewhere one breaks the row."""
    delimiter: str = ","
    quotechar: str = '"'
    null_values: tuple[str, ...] = NULL_TOKENS
    """Cell texts (spaces trimmed) read as missing."""
    malformed: list[Malformed] = field(default_factory=list)


class UnreadableRow(Exception):
    """The fast reader failed on a row in a single pass, after earlier chunks were yielded."""

    def __init__(self, row: int, cause: BaseException) -> None:
        self.row, self.cause = row, cause
        super().__init__(str(cause).splitlines()[0] if str(cause) else type(cause).__name__)


class MostlyUnreadable(Exception):
    """More than half of the rows are malformed: the file is not the CSV it claims to be."""

    def __init__(self, first: Malformed, n_bad: int, n_rows: int) -> None:
        self.first, self.n_bad, self.n_rows = first, n_bad, n_rows
        super().__init__(f"{n_bad} of {n_rows} rows malformed")


def read_records(layout: CsvLayout, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """Chunks of at most `chunk_rows` rows: every header column as text (NULL tokens missing),
    `_row`, and for malformed rows `_issue` and `_length` with all columns missing.

    Malformed rows stay in row order among the others. Raises `MostlyUnreadable` when more than
    half of the rows are malformed (checked before the first chunk on the fast path, at the end
    on the exact one).
    """
    layout.malformed.clear()
    if not layout.has_quotes:  # no quote: every record is one line, so one pass suffices
        yield from _fast_chunks(layout, chunk_rows, live=True)
    elif _fast_path_holds(layout):
        yield from _fast_chunks(layout, chunk_rows, live=False)
    else:
        layout.malformed.clear()
        yield from _exact_chunks(layout, chunk_rows)


# Fast path: pyarrow --------------------------------------------------------------------------


def _open_arrow(layout: CsvLayout, on_invalid: object) -> pacsv.CSVStreamingReader:
    names = [f"c{i}" for i in range(len(layout.header))]
    return pacsv.open_csv(
        layout.path,
        read_options=pacsv.ReadOptions(
            use_threads=False,  # row numbers of invalid rows are known only when reading serially
            block_size=_BLOCK,
            skip_rows=1,
            column_names=names,
            encoding=layout.encoding.replace("utf-8-sig", "utf8"),
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=layout.delimiter,
            quote_char=layout.quotechar,
            newlines_in_values=True,
            invalid_row_handler=on_invalid,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _fast_path_holds(layout: CsvLayout) -> bool:
    """First pass: parse the file and collect its malformed rows; False when some record spans
    lines (a quoted line break, or a quote that never closes), which only the exact reader can
    take apart faithfully."""
    bad: list[tuple[int, int, int]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        if row.number is None or "\n" in row.text or "\r" in row.text:
            return "error"
        bad.append((row.number - 1, row.actual_columns, len(row.text)))
        return "skip"

    n_good = 0
    try:
        with _open_arrow(layout, on_invalid) as reader:
            for batch in reader:
                n_good += batch.num_rows
                for col in batch.columns:
                    if pc.any(pc.match_substring_regex(col, _LINE_BREAK)).as_py():
                        return False
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeDecodeError, OSError):
        return False
    if layout.last_line_quote_open:  # cut inside a quoted value: only the exact reader tells
        return False
    expected = len(layout.header)
    n_rows = n_good + len(bad)
    for row, found, length in bad:
        last = row == n_rows and not layout.ends_with_line_break
        reason = _count_reason(found, expected, last)
        layout.malformed.append(Malformed(row, length, reason, found))
    _stop_if_mostly_unreadable(layout.malformed, n_rows)
    return True


def _fast_chunks(layout: CsvLayout, chunk_rows: int, *, live: bool) -> Iterator[pd.DataFrame]:
    """Chunks from pyarrow. `live`: malformed rows are collected while reading (a file without
    quotes, where each is one line); else they were collected by the first pass."""
    expected = len(layout.header)

    def on_invalid(row: pacsv.InvalidRow) -> str:
        reason = _count_reason(row.actual_columns, expected, last=False)
        layout.malformed.append(
            Malformed(row.number - 1, len(row.text), reason, row.actual_columns)
        )
        return "skip"

    pending: list[pa.RecordBatch] = []
    buffered = good_before = next_bad = 0
    with _open_arrow(layout, on_invalid if live else lambda _row: "skip") as reader:
        try:
            for batch in reader:
                pending.append(batch)
                buffered += batch.num_rows
                while buffered >= chunk_rows:
                    table = pa.Table.from_batches(pending)
                    head, rest = table.slice(0, chunk_rows), table.slice(chunk_rows)
                    frame, good_before, next_bad = _numbered(
                        layout, head, good_before, next_bad, final=False
                    )
                    yield frame
                    pending, buffered = rest.to_batches(), rest.num_rows
        except pa.ArrowInvalid as exc:  # e.g. one line longer than a block
            raise UnreadableRow(good_before + buffered + len(layout.malformed) + 1, exc) from None
    n_rows = good_before + buffered + len(layout.malformed)
    if live:
        _mark_truncated_last(layout, n_rows)
    table = pa.Table.from_batches(pending, schema=reader.schema)
    if table.num_rows or next_bad < len(layout.malformed):
        frame, _, _ = _numbered(layout, table, good_before, next_bad, final=True)
        yield frame
    if live:
        _stop_if_mostly_unreadable(layout.malformed, n_rows)


def _mark_truncated_last(layout: CsvLayout, n_rows: int) -> None:
    """The last row, short of fields in a file that ends without a line break, was cut off."""
    bad = layout.malformed
    if bad and bad[-1].row == n_rows and not layout.ends_with_line_break:
        last = bad[-1]
        if last.fields is not None:
            reason = _count_reason(last.fields, len(layout.header), last=True)
            bad[-1] = Malformed(last.row, last.length, reason, last.fields)


def _numbered(
    layout: CsvLayout,
    table: pa.Table,
    good_before: int,
    next_bad: int,
    *,
    final: bool,
) -> tuple[pd.DataFrame, int, int]:
    """A chunk of good rows with their file row numbers, and the malformed rows among them."""
    bad = np.array([m.row for m in layout.malformed], dtype="int64")
    shifted = bad - np.arange(len(bad))  # k-th good row's number = k + #(bad with shifted <= k)
    k = np.arange(good_before + 1, good_before + table.num_rows + 1, dtype="int64")
    rows = k + np.searchsorted(shifted, k, side="right")
    columns = {h: table.column(i) for i, h in enumerate(layout.header)}
    frame = _text_frame(columns, layout.null_values)
    frame.insert(0, ROW_COLUMN, rows)
    last_row = int(rows[-1]) if len(rows) else 0
    upto = len(shifted) if final else next_bad
    if not final:
        while upto < len(shifted) and layout.malformed[upto].row < last_row:
            upto += 1
    frame = _with_malformed(frame, layout.malformed[next_bad:upto])
    return frame, good_before + table.num_rows, upto


# Exact path: Python's csv, line by line ------------------------------------------------------


class _Lines:
    """Physical lines of a text file for csv.reader, with lines put back for a second reading and
    a cap on the lines one record may take (then the reader sees the end of the input)."""

    def __init__(self, fh: IO[str]) -> None:
        self._fh = fh
        self._back: list[str] = []
        self.taken: list[str] = []
        self.stopped = False
        self.eof = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if len(self.taken) >= MAX_RECORD_LINES:
            self.stopped = True
            raise StopIteration
        if self._back:
            line = self._back.pop()
        else:
            line = self._fh.readline()
            if not line:
                self.stopped = self.eof = True
                raise StopIteration
        self.taken.append(line)
        return line

    def start(self) -> None:
        self.taken, self.stopped = [], False

    def put_back(self, lines: list[str]) -> None:
        self._back.extend(reversed(lines))
        self.eof = self.eof and not lines


def _exact_records(layout: CsvLayout) -> Iterator[tuple[int, list[str] | None, Malformed | None]]:
    """(row, fields, None) per good record and (row, None, Malformed) per malformed one."""
    expected = len(layout.header)
    free_text = frozenset(i for i, h in enumerate(layout.header) if h in layout.free_text)
    with _unlimited_fields(), _open_text(layout) as fh:
        lines = _Lines(fh)
        reader = csv.reader(
            lines, strict=False, delimiter=layout.delimiter, quotechar=layout.quotechar
        )
        header_seen = False
        row = 0
        while True:
            lines.start()
            try:
                fields = next(reader)
            except StopIteration:
                if not lines.taken:
                    return
                fields = []
            except csv.Error:
                fields = None
            taken = lines.taken
            if fields == [] and len(taken) == 1 and not taken[0].strip("\r\n"):
                continue  # a blank line is not a row
            if not header_seen:
                header_seen = True
                continue
            row += 1
            at_end = lines.stopped
            unclosed = at_end and sum(t.count(layout.quotechar) for t in taken) % 2 == 1
            broken_value = (
                len(taken) > 1 and fields is not None and _breaks_outside(fields, free_text)
            )
            if (
                fields is None
                or unclosed
                or broken_value
                or (len(taken) > 1 and len(fields) != expected)
            ):
                first = taken[0]
                last = lines.eof and len(taken) == 1 and not layout.ends_with_line_break
                lines.put_back(taken[1:])
                if last:
                    reason = "truncated: the file ends inside this row's quoted value"
                else:
                    reason = "a quoted value is never closed on its line"
                yield row, None, Malformed(row, len(first.rstrip("\r\n")), reason)
                continue
            if len(fields) != expected:
                length = len("".join(taken).rstrip("\r\n"))
                reason = _count_reason(len(fields), expected, last=False)
                yield row, None, Malformed(row, length, reason, len(fields))
                continue
            yield row, fields, None


def _breaks_outside(fields: list[str], free_text: frozenset[int]) -> bool:
    return any(("\n" in f or "\r" in f) for i, f in enumerate(fields) if i not in free_text)


def _exact_chunks(layout: CsvLayout, chunk_rows: int) -> Iterator[pd.DataFrame]:
    rows: list[int] = []
    values: list[list[str]] = []
    bad: list[Malformed] = []
    n_rows = 0
    for row, fields, malformed in _exact_records(layout):
        if len(rows) + len(bad) >= chunk_rows:  # flushed only once another row follows, so the
            layout.malformed.extend(bad)  # last row is held back for the truncation check
            yield _exact_frame(layout, rows, values, bad)
            rows, values, bad = [], [], []
        n_rows = row
        if malformed is not None:
            bad.append(malformed)
        else:
            assert fields is not None
            rows.append(row)
            values.append(fields)
    layout.malformed.extend(bad)
    _mark_truncated_last(layout, n_rows)
    bad = layout.malformed[len(layout.malformed) - len(bad) :]  # the truncation mark included
    if rows or bad or n_rows == 0:
        yield _exact_frame(layout, rows, values, bad)
    _stop_if_mostly_unreadable(layout.malformed, n_rows)


def _exact_frame(
    layout: CsvLayout, rows: list[int], values: list[list[str]], bad: list[Malformed]
) -> pd.DataFrame:
    header = layout.header
    columns = list(zip(*values, strict=True)) if values else [() for _ in header]
    arrays = {h: pa.array(columns[i], type=pa.string()) for i, h in enumerate(header)}
    frame = _text_frame(arrays, layout.null_values)
    frame.insert(0, ROW_COLUMN, np.array(rows, dtype="int64"))
    return _with_malformed(frame, bad)


# Shared ----------------------------------------------------------------------------------------


def _count_reason(found: int, expected: int, last: bool) -> str:
    if last and found < expected:
        return f"truncated: the file ends inside this row ({found} of {expected} fields)"
    return f"malformed: {found} field{'s' if found != 1 else ''} where {expected} were expected"


def _stop_if_mostly_unreadable(malformed: list[Malformed], n_rows: int) -> None:
    n_bad = len(malformed)
    if n_bad >= MIN_MALFORMED_TO_STOP and n_bad > MOSTLY_UNREADABLE * n_rows:
        raise MostlyUnreadable(malformed[0], n_bad, n_rows)


def _text_frame(
    columns: dict[str, pa.ChunkedArray | pa.Array], null_values: tuple[str, ...]
) -> pd.DataFrame:
    """Text columns with the missing-value words (spaces trimmed) as missing; a header name
    repeated in the file keeps its first column."""
    nulls = pa.array(null_values, type=pa.string())
    out: dict[str, pa.ChunkedArray | pa.Array] = {}
    for name, arr in columns.items():
        if name in out:
            continue
        null = pc.is_in(pc.utf8_trim_whitespace(arr), value_set=nulls)
        out[name] = pc.if_else(null, pa.scalar(None, pa.string()), arr)
    return pa.table(out).to_pandas() if out else pd.DataFrame()


def _with_malformed(frame: pd.DataFrame, bad: list[Malformed]) -> pd.DataFrame:
    frame[ISSUE_COLUMN] = pd.Series([None] * len(frame), index=frame.index, dtype="str")
    frame[LENGTH_COLUMN] = pd.Series([pd.NA] * len(frame), index=frame.index, dtype="Int64")
    if not bad:
        return frame
    extra = pd.DataFrame(
        {
            ROW_COLUMN: np.array([m.row for m in bad], dtype="int64"),
            ISSUE_COLUMN: pd.Series([m.reason for m in bad], dtype="str"),
            LENGTH_COLUMN: pd.Series([m.length for m in bad], dtype="Int64"),
        }
    )
    for col in frame.columns:
        if col not in extra.columns:
            extra[col] = pd.Series([None] * len(extra), dtype="str")
    merged = pd.concat([frame, extra[frame.columns]], ignore_index=True)
    return merged.sort_values(ROW_COLUMN, kind="stable").reset_index(drop=True)


def _open_text(layout: CsvLayout) -> IO[str]:
    """The file as text lines (line endings kept), decompressed when it is gzip."""
    with layout.path.open("rb") as probe:
        gz = probe.read(2) == b"\x1f\x8b"
    if gz:
        return gzip.open(layout.path, "rt", encoding=layout.encoding, newline="")
    return layout.path.open(encoding=layout.encoding, newline="", errors="strict")


@contextmanager
def _unlimited_fields() -> Iterator[None]:
    """Lift csv's field size limit (128 KiB) for the read: a long value is data, not an error."""
    old = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def count_records(text: str, delimiter: str = ",", quotechar: str = '"') -> int:
    """CSV records in `text` (quoted line breaks inside a record), however long its fields."""
    lines = text.splitlines(keepends=True)
    with _unlimited_fields():
        try:
            reader = csv.reader(lines, strict=False, delimiter=delimiter, quotechar=quotechar)
            return sum(1 for _ in reader)
        except csv.Error:
            return text.count("\n")
