"""Reading a CSV export whatever its dialect: the encoding proven, the header, then its rows.

One pass over the bytes fingerprints the file and proves its encoding (UTF-8, else GB18030, a
superset of GBK, unless the options name one); the first undecodable byte is reported with its
data row. Rows then come from `csv_records` in chunks, malformed ones with their reason. Used by
the nine sources (`sources.py`) and by event logs, with one set of options (`text_options.py`).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from journey_utils.errors import InputError
from journey_utils.integration.csv_records import (
    CsvLayout,
    MostlyUnreadable,
    UnreadableRow,
    count_records,
    read_records,
)
from journey_utils.params.text_file import TextFileOptions

MAX_NUL_SHARE = 0.01
"""More NUL bytes than this share of the first block: UTF-16 or binary, not a CSV text."""

_BLOCK = 8 * 1024 * 1024
_ROW_SCAN_LIMIT = 256 * 1024 * 1024
_ENCODING_LABELS = {"utf-8": "UTF-8", "gbk": "GBK", "gb18030": "GB18030"}


@dataclass(frozen=True)
class TextFile:
    """A CSV export inspected: its encoding, fingerprint, header and how it ends."""

    path: Path
    encoding: str
    """Text encoding used ("utf-8", "gbk", "gb18030")."""
    sha256: str
    size_bytes: int
    header: tuple[str, ...]
    options: TextFileOptions
    ends_with_line_break: bool = True
    last_line_quote_open: bool = False
    has_quotes: bool = True


def inspect_text(path: Path, options: TextFileOptions) -> TextFile:
    """Prove the encoding and read the header of a CSV export, without loading its rows."""
    size = path.stat().st_size
    requested = options.encoding
    candidates = ["utf-8", "gb18030"] if requested == "auto" else [requested]
    quote = options.quotechar.encode("ascii", errors="ignore") or b'"'
    sha = hashlib.sha256()
    gz = is_gzip(path)
    if gz:  # the fingerprint is of the file as stored; the text is what it decompresses to
        with path.open("rb") as raw:
            while block := raw.read(_BLOCK):
                sha.update(block)
    failures: dict[str, int] = {}
    decoders = {enc: codecs.getincrementaldecoder(_codec(enc))() for enc in candidates}
    header_text = ""
    blank = True
    quotes = False
    consumed = 0
    with open_binary(path) as fh:
        while True:
            try:
                block = fh.read(_BLOCK)
            except (OSError, EOFError) as exc:  # a damaged or cut .gz
                raise InputError(path, f"cannot decompress ({exc})") from None
            final = not block
            if block:
                if not gz:
                    sha.update(block)
                head = block[:65536]
                if consumed == 0 and head.count(b"\x00") > MAX_NUL_SHARE * len(head):
                    raise InputError(
                        path,
                        "mostly NUL bytes: UTF-16 or a binary file, not a CSV text "
                        "(save it as UTF-8 or GBK)",
                    )
                if blank and block.strip():
                    blank = False
                quotes = quotes or quote in block
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
        row = _row_at(path, failures[enc], enc, options)
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
    header = _parse_header(path, header_text, options)
    ends, quote_open = _tail(path, quote)
    return TextFile(
        path=path,
        encoding=encoding,
        sha256=sha.hexdigest(),
        size_bytes=size,
        header=tuple(header),
        options=options,
        ends_with_line_break=ends,
        last_line_quote_open=quote_open,
        has_quotes=quotes,
    )


def read_text_rows(
    tf: TextFile, chunk_rows: int, *, free_text: frozenset[str] = frozenset()
) -> Iterator[pd.DataFrame]:
    """Chunks of every header column as text with `_row`, `_issue` and `_length` (see
    `csv_records.read_records`); a mostly malformed or empty file stops in one line."""
    layout = CsvLayout(
        path=tf.path,
        encoding=_codec(tf.encoding),
        header=list(tf.header),
        ends_with_line_break=tf.ends_with_line_break,
        last_line_quote_open=tf.last_line_quote_open,
        has_quotes=tf.has_quotes,
        free_text=free_text,
        delimiter=tf.options.delimiter,
        quotechar=tf.options.quotechar,
        null_values=tuple(tf.options.missing_values),
    )
    n_rows = 0
    try:
        for chunk in read_records(layout, chunk_rows):
            n_rows += len(chunk)
            yield chunk
    except MostlyUnreadable as exc:
        raise InputError(
            tf.path,
            f"mostly unreadable: {exc.n_bad:,} of {exc.n_rows:,} rows malformed (the first: "
            f"{exc.first.reason.removeprefix('malformed: ')}); check the delimiter "
            f"({_shown(tf.options.delimiter)}) and the quoting, or set them in params",
            row=exc.first.row,
        ) from None
    except UnreadableRow as exc:
        raise InputError(tf.path, f"row cannot be read ({exc})", row=exc.row) from None
    except UnicodeDecodeError as exc:  # the encoding was proven in inspect: the file changed
        raise InputError(tf.path, f"cannot decode the file any more ({exc.reason})") from None
    if n_rows == 0:
        raise InputError(tf.path, "no data rows (only a header)")


def read_text_table(
    path: Path, options: TextFileOptions, *, chunk_rows: int = 500_000
) -> tuple[TextFile, pd.DataFrame]:
    """A whole CSV export as one text frame (for event logs): (what was read, its rows)."""
    tf = inspect_text(path, options)
    chunks = list(read_text_rows(tf, chunk_rows))
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    return tf, frame


def delimiter_hint(header: list[str] | tuple[str, ...]) -> str:
    """When a header read as one column holds another separator: the advice to set it."""
    if len(header) != 1:
        return ""
    for sep, word in ((";", "';'"), ("\t", "tab"), ("|", "'|'")):
        if sep in header[0]:
            return f"; the header is one column holding {word}: set delimiter: {word} in params"
    return ""


def _shown(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else f"'{delimiter}'"


def is_gzip(path: Path) -> bool:
    """A gzip-compressed file (`.gz`), read as the text it decompresses to."""
    with path.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def open_binary(path: Path) -> io.BufferedIOBase:
    """The file's bytes, decompressed when it is gzip."""
    return gzip.open(path, "rb") if is_gzip(path) else path.open("rb")  # type: ignore[return-value]


