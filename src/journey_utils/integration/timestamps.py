"""Dates and times read as written, never guessed: a value is read only when it can mean one thing.

Read: ISO 8601 and other year-first spellings (`2024/3/5`, `2024.03.05`, `2024年3月5日`), compact
`20240305` and `20240305103000`, day/month forms (`05/03/2024`) when the source's `date_format`
states the order or the value itself shows it (`13/02/2024`), a zone written as an offset, `Z`,
`UTC`/`GMT` (with or without an offset) or an IANA name, and epoch integers once their unit
(seconds, milliseconds, microseconds, nanoseconds) is clear from the column. Not read, with the
reason: a day/month form whose order cannot be told, a zone abbreviation such as `CST` (China,
or US Central?), anything else. Times without a zone are the bank's local time (Beijing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from journey_utils.params.text_file import DateOrder

LOCAL_TZ = "Asia/Shanghai"
"""Time zone of timestamps written without one (the bank's, Beijing time)."""

EpochUnit = Literal["s", "ms", "us", "ns"]

EPOCH_UNITS: tuple[EpochUnit, ...] = ("s", "ms", "us", "ns")
EPOCH_WORDS: dict[str, str] = {
    "s": "seconds",
    "ms": "milliseconds",
    "us": "microseconds",
    "ns": "nanoseconds",
}
_WINDOW = (pd.Timestamp("1900-01-01", tz="UTC"), pd.Timestamp("2200-01-01", tz="UTC"))
"""An epoch value is read when it lands in this window in the column's unit."""
_TELLING_WINDOW = (pd.Timestamp("1990-01-01", tz="UTC"), pd.Timestamp("2100-01-01", tz="UTC"))
"""The unit is told by where values land in this narrower window: in it, a value in seconds read
as milliseconds (January 1970) never passes for a plausible date."""
_PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}
EPOCH_MAJORITY = 0.9
"""A unit is taken when it places at least this share of a column's epoch values in the window."""

AMBIGUOUS_ORDER = "day/month order cannot be told (set date_format for this source)"
AMBIGUOUS_ZONE = "time zone abbreviation is ambiguous (write an offset such as +08:00)"
UNKNOWN_ZONE = "unknown time zone"

_TIME = r"(?:[ T]+(?P<H>\d{1,2})[:时](?P<M>\d{2})(?:[:分](?P<S>\d{2})(?P<F>[.,]\d{1,9})?秒?)?)?"
_YEAR_FIRST = re.compile(
    r"^(?P<y>\d{4})(?:[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})|年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日)"
    + _TIME
    + r"$"
)
_DAY_MONTH = re.compile(r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4})" + _TIME + r"$")
_COMPACT = re.compile(
    r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2}))?$"
)
_EPOCH_TEXT = re.compile(r"^-?\d{9,19}$")
_ISO_NAIVE = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?$"
_ISO_ZONED = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$"
_UTC_WORD = r"\s*(?:UTC|GMT|UT)$"
_ZONE = re.compile(
    r"^(?P<body>.*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)\s*"
    r"(?P<zone>Z|(?:UTC|GMT|UT)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}(?::?\d{2})?"
    r"|[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+|[A-Za-z]{2,5})$"
)
_OFFSET = re.compile(r"^(?:UTC|GMT|UT)?\s*(?:(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)?$")


class EpochUnitUnclear(ValueError):
    """Integer timestamps whose unit the column does not make clear (one line, no column name:
    the caller adds file and column)."""


@dataclass
class TimeReading:
    """Timestamps read from one column, and why each present value that was not read was not."""

    values: pd.Series
    """datetime64[us], naive local time; NaT where missing or not read."""
    reasons: np.ndarray
    """Per row: None, or why the value present there could not be read."""
    epoch_unit: EpochUnit | None = None
    """The unit integer values were read in, when there were any."""


def read_times(
    s: pd.Series,
    *,
    order: DateOrder | None = None,
    epoch_unit: EpochUnit | None = None,
    tz: str = LOCAL_TZ,
) -> TimeReading:
    """Read one column of dates or date-times (text, stored timestamps, dates or integers) as
    naive times in `tz`: values written without a zone are taken as already in `tz`."""
    n = len(s)
    reasons = np.full(n, None, dtype=object)
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return TimeReading(_to_local(s, tz), reasons)
    if pd.api.types.is_bool_dtype(s.dtype):
        out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
        reasons[s.notna().to_numpy()] = "not a date"
        return TimeReading(out, reasons)
    if pd.api.types.is_numeric_dtype(s.dtype):
        return _read_numbers(s, epoch_unit, tz)
    if s.dtype == object and _holds_dates(s):
        return TimeReading(_to_local(pd.to_datetime(s, errors="coerce"), tz), reasons)
    text = s.astype("str").str.strip()
    text = text.mask(text == "")
    return _read_text(text, order, epoch_unit, tz)


