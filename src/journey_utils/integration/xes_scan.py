"""A vectorised XES reader for the common layout (OpenXES, ProM, pm4py exports): the bytes are
scanned with NumPy and values cut straight into Arrow strings, with no Python call per element.

It reads only what it can check in full: every tag of the trace section must have one of the
canonical shapes below, and the header and trailer (log attributes, extensions, globals,
classifiers, comments) go through expat. Anything else — another attribute order, single
quotes, comments or CDATA among the traces, a character reference, whitespace inside a value,
a control character, another encoding — makes `scan_xes` return None, and the caller reads the
file with the expat reader, which gives the same frame or names the line of the error.

Canonical shapes: `<trace>`, `<event>`, `</trace>`, `</event>`, `<T key="k" value="v"/>`,
`<T key="k" value="v">`, `</T>` (T an XES type), `<L key="k">`, `<L>`, `</L>` (L a list or
container). The frame is the same as the expat reader's: columns in order of first use, the
last value of a key repeated in one element wins, trace attributes written to each of its events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.parsers import expat

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

XES_TYPES: tuple[str, ...] = ("string", "date", "int", "float", "boolean", "id")
"""XES attribute elements read as values (both readers)."""
CONTAINERS: tuple[str, ...] = ("list", "container", "values")
"""List and container elements: skipped with all they hold (both readers)."""
STRUCTURE: tuple[str, ...] = ("trace", "event")
NAMES: tuple[str, ...] = (*STRUCTURE, *XES_TYPES, *CONTAINERS)
TRACE, EVENT = 0, 1
FIRST_TYPE, FIRST_CONTAINER = 2, 2 + len(XES_TYPES)
WINDOW = 16
"""Zero bytes added after the data, so an 8-byte word can be read at any offset."""

LT, GT, SLASH, QUOTE, AMP = 60, 62, 47, 34, 38
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))
_ENTITY_PATTERN = "&(lt|gt|quot|apos|amp);"


@dataclass(frozen=True)
class ScannedXes:
    """Events as Arrow string columns (in first-use order) and each column's XES types."""

    columns: dict[str, pa.Array]
    types: dict[str, set[str]]
    n_events: int


class _Unsupported(Exception):
    """The file is outside the canonical layout: read it with the expat reader instead."""


def scan_xes(data: bytes, check_outer: Callable[[bytes], bool]) -> ScannedXes | None:
    """The events of an XES document held in `data`, or None when the layout is not canonical.

    `check_outer(header_and_trailer: bytes) -> bool` parses the document with its trace section
    cut out (the expat reader) and says whether that part is a well-formed XES log."""
    try:
        return _scan(data, check_outer)
    except _Unsupported:
        return None


def _scan(data: bytes, check_outer: Callable[[bytes], bool]) -> ScannedXes:
    _require(len(data) < 2**31)  # string views address the data with 32-bit offsets
    buf = np.frombuffer(data, dtype=np.uint8)
    words = _Words(data)
    lt = np.flatnonzero(buf == LT)
    gt = np.flatnonzero(buf == GT)
    _require(len(lt) > 0 and len(lt) == len(gt))
    _require(bool(np.all(lt < gt)) and bool(np.all(gt[:-1] < lt[1:])))
    code, is_close, name_len = _tag_codes(words, lt)
    trace_open = np.flatnonzero((code == TRACE) & ~is_close)
    trace_close = np.flatnonzero((code == TRACE) & is_close)
    _require(len(trace_open) > 0 and len(trace_close) > 0)
    first, last = int(trace_open[0]), int(trace_close[-1])
    body = slice(first, last + 1)
    outer = data[: lt[first]] + data[gt[last] + 1 :]
    _require(check_outer(outer))
    _require(_utf8_declared(outer))
    b_lt, b_gt, b_code, b_close = lt[body], gt[body], code[body], is_close[body]
    _require(bool(np.all(b_code >= 0)))
    quotes = np.flatnonzero(buf[b_lt[0] : b_gt[-1]] == QUOTE) + int(b_lt[0])
    empty = buf[b_gt - 1] == SLASH
    shape = _check_shapes(words, b_lt, b_gt, b_code, b_close, name_len[body], empty, quotes)
    level, nested = _structure(b_code, b_close, empty)
    _check_controls(data, buf, int(b_lt[0]), int(b_gt[-1]))
    return _events(data, words, b_lt, b_code, b_close, level, nested, shape)


