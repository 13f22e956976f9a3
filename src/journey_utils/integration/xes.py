"""Read XES event logs (IEEE 1849) into one flat frame, streaming, with the standard library only.

pm4py reads XES too, but it is AGPL-licensed and must never be a dependency of journey_utils;
this reader covers what a journey import needs: trace and event attributes, typed per XES type.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

import numpy as np
import pandas as pd
import pyarrow as pa

from journey_utils.errors import InputError
from journey_utils.integration.xes_scan import CONTAINERS, XES_TYPES, ScannedXes, scan_xes

ROW_COLUMN = "_row"
"""1-based event number in file order, so an error or a quarantined event can name its row."""

CASE_PREFIX = "case:"
"""Prefix of trace (case) attribute columns, as in pm4py's and ProM's flat CSV exports."""


_GZIP_MAGIC = b"\x1f\x8b"


def read_xes(path: str | Path, *, typed: bool = True) -> pd.DataFrame:
    """One row per event: `case:<key>` columns for trace attributes, the event's own attributes
    (`concept:name`, `lifecycle:transition`, `org:resource`, `time:timestamp`, ...) and `_row`.

    With `typed` (default) values follow their XES type: date -> UTC timestamps, int -> Int64,
    float -> Float64, boolean -> boolean, string/id -> str; a key used with two types stays text.
    With `typed=False` every value is the file's text, as a CSV export would give it.
    Nested attributes (children of an attribute) and log-level attributes are skipped.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(p, "XES file not found")
    scanned = _scanned(p)
    if scanned is not None:
        frame = pd.DataFrame(
            {name: _text(values) for name, values in scanned.columns.items()},
            index=pd.RangeIndex(scanned.n_events),
        )
        types = scanned.types
    else:
        reader = _XesReader(p)
        with _open(p) as handle:
            reader.parse(handle)
        frame = pd.DataFrame(reader.columns(), dtype="str")
        types = reader.types
    if typed:
        frame = _typed(frame, types)
    frame[ROW_COLUMN] = np.arange(1, len(frame) + 1, dtype="int64")
    return frame


def _scanned(path: Path) -> ScannedXes | None:
    """The file read by the vectorised scanner, or None when its layout needs the expat reader
    (or it cannot be read: the expat reader then names the problem)."""
    try:
        with _open(path) as handle:
            data = handle.read()
    except (OSError, EOFError):
        return None
    return scan_xes(data, lambda outer: _outer_ok(path, outer))


def _outer_ok(path: Path, outer: bytes) -> bool:
    """Whether the document without its trace section is a well-formed XES log with no event."""
    reader = _XesReader(path)
    try:
        reader.parse(io.BytesIO(outer))
    except InputError:
        return False
    return reader.columns() == {}


def _text(values: pa.Array) -> pd.Series:
    """An Arrow string column as pandas text (missing = NaN), as the expat path builds it."""
    return pd.Series(pd.array(values, dtype="str"), copy=False)


def _open(path: Path) -> IO[bytes]:
    """The file as bytes, gunzipped when it starts with the gzip magic number (any suffix)."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    return gzip.open(path, "rb") if magic == _GZIP_MAGIC else path.open("rb")


class _XesReader:
    """Expat callbacks that collect events column by column (no element tree is built).

    Attributes count only as direct children of <trace> or <event>: `_nested` tracks depth
    inside an attribute, so meta-attributes and list members stay out, as do log-level ones.
    A trace's attributes may follow its events in the file, so events are kept until the
    trace ends and then written with the trace's attributes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.types: dict[str, set[str]] = {}
        self._cols: dict[str, list[str | None]] = {}
        self._n = 0
        self._trace: dict[str, str] | None = None
        self._events: list[dict[str, str]] = []
        self._event: dict[str, str] | None = None
        self._nested = 0
        self._depth = 0

    def parse(self, handle: IO[bytes]) -> None:
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        try:
            parser.ParseFile(handle)
        except expat.ExpatError as exc:
            message = expat.ErrorString(exc.code)
            raise InputError(
                self.path, f"malformed XML at line {exc.lineno}, column {exc.offset + 1}: {message}"
            ) from None
        except (OSError, EOFError) as exc:
            raise InputError(self.path, f"cannot read the file ({exc})") from None
        except _NotXes as exc:
            raise InputError(self.path, str(exc), row=parser.CurrentLineNumber) from None

    def columns(self) -> dict[str, list[str | None]]:
        """Every column padded to the number of events."""
        for values in self._cols.values():
            values.extend([None] * (self._n - len(values)))
        return self._cols

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = tag.rpartition(":")[2]
        self._depth += 1
        if self._nested:
            self._nested += 1
        elif tag in XES_TYPES or tag in CONTAINERS:
            self._nested = 1
            target = self._event if self._event is not None else self._trace
            key = attrs.get("key")
            if target is None or key is None or tag in CONTAINERS:
                return
            name = key if self._event is not None else CASE_PREFIX + key
            target[name] = attrs.get("value", "")
            kinds = self.types.setdefault(name, set())
            kinds.add(tag)
        elif tag == "event":
            if self._trace is None:
                raise _NotXes("an <event> outside any <trace> has no case")
            self._event = {}
        elif tag == "trace":
            self._trace, self._events = {}, []
        elif self._depth == 1 and tag != "log":
            raise _NotXes(f"not an XES log (the root element is <{tag}>, not <log>)")

    def _end(self, tag: str) -> None:
        tag = tag.rpartition(":")[2]
        self._depth -= 1
        if self._nested:
            self._nested -= 1
        elif tag == "event" and self._event is not None:
            self._events.append(self._event)
            self._event = None
        elif tag == "trace" and self._trace is not None:
            for event in self._events:
                self._write(self._trace)
                self._write(event)
                self._n += 1
            self._trace, self._events = None, []

    def _write(self, values: dict[str, str]) -> None:
        n = self._n
        cols = self._cols
        for name, value in values.items():
            column = cols.get(name)
            if column is None:
                column = cols[name] = [None] * n
            elif len(column) < n:
                column.extend([None] * (n - len(column)))
            column.append(value)


class _NotXes(Exception):
    """Raised inside the expat callbacks; turned into an InputError naming the line."""


def _typed(frame: pd.DataFrame, types: dict[str, set[str]]) -> pd.DataFrame:
    """Each column converted per its XES type (one type per key, else left as text)."""
    out: dict[str, Any] = {}
    for col in frame.columns:
        kinds = types.get(col, {"string"})
        kind = next(iter(kinds)) if len(kinds) == 1 else "string"
        out[col] = _convert(frame[col], kind)
    return pd.DataFrame(out, index=frame.index)


def _convert(values: pd.Series, kind: str) -> pd.Series:
    if kind == "date":
        return pd.to_datetime(values, utc=True, format="ISO8601", errors="coerce")
    if kind == "int":
        return pd.to_numeric(values, errors="coerce").astype("Int64")
    if kind == "float":
        return pd.to_numeric(values, errors="coerce").astype("Float64")
    if kind == "boolean":
        return values.str.lower().map({"true": True, "false": False}).astype("boolean")
    return values.astype("str")