def epoch_unit_of(values: np.ndarray) -> EpochUnit | None:
    """The unit that places (nearly) all of these integers between 1900 and 2200; None when the
    values are too small to tell (e.g. all 0). Raises `EpochUnitUnclear` when no unit does."""
    v = values[np.isfinite(values)]
    big = v[np.abs(v) >= 1e8]  # small values (0, a count) land near 1970 in every unit
    if big.size == 0:
        return None
    shares = {unit: float(_in_window(big, unit, _TELLING_WINDOW).mean()) for unit in EPOCH_UNITS}
    best = max(shares, key=lambda u: shares[u])
    if shares[best] >= EPOCH_MAJORITY:
        return best
    seen = ", ".join(f"{shares[u]:.0%} as {EPOCH_WORDS[u]}" for u in EPOCH_UNITS if shares[u] > 0)
    raise EpochUnitUnclear(
        "integer timestamps whose unit cannot be told "
        f"({seen or 'none lands between 1990 and 2100 in any unit'}); "
        "store them as timestamps or as ISO text"
    )


# Numbers -------------------------------------------------------------------------------------


def _read_numbers(s: pd.Series, unit: EpochUnit | None, tz: str) -> TimeReading:
    v = s.astype("float64").to_numpy()
    present = ~np.isnan(v)
    reasons = np.full(len(v), None, dtype=object)
    finite = present & np.isfinite(v)
    reasons[present & ~finite] = "not a date-time"
    whole = finite & (np.floor(v) == v)
    compact = whole & (  # 20240305 or 20240305103000 as a number
        ((v >= 1e7) & (v < 1e8)) | ((v >= 1.9e13) & (v < 2.2e13))
    )
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
    if compact.any():
        text = pd.Series(v[compact].astype("int64").astype(str), index=s.index[compact])
        sub = _read_text(text, None, None, tz)
        out[compact] = sub.values.to_numpy()
        reasons[compact] = sub.reasons
    epoch = finite & ~compact
    if epoch.any():
        unit = unit or epoch_unit_of(v[epoch]) or "s"
        read, bad = _from_epoch(v[epoch], unit, tz)
        out[epoch] = read
        reasons[np.flatnonzero(epoch)[bad]] = f"not an epoch value in {EPOCH_WORDS[unit]}"
    return TimeReading(out, reasons, unit if epoch.any() else None)


def _in_window(
    v: np.ndarray, unit: str, window: tuple[pd.Timestamp, pd.Timestamp] = _WINDOW
) -> np.ndarray:
    seconds = v / _PER_SECOND[unit]
    lo, hi = (t.timestamp() for t in window)
    return (seconds >= lo) & (seconds < hi)


def _from_epoch(v: np.ndarray, unit: str, tz: str) -> tuple[np.ndarray, np.ndarray]:
    """Epoch values in `unit` as local naive datetime64[us]; out-of-window values flagged."""
    ok = _in_window(v, unit)
    micros = np.zeros(len(v), dtype="int64")
    micros[ok] = np.round(v[ok] * (10**6 / _PER_SECOND[unit])).astype("int64")
    utc = pd.to_datetime(micros, unit="us", utc=True)
    local = utc.tz_convert(tz).tz_localize(None).astype("datetime64[us]").to_numpy().copy()
    local[~ok] = np.datetime64("NaT")
    return local, ~ok


# Text ----------------------------------------------------------------------------------------


def _read_text(
    text: pd.Series, order: DateOrder | None, unit: EpochUnit | None, tz: str
) -> TimeReading:
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    reasons = np.full(len(text), None, dtype=object)
    present = text.notna().to_numpy()
    iso = present & text.str.fullmatch(_ISO_NAIVE).fillna(False).to_numpy(dtype=bool)
    if iso.any():  # the common case, vectorised: plain ISO without a zone
        out[iso] = pd.to_datetime(text[iso], format="ISO8601", errors="coerce").astype(
            "datetime64[us]"
        )
        reasons[iso & out.isna().to_numpy()] = "not a date"
    rest = present & ~iso
    if rest.any():  # ISO with an offset, Z, UTC or GMT: vectorised too
        spelled = text[rest].copy()
        worded = spelled.str.contains("UT|GMT").fillna(False).to_numpy(dtype=bool)
        if worded.any():  # Python's regex (for \s) only on the rows that name the zone
            spelled[worded] = spelled[worded].str.replace(_UTC_WORD, "+00:00", regex=True)
        zoned = spelled.str.fullmatch(_ISO_ZONED).fillna(False).to_numpy(dtype=bool)
        if zoned.any():
            where = np.flatnonzero(rest)[zoned]
            utc = pd.to_datetime(spelled[zoned], format="ISO8601", errors="coerce", utc=True)
            out.iloc[where] = utc.dt.tz_convert(tz).dt.tz_localize(None).to_numpy()
            reasons[where[utc.isna().to_numpy()]] = "not a date-time"
            rest[where] = False
    epoch_unit: EpochUnit | None = None
    if rest.any():
        sub = text[rest]
        numbers = sub.str.fullmatch(_EPOCH_TEXT.pattern).fillna(False).to_numpy(dtype=bool)
        numbers = numbers & (sub.str.len() != 14).to_numpy(dtype=bool)  # YYYYMMDDHHMMSS: a date
        values = np.empty(len(sub), dtype="datetime64[us]")
        why = np.full(len(sub), None, dtype=object)
        if numbers.any():
            as_int = pd.to_numeric(sub[numbers], errors="coerce")
            read = _read_numbers(as_int, unit, tz)
            values[numbers] = read.values.to_numpy()
            why[numbers] = read.reasons
            epoch_unit = read.epoch_unit
        others = np.flatnonzero(~numbers)
        for i, raw in zip(others, sub.to_numpy()[others], strict=True):
            values[i], why[i] = _one_value(raw, order, tz)
        out[rest] = values
        reasons[rest] = why
    return TimeReading(out, reasons, epoch_unit)