def _require(ok: bool) -> None:
    if not ok:
        raise _Unsupported


class _Words:
    """The 8 bytes starting at any offset of the data, as one little-endian integer (zero past
    the end). An overlapping view of the data, so nothing is copied but the last bytes."""

    def __init__(self, data: bytes) -> None:
        n = len(data)
        self.limit = n - 8  # the last offset the view can read whole
        buf = np.frombuffer(data, dtype=np.uint8)
        self.view = np.ndarray((max(n - 7, 0),), dtype="<u8", buffer=buf, offset=0, strides=(1,))
        self.tail_start = max(n - WINDOW, 0)
        tail = np.frombuffer(data[self.tail_start :] + bytes(WINDOW), dtype=np.uint8)
        self.tail = np.ndarray((len(tail) - 7,), dtype="<u8", buffer=tail, strides=(1,))

    def __getitem__(self, at: np.ndarray) -> np.ndarray:
        if not len(at) or int(at.max()) <= self.limit:
            return self.view[at]
        near_end = at > self.limit
        out = self.view[np.where(near_end, 0, at)]
        out[near_end] = self.tail[at[near_end] - self.tail_start]
        return out


def _word(text: bytes) -> tuple[int, int]:
    """(value, mask) to compare the first len(text) <= 8 bytes of a word with `text`."""
    return int.from_bytes(text, "little"), (1 << (8 * len(text))) - 1