def _tail(path: Path, quote: bytes) -> tuple[bool, bool]:
    """Whether the file ends with a line break, and whether its last line leaves a quote open."""
    if is_gzip(path):
        tail = b""
        with open_binary(path) as fh:
            while block := fh.read(_BLOCK):
                tail = (tail + block)[-1_048_576:]
    else:
        with path.open("rb") as fh:
            fh.seek(0, io.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 1_048_576))
            tail = fh.read()
    if tail.endswith((b"\n", b"\r")):
        return True, False
    last_line = tail.rsplit(b"\n", 1)[-1]
    return False, last_line.count(quote) % 2 == 1


def _codec(encoding: str) -> str:
    return "utf-8-sig" if encoding == "utf-8" else encoding


def _decode_head(path: Path, encoding: str) -> str:
    with open_binary(path) as fh:
        return fh.read(1_000_000).decode(_codec(encoding), errors="ignore")


def _parse_header(path: Path, text: str, options: TextFileOptions) -> list[str]:
    try:
        reader = csv.reader(
            io.StringIO(text), delimiter=options.delimiter, quotechar=options.quotechar
        )
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise InputError(path, f"no readable header line ({exc or 'empty'})") from None
    return [h.strip() for h in header]


def _row_at(path: Path, offset: int, encoding: str, options: TextFileOptions) -> int:
    """Data row (0 = header) holding byte `offset`, counting CSV records (quoted newlines too)."""
    limit = min(offset, _ROW_SCAN_LIMIT)
    with open_binary(path) as fh:
        prefix = fh.read(limit)
    if offset > _ROW_SCAN_LIMIT:  # too far in to parse records cheaply: count lines instead
        newlines = prefix.count(b"\n")
        with open_binary(path) as fh:
            fh.read(limit)
            remaining = offset - limit
            while remaining > 0:
                block = fh.read(min(_BLOCK, remaining))
                if not block:
                    break
                newlines += block.count(b"\n")
                remaining -= len(block)
        return newlines
    text = prefix.decode(_codec(encoding), errors="replace")
    records = count_records(text, options.delimiter, options.quotechar)
    if not text or text.endswith(("\n", "\r")):
        records += 1
    return max(records - 1, 0)