def _one_value(raw: str, order: DateOrder | None, tz: str) -> tuple[np.datetime64, str | None]:
    """One spelling other than plain ISO: (value, None) or (NaT, reason)."""
    nat = np.datetime64("NaT", "us")
    m = _ZONE.match(raw)
    if m and not _naive_form(raw):
        naive, why = _naive(m["body"], order)
        if why:
            return nat, why
        zone = _zone(m["zone"])
        if isinstance(zone, str):
            return nat, zone
        try:
            local = pd.Timestamp(naive).tz_localize(zone, ambiguous="raise", nonexistent="raise")
        except (ValueError, OverflowError):
            return nat, "local time that does not exist or occurs twice in its zone"
        return np.datetime64(local.tz_convert(tz).tz_localize(None).asm8, "us"), None
    return _naive(raw, order)


def _naive_form(raw: str) -> bool:
    return bool(_YEAR_FIRST.match(raw) or _DAY_MONTH.match(raw))


def _naive(raw: str, order: DateOrder | None) -> tuple[np.datetime64, str | None]:
    nat = np.datetime64("NaT", "us")
    m = _YEAR_FIRST.match(raw) or _COMPACT.match(raw)
    if m:
        g = m.groupdict()
        month, day = g.get("m") or g.get("m2"), g.get("d") or g.get("d2")
        return _build(g["y"], month, day, g.get("H"), g.get("M"), g.get("S"), g.get("F"))
    m = _DAY_MONTH.match(raw)
    if m:
        a, b = int(m["a"]), int(m["b"])
        if order is None:
            if a > 12 >= b:
                order = "DMY"
            elif b > 12 >= a:
                order = "MDY"
            elif a == b:
                order = "DMY"
            elif a > 12 and b > 12:
                return nat, "not a date"
            else:
                return nat, AMBIGUOUS_ORDER
        day, month = (a, b) if order == "DMY" else (b, a)
        return _build(m["y"], str(month), str(day), m["H"], m["M"], m["S"], m["F"])
    return nat, "not a date"


def _build(*parts: str | None) -> tuple[np.datetime64, str | None]:
    """(year, month, day, hour, minute, second, fraction) as texts → a timestamp, or why not."""
    y, mo, d, h, mi, s, f = parts
    try:
        ts = pd.Timestamp(
            year=int(y),
            month=int(mo or 0),
            day=int(d or 0),
            hour=int(h or 0),
            minute=int(mi or 0),
            second=int(s or 0),
            microsecond=int(((f or ".0")[1:] + "000000")[:6]),
        )
    except (ValueError, OverflowError):
        return np.datetime64("NaT", "us"), "not a date"
    return np.datetime64(ts.asm8, "us"), None


@lru_cache(maxsize=256)
def _zone(text: str) -> tzinfo | str:
    """A zone spelling as a tzinfo (an offset as a fixed one), or why it cannot be used."""
    t = text.strip()
    if t.upper() in ("Z", "UTC", "GMT", "UT"):
        return ZoneInfo("UTC")
    m = _OFFSET.match(t.upper())
    if m and m["sign"]:
        hours, minutes = int(m["h"]), int(m["m"] or 0)
        if hours > 14 or minutes >= 60:
            return UNKNOWN_ZONE
        return _fixed(m["sign"], hours, minutes)
    if "/" in t:
        try:
            return ZoneInfo(t)
        except (ZoneInfoNotFoundError, ValueError):
            return UNKNOWN_ZONE
    return AMBIGUOUS_ZONE


def _fixed(sign: str, hours: int, minutes: int) -> tzinfo:
    offset = timedelta(hours=hours, minutes=minutes) * (1 if sign == "+" else -1)
    return timezone(offset)


# Shared --------------------------------------------------------------------------------------


def _holds_dates(s: pd.Series) -> bool:
    first = s.dropna().head(1)
    return not first.empty and isinstance(first.iloc[0], date)


def _to_local(s: pd.Series, tz: str) -> pd.Series:
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_convert(tz).dt.tz_localize(None)
    return s.astype("datetime64[us]")