def _tag_codes(words: _Words, lt: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(index in NAMES of each tag's name, -1 for any other tag; whether it is a close tag;
    the name's length). Names are matched with their terminator (' ', '>' or '/')."""
    code = np.full(len(lt), -1, dtype=np.int8)
    w0, w1 = words[lt], words[lt + 8]
    is_close = (w0 >> 8) & 0xFF == SLASH
    by_length: dict[int, list[tuple[bytes, int]]] = {}
    for i, name in enumerate(NAMES):
        for lead in (b"<", b"</"):
            for end in (b" ", b">", b"/"):
                tag = lead + name.encode() + end
                by_length.setdefault(len(tag), []).append((tag, i))
    for length, tags in by_length.items():
        head = min(length, 8)
        mask = (1 << (8 * head)) - 1
        key = w0 & np.uint64(mask)
        if length > 8:
            tail_mask = np.uint64((1 << (8 * (length - 8))) - 1)
            tail = w1 & tail_mask
        for tag, i in tags:
            hit = key == np.uint64(int.from_bytes(tag[:8], "little"))
            if length > 8:
                hit &= tail == np.uint64(int.from_bytes(tag[8:], "little"))
            code[hit] = i
    name_len = np.array([len(n) for n in NAMES], dtype=np.int64)[code]
    return code, is_close, name_len


def _utf8_declared(outer: bytes) -> bool:
    """True unless the XML declaration names an encoding other than UTF-8."""
    parser = expat.ParserCreate()
    found: list[str | None] = []
    parser.XmlDeclHandler = lambda version, encoding, standalone: found.append(encoding)
    try:
        parser.Parse(outer[: outer.find(b">") + 1], False)
    except expat.ExpatError:
        return False
    return not found or found[0] is None or found[0].lower().replace("_", "-") in ("utf-8", "utf8")


@dataclass(frozen=True)
class _Shape:
    """Where each tag's key and value lie (-1 where the tag has none)."""

    key_start: np.ndarray
    key_stop: np.ndarray
    value_start: np.ndarray
    value_stop: np.ndarray


_KEY = _word(b" key=")
_VALUE = _word(b" value=")


def _check_shapes(
    words: _Words,
    lt: np.ndarray,
    gt: np.ndarray,
    code: np.ndarray,
    close: np.ndarray,
    name_len: np.ndarray,
    empty: np.ndarray,
    quotes: np.ndarray,
) -> _Shape:
    """Every tag in the trace section has a canonical shape, else _Unsupported."""
    first_q = np.searchsorted(quotes, lt)
    n_quotes = np.searchsorted(quotes, gt, side="left") - first_q
    span = gt - lt
    bare = (n_quotes == 0) & ((span == name_len + 1) | (empty & (span == name_len + 2)))
    _require(bool(np.all(~close | ((span == name_len + 2) & (n_quotes == 0)))))
    structure = code < FIRST_TYPE
    attrs = ~close & ~structure
    _require(bool(np.all(close | attrs | bare)))  # <trace>, <event>, <trace/>, <event/>
    typed = code < FIRST_CONTAINER
    # `<T key="k" value="v"/>` or `...">` for a type, `<L key="k">` or `<L>` for a container
    wanted = np.where(typed, 4, 2)
    _require(bool(np.all(~attrs | (n_quotes == wanted) | (~typed & bare))))
    key_start = np.full(len(lt), -1, dtype=np.int64)
    key_stop, value_start, value_stop = key_start.copy(), key_start.copy(), key_start.copy()
    rows = np.flatnonzero(attrs & (n_quotes > 0))
    q = first_q[rows]
    q0, q1 = quotes[q], quotes[q + 1]
    after_name = lt[rows] + 1 + name_len[rows]
    _require(bool(np.all(q0 == after_name + 5)))
    _require(bool(np.all(words[after_name] & np.uint64(_KEY[1]) == np.uint64(_KEY[0]))))
    key_start[rows], key_stop[rows] = q0 + 1, q1
    closing = q1
    four = n_quotes[rows] == 4
    if bool(np.any(four)):
        q4 = q[four]
        q1, q2, q3 = quotes[q4 + 1], quotes[q4 + 2], quotes[q4 + 3]
        _require(bool(np.all(q2 == q1 + 8)))
        _require(bool(np.all(words[q1 + 1] & np.uint64(_VALUE[1]) == np.uint64(_VALUE[0]))))
        value_start[rows[four]], value_stop[rows[four]] = q2 + 1, q3
        closing = closing.copy()
        closing[four] = q3
    tail = gt[rows] - closing
    _require(bool(np.all((tail == 1) | ((tail == 2) & empty[rows]))))
    return _Shape(key_start, key_stop, value_start, value_stop)


def _structure(
    code: np.ndarray, close: np.ndarray, empty: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(each tag's level below <log>: 1 for traces, 2 for events; whether it lies inside an
    attribute). Checks nesting: every close tag closes the last open one."""
    opens = ~close & ~empty
    delta = opens.astype(np.int32) - close.astype(np.int32)
    depth = np.cumsum(delta)
    before = depth - delta  # depth before the tag: its level (plus one for a close tag)
    level = np.where(close, before, before + 1)
    _require(bool(np.all(depth >= 0)) and int(depth[-1]) == 0)
    paired = np.flatnonzero(opens | close)
    order = paired[np.lexsort((paired, level[paired]))]
    _require(bool(np.all(opens[order[0::2]])) and bool(np.all(close[order[1::2]])))
    _require(bool(np.all(code[order[0::2]] == code[order[1::2]])))
    _require(bool(np.all(level[order[0::2]] == level[order[1::2]])))
    attr = code >= FIRST_TYPE
    a_delta = (attr & opens).astype(np.int32) - (attr & close).astype(np.int32)
    a_depth = np.cumsum(a_delta)
    nested = (a_depth - a_delta) > 0
    live = ~nested & ~close
    _require(bool(np.all(~(live & (code == TRACE)) | (level == 1))))
    _require(bool(np.all(~(live & (code == EVENT)) | (level == 2))))
    return level, nested


def _check_controls(data: bytes, buf: np.ndarray, start: int, stop: int) -> None:
    """No control character but tab, newline and return in the trace section: expat refuses
    them (inside a key or value even those three are refused here: `_strings`)."""
    low = int(np.count_nonzero(buf[start:stop] < 32))
    _require(low == sum(data.count(c, start, stop) for c in (b"\t", b"\n", b"\r")))


def _events(
    data: bytes,
    words: _Words,
    lt: np.ndarray,
    code: np.ndarray,
    close: np.ndarray,
    level: np.ndarray,
    nested: np.ndarray,
    shape: _Shape,
) -> ScannedXes:
    live = ~nested & ~close
    event_pos = np.flatnonzero(live & (code == EVENT))
    trace_pos = np.flatnonzero(live & (code == TRACE))
    is_attr = live & (code >= FIRST_TYPE) & (code < FIRST_CONTAINER) & (shape.key_start >= 0)
    in_trace = np.flatnonzero(is_attr & (level == 2))
    in_event = np.flatnonzero(is_attr & (level == 3))
    n = len(event_pos)
    event_trace = np.searchsorted(trace_pos, event_pos) - 1
    types: dict[str, set[str]] = {}
    uses: list[_Use] = []
    values: list[pa.Array] = []
    base = 0
    for tags, owner_pos, prefix in ((in_trace, trace_pos, "case:"), (in_event, event_pos, "")):
        key_code, keys = _key_codes(data, words, shape.key_start[tags], shape.key_stop[tags])
        names = [prefix + k for k in keys]
        pairs = np.bincount(key_code * len(NAMES) + code[tags], minlength=len(names) * len(NAMES))
        for pair in np.flatnonzero(pairs).tolist():
            types.setdefault(names[pair // len(NAMES)], set()).add(NAMES[pair % len(NAMES)])
        owner = np.searchsorted(owner_pos, tags) - 1
        for k, name in enumerate(names):
            pick = np.flatnonzero(key_code == k)
            uses.append(_Use(name, owner[pick], pick + base, tags[pick], prefix == "case:"))
        values.append(_strings(data, words, shape.value_start[tags], shape.value_stop[tags]))
        base += len(tags)
    every = pa.concat_arrays(values)
    return ScannedXes(_columns(uses, every, event_trace, n), types, n)


@dataclass(frozen=True)
class _Use:
    """The occurrences of one name in one section: owner (trace or event number), index into
    the values, and tag position, in file order."""

    name: str
    owner: np.ndarray
    value: np.ndarray
    position: np.ndarray
    of_trace: bool


def _columns(
    uses: list[_Use], every: pa.Array, event_trace: np.ndarray, n: int
) -> dict[str, pa.Array]:
    """One column per name, in order of first use (a trace's attributes before its event's
    own, each element's attributes in file order); within an element the last value of a key
    wins, and an event's own value wins over its trace's value of the same name."""
    take: dict[str, np.ndarray] = {}
    first: dict[str, tuple[int, int, int]] = {}
    for use in uses:  # trace sections come first, so event values overwrite them
        change = np.flatnonzero(use.owner[1:] != use.owner[:-1])  # owners come in file order
        last_at = np.append(change, len(use.owner) - 1)
        first_at = np.insert(change + 1, 0, 0)
        owners, last_value = use.owner[last_at], use.value[last_at]
        first_position = use.position[first_at]
        if use.of_trace:
            starts = np.searchsorted(event_trace, owners, side="left")
            counts = np.searchsorted(event_trace, owners, side="right") - starts
            rows = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(
                int(counts.sum()), dtype=np.int64
            )
            src = np.repeat(last_value, counts)
            owner_row, owner_position = starts[counts > 0], first_position[counts > 0]
        else:
            rows, src = owners, last_value
            owner_row, owner_position = owners, first_position
        if not len(rows):
            continue
        column = take.get(use.name)
        if column is None:
            column = take[use.name] = np.full(n, -1, dtype=np.int64)
        column[rows] = src
        at = int(np.argmin(owner_row))
        key = (int(owner_row[at]), 0 if use.of_trace else 1, int(owner_position[at]))
        first[use.name] = min(first.get(use.name, key), key)
    return {
        name: every.take(pa.array(take[name], mask=take[name] < 0))
        for name in sorted(first, key=first.__getitem__)
    }


def _strings(data: bytes, words: _Words, starts: np.ndarray, stops: np.ndarray) -> pa.Array:
    """The byte ranges as one Arrow string array, entities decoded; _Unsupported on invalid
    UTF-8, a tab or line break inside (expat would turn it into a space), or an '&' that is not
    one of XML's five named entities. Built as string views into the data, then cast."""
    n = len(starts)
    if not n:
        return pa.array([], type=pa.string())
    lengths = (stops - starts).astype(np.uint64)
    low, high = words[starts], words[starts + 8]
    one, four = np.uint64(1), np.uint64(32)
    head_mask = np.where(lengths >= 4, np.uint64(0xFFFFFFFF), (one << (8 * lengths)) - one)
    views = np.empty((n, 2), dtype="<u8")
    views[:, 0] = lengths | ((low & head_mask) << four)
    rest = np.minimum(np.maximum(lengths, np.uint64(4)) - np.uint64(4), np.uint64(8))
    rest_mask = np.where(rest >= 8, ~np.uint64(0), (one << (8 * rest)) - one)
    inline = ((low >> four) | (high << four)) & rest_mask
    views[:, 1] = np.where(lengths <= 12, inline, starts.astype(np.uint64) << four)
    array = pa.Array.from_buffers(
        pa.string_view(), n, [None, pa.py_buffer(views), pa.py_buffer(data)]
    )
    try:
        array.validate(full=True)
    except pa.ArrowInvalid:
        raise _Unsupported from None
    array = array.cast(pa.string())
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[: n + 1]
    text = np.frombuffer(array.buffers()[2] or b"", dtype=np.uint8)[offsets[0] : offsets[-1]]
    _require(not bool(np.any(text < 32)))
    if bool(np.any(text == AMP)):
        array = _decoded(array)
    return array


def _key_codes(
    data: bytes, words: _Words, starts: np.ndarray, stops: np.ndarray
) -> tuple[np.ndarray, list[str]]:
    """(a code per key, the distinct keys in order of first appearance). Keys are compared as
    up to eight 8-byte words, so no string is built per occurrence; longer keys go by text."""
    if not len(starts):
        return np.zeros(0, dtype=np.int64), []
    lengths = stops - starts
    longest = int(lengths.max())
    if longest > 64:
        encoded = pc.dictionary_encode(_strings(data, words, starts, stops))
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        return codes, encoded.dictionary.to_pylist()
    parts = []
    for w in range((longest + 7) // 8):
        size = np.clip(lengths - 8 * w, 0, 8).astype(np.uint64)
        mask = np.where(size >= 8, ~np.uint64(0), (np.uint64(1) << (8 * size)) - np.uint64(1))
        parts.append(words[starts + 8 * w] & mask)
    mixed = lengths.astype(np.uint64)
    for part in parts:
        mixed = mixed * np.uint64(0x9E3779B97F4A7C15) ^ part
    codes, _ = pd.factorize(mixed)
    first = np.full(int(codes.max()) + 1, -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # each code's first occurrence
    same = lengths == lengths[first[codes]]
    for part in parts:
        same &= part == part[first[codes]]
    _require(bool(np.all(same)))  # no two keys share a hash
    keys = _strings(data, words, starts[first], stops[first]).to_pylist()
    return codes.astype(np.int64), keys


def _decoded(array: pa.Array) -> pa.Array:
    amps = pc.count_substring(array, "&")
    named = pc.count_substring_regex(array, _ENTITY_PATTERN)
    _require(bool(pc.all(pc.equal(amps, named)).as_py()))
    for entity, char in _ENTITIES:
        array = pc.replace_substring(array, entity, char)
    return array
