"""The data contract of each source: types, ranges, allowed values, nulls and cross-field rules.

One pandera `DataFrameSchema` per source, built from the catalog and the run's `as_of`. Every
check is named by the reason a row fails it ("csat: not in 1..5"), so a failure case reads as
the quarantine reason without translation. Keys and foreign keys are not here: they depend on
other rows and other sources, and are judged in `quarantine.py`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa

from journey_utils import catalog as cat
from journey_utils.catalog import SOURCES
from journey_utils.errors import InputError
from journey_utils.integration.timestamps import (
    EPOCH_WORDS,
    LOCAL_TZ,
    EpochUnit,
    EpochUnitUnclear,
    read_times,
)
from journey_utils.params.run import RunParams
from journey_utils.params.text_file import parse_date_order
from journey_utils.uscc import USCC_CHARSET, valid_uscc_mask

__all__ = [
    "EARLIEST_DATE",
    "EARLIEST_FOUNDING",
    "LOCAL_TZ",
    "MAIN_DATE",
    "MATCHING",
    "ORDERED_PAIRS",
    "PARSE_REASONS",
    "RULES",
    "CoercedFrame",
    "ReadingNotes",
    "Rule",
    "coerce_to_contract",
    "dtype_of",
    "rules_for",
    "schema_for",
]

Kind = Literal["id", "text", "free_text", "category", "int", "float", "bool", "date", "datetime"]

EARLIEST_FOUNDING = date(1949, 1, 1)
"""No enterprise in the register was founded before the People's Republic (1949-10-01)."""
EARLIEST_DATE = date(1900, 1, 1)
"""Floor of any other date without a floor of its own (e.g. a bureau snapshot)."""
LATEST_DATE = date(2200, 1, 1)
MAX_ID_CHARS = 64
MAX_TEXT_CHARS = 300
_INVISIBLE = "[\u0000\u00ad\u200b-\u200f\u2060-\u2064\ufeff]"
"""Characters that show as nothing: NUL padding, zero-width spaces and joiners, BOMs mid-file."""
_CONTROL = "[\u0001-\u001f\u007f-\u009f]"
_NOT_IN_ID = r"[<>\"'`&\\]"
_SUSPICIOUS = f"{_INVISIBLE[:-1]}{_CONTROL[1:-1]}{_NOT_IN_ID[1:]}"
"""Any character one of the three checks above looks for: one pass finds the rows to judge."""

_USCC_CHARS = f"^[{USCC_CHARSET}]{{18}}$"

_DTYPES: dict[Kind, str] = {
    "id": "str",
    "text": "str",
    "free_text": "str",
    "category": "str",
    "int": "Int64",
    "float": "float64",
    "bool": "boolean",
    "date": "datetime64[us]",
    "datetime": "datetime64[us]",
}


_TRUE = frozenset({"true", "t", "yes", "y", "1", "1.0", "是"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "0.0", "否"})

PARSE_REASONS: dict[Kind, str] = {
    "int": "not a whole number",
    "float": "not a number",
    "bool": "not true/false",
    "date": "not a date",
    "datetime": "not a date-time",
}


@dataclass(frozen=True)
class Rule:
    """What one column must hold. Bounds are inclusive unless `low_open`."""

    kind: Kind
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    not_after_as_of: bool = False
    not_before_start: bool = False
    """An event: not before the run's `start_date`, where the bank's data begin."""
    uscc: bool = False


def _id(nullable: bool = False) -> Rule:
    return Rule("id", nullable=nullable)


def _amount(nullable: bool = False) -> Rule:
    return Rule("float", nullable=nullable, low=0)


def _count(low: float = 0, high: float | None = None, nullable: bool = False) -> Rule:
    return Rule("int", nullable=nullable, low=low, high=high)


def _when(kind: Kind = "datetime", nullable: bool = False) -> Rule:
    return Rule(kind, nullable=nullable, not_after_as_of=True)


def _event(kind: Kind = "datetime", nullable: bool = False) -> Rule:
    return Rule(kind, nullable=nullable, not_after_as_of=True, not_before_start=True)


def _one_of(values: tuple[str, ...], nullable: bool = False) -> Rule:
    return Rule("category", nullable=nullable, allowed=values)


RULES: dict[str, dict[str, Rule]] = {
    "clients": {
        "client_id": _id(),
        "uscc": Rule("id", uscc=True),
        "name": Rule("text"),
        "contact_name": Rule("text", nullable=True),
        "contact_phone": Rule("text", nullable=True),
        "industry": _one_of(cat.INDUSTRIES),
        "high_tech": Rule("bool"),
        "province": _one_of(cat.PROVINCES),
        "region": _one_of(cat.REGIONS),
        "founded_on": _when("date"),
        "employees": _count(low=1, high=5_000_000),  # the largest employers: ~2 million
        "ownership": _one_of(cat.OWNERSHIP_TYPES),
        "listed": Rule("bool"),
        "home_branch_id": _id(),
    },
    "financials": {
        "client_id": _id(),
        "fiscal_year": Rule("int"),  # bounds set per run (1949..as_of year)
        "revenue": _amount(),
        "net_profit": Rule("float"),
        "total_assets": Rule("float", low=0, low_open=True),
        "total_liabilities": _amount(),
        "current_assets": _amount(),
        "current_liabilities": _amount(),
        "operating_cash_flow": Rule("float"),
        "interest_expense": _amount(),
    },
    "credit_history": {
        "client_id": _id(),
        "as_of_date": _when("date"),
        "internal_rating": _one_of(cat.INTERNAL_RATINGS),
        "bureau_score": Rule("float", nullable=True, low=0),
        "past_loans": _count(),
        "max_dpd_24m": _count(),
        "defaulted_before": Rule("bool"),
        "inquiries_6m": _count(),
    },
    "digital_events": {
        "event_id": _id(),
        "client_id": _id(),
        "ts": _event(),
        "channel": _one_of(cat.DIGITAL_CHANNELS),
        "event_type": _one_of(cat.DIGITAL_EVENT_TYPES),
        "session_id": _id(),
    },
    "interactions": {
        "interaction_id": _id(),
        "client_id": _id(),
        "ts": _event(),
        "kind": _one_of(cat.INTERACTION_KINDS),
        "staff_id": _id(nullable=True),
        "duration_min": Rule("float", nullable=True, low=0),
        "notes": Rule("free_text", nullable=True),
    },
    "applications": {
        "application_id": _id(),
        "client_id": _id(),
        # a case opened at the information stage has no form yet: the form's fields may be empty
        "product": _one_of(cat.PRODUCTS),
        "requested_amount": _amount(nullable=True),
        "term_months": _count(low=1, high=360, nullable=True),
        "channel": _one_of(cat.APPLICATION_CHANNELS),
        "branch_id": _id(),
        "form_version": _one_of(cat.FORM_VERSIONS, nullable=True),
        "n_form_fields": _count(low=1, high=300, nullable=True),
        "documents_requested": _count(nullable=True),
        "personalised": Rule("bool", nullable=True),
        "started_at": _event(nullable=True),
        "submitted_at": _event(nullable=True),
        "first_response_hours": Rule("float", nullable=True, low=0),
        "outcome": _one_of(cat.RAW_OUTCOMES),
        "decided_at": _event(nullable=True),
        "approved_amount": _amount(nullable=True),
        "offered_rate": Rule("float", nullable=True, low=0, high=30),
        "offer_accepted": Rule("bool", nullable=True),
        "disbursed_at": _event(nullable=True),
    },
    "stage_events": {
        "application_id": _id(),
        "stage": _one_of(cat.STAGES),
        "status": _one_of(cat.STAGE_STATUSES),
        "ts": _event(),
    },
    "loan_performance": {
        "application_id": _id(),
        "month": _event("date"),
        "balance": _amount(),
        "dpd": _count(),
        "classification": _one_of(cat.CLASSIFICATIONS),
    },
    "surveys": {
        "response_id": _id(),
        "client_id": _id(),
        "application_id": _id(nullable=True),
        "stage": _one_of(cat.STAGES, nullable=True),
        "ts": _event(),
        "csat": _count(low=1, high=5, nullable=True),
        "nps": _count(low=0, high=10, nullable=True),
    },
}
"""Column rules per source, in catalog column order (checked against the catalog at import)."""

ORDERED_PAIRS: dict[str, tuple[tuple[str, str], ...]] = {
    "applications": (
        ("submitted_at", "started_at"),
        ("decided_at", "submitted_at"),
        ("disbursed_at", "decided_at"),
    ),
}
"""Cross-field rules (later, earlier): when both are present, later ≥ earlier."""

MATCHING: dict[str, tuple[tuple[str, str, dict[str, str]], ...]] = {
    "clients": (("region", "province", cat.PROVINCE_REGION),),
}
"""Cross-field rules (column, key, mapping): the column holds what the mapping gives for the key.
Judged only where the key is one the mapping knows and the column holds an allowed value, so an
unknown province or region is reported once, by its own column's rule."""

MAIN_DATE: dict[str, str] = {
    "clients": "founded_on",
    "financials": "fiscal_year",
    "credit_history": "as_of_date",
    "digital_events": "ts",
    "interactions": "ts",
    "applications": "started_at",
    "stage_events": "ts",
    "loan_performance": "month",
    "surveys": "ts",
}
"""The column whose range says which period a source covers."""

for _name, _rules in RULES.items():  # the contract and the catalog must name the same columns
    assert tuple(_rules) == SOURCES[_name].columns, f"contract of {_name} out of step with catalog"


def rules_for(name: str, params: RunParams) -> dict[str, Rule]:
    """The column rules of source `name`, with the run-dependent bounds filled in."""
    rules = dict(RULES[name])
    if name == "financials":
        rules["fiscal_year"] = Rule("int", low=EARLIEST_FOUNDING.year, high=params.as_of.year)
    return rules


def dtype_of(rule: Rule) -> str:
    """The pandas dtype a column of this kind gets once typed."""
    return _DTYPES[rule.kind]


def date_bounds(
    col: str, rule: Rule, params: RunParams | None
) -> tuple[tuple[pd.Timestamp, str], tuple[pd.Timestamp, str]]:
    """((earliest, reason if before), (latest, reason if after)) of a date column: events from
    the run's `start_date`, founding dates from 1949, other dates from 1900; up to `as_of`."""
    if rule.not_before_start and params is not None:
        low = (params.start_date, f"{col}: before start_date {params.start_date.isoformat()}")
    elif col == "founded_on":
        low = (EARLIEST_FOUNDING, f"{col}: before {EARLIEST_FOUNDING.isoformat()}")
    else:
        low = (EARLIEST_DATE, f"{col}: before {EARLIEST_DATE.isoformat()}")
    if rule.not_after_as_of and params is not None:
        high = (params.as_of, f"{col}: after as_of {params.as_of.isoformat()}")
    else:
        high = (LATEST_DATE, f"{col}: after {LATEST_DATE.isoformat()}")
    return (
        (pd.Timestamp(low[0]), low[1]),
        (pd.Timestamp(datetime.combine(high[0], time.max)), high[1]),
    )


# Checks -----------------------------------------------------------------------------------------


def _fmt(x: float) -> str:
    if float(x).is_integer():
        return f"{int(x):,}" if abs(x) >= 10_000 else str(int(x))  # 5,000,000 but 1949
    return f"{x:g}"


def _range_reason(col: str, rule: Rule) -> str:
    if rule.low is not None and rule.high is not None:
        return f"{col}: not in {_fmt(rule.low)}..{_fmt(rule.high)}"
    if rule.low == 0:
        return f"{col}: not positive" if rule.low_open else f"{col}: negative"
    if rule.low is not None:
        return f"{col}: {'not above' if rule.low_open else 'below'} {_fmt(rule.low)}"
    return f"{col}: above {_fmt(rule.high or 0)}"


def _in_range(rule: Rule) -> Callable[[pd.Series], pd.Series]:
    def check(s: pd.Series) -> pd.Series:
        ok = pd.Series(True, index=s.index)
        if rule.low is not None:
            ok &= (s > rule.low) if rule.low_open else (s >= rule.low)
        if rule.high is not None:
            ok &= s <= rule.high
        return ok.fillna(True).astype(bool)

    return check


def _uscc_checks(col: str) -> list[pa.Check]:
    def length_ok(s: pd.Series) -> pd.Series:
        return s.str.len() == 18

    def chars_ok(s: pd.Series) -> pd.Series:
        return (s.str.len() != 18) | s.str.fullmatch(_USCC_CHARS)

    def digit_ok(s: pd.Series) -> pd.Series:
        shaped = s.str.fullmatch(_USCC_CHARS).astype(bool)
        out = pd.Series(True, index=s.index)
        out[shaped] = valid_uscc_mask(s[shaped]).to_numpy(dtype=bool)
        return out

    return [
        pa.Check(length_ok, error=f"{col}: not 18 characters"),
        pa.Check(chars_ok, error=f"{col}: invalid characters"),
        pa.Check(digit_ok, error=f"{col}: invalid check digit"),
    ]


def _column_checks(col: str, rule: Rule, params: RunParams) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if rule.allowed is not None:
        allowed = list(rule.allowed)
        checks.append(pa.Check.isin(allowed, error=f"{col}: not an allowed value"))
    if rule.low is not None or rule.high is not None:
        checks.append(pa.Check(_in_range(rule), error=_range_reason(col, rule)))
    if rule.kind in ("date", "datetime"):
        (low, low_reason), (high, high_reason) = date_bounds(col, rule, params)
        checks.append(pa.Check.ge(low, error=low_reason))
        checks.append(pa.Check.le(high, error=high_reason))
    if rule.uscc:
        checks.extend(_uscc_checks(col))
    return checks


def _ordered(later: str, earlier: str) -> pa.Check:
    def check(df: pd.DataFrame) -> pd.Series:
        a, b = df[later], df[earlier]
        return (a.isna() | b.isna() | (a >= b)).astype(bool)

    return pa.Check(check, error=f"{later}: before {earlier}")


def _matches(column: str, key: str, mapping: dict[str, str], allowed: tuple[str, ...]) -> pa.Check:
    def check(df: pd.DataFrame) -> pd.Series:
        expected = df[key].map(mapping)
        value = df[column]
        judged = expected.notna() & value.isin(allowed)
        return (~judged | (value == expected)).astype(bool)

    return pa.Check(check, error=f"{column}: does not match {key}")


def schema_for(name: str, params: RunParams) -> pa.DataFrameSchema:
    """The pandera schema of source `name` under this run's `as_of`.

    Validate a frame already typed by `coerce_to_contract` (coercion here is a safety net);
    run it with `lazy=True` to collect every failing row, as `quarantine.validate_source` does.
    """
    rules = rules_for(name, params)
    columns = {
        col: pa.Column(
            dtype_of(rule),
            checks=_column_checks(col, rule, params),
            nullable=rule.nullable,
            coerce=True,
        )
        for col, rule in rules.items()
    }
    checks = [_ordered(later, earlier) for later, earlier in ORDERED_PAIRS.get(name, ())]
    checks += [
        _matches(column, key, mapping, rules[column].allowed or ())
        for column, key, mapping in MATCHING.get(name, ())
    ]
    return pa.DataFrameSchema(
        columns, checks=checks, name=name, strict=False, ordered=False, coerce=True
    )


# Typing -----------------------------------------------------------------------------------------


@dataclass
class ReadingNotes:
    """What reading one source decided or cleaned, across its chunks: the epoch unit of each
    integer timestamp column and the values whose invisible characters were removed."""

    epoch_units: dict[str, EpochUnit] = field(default_factory=dict)
    cleaned: Counter[str] = field(default_factory=Counter)
    """Column → values that held NUL, zero-width or byte-order-mark characters (removed)."""

    def records(self) -> list[dict[str, object]]:
        """The notes as records for the integration report: column, what was done, detail."""
        out: list[dict[str, object]] = [
            {"column": col, "note": "epoch_unit", "detail": EPOCH_WORDS[unit]}
            for col, unit in self.epoch_units.items()
        ]
        out += [
            {"column": col, "note": "invisible_removed", "detail": int(n)}
            for col, n in self.cleaned.items()
        ]
        return out


@dataclass
class CoercedFrame:
    """A frame typed by the contract, and per column the rows whose value could not be read."""

    frame: pd.DataFrame
    unparsed: dict[str, np.ndarray]
    """Column → boolean mask (positional) of values present but not readable (now missing)."""
    reasons: dict[str, np.ndarray] = field(default_factory=dict)
    """Column → per row None or the reason its value was not read ("ts: not a date")."""


def coerce_to_contract(
    raw: pd.DataFrame,
    name: str,
    params: RunParams | None = None,
    notes: ReadingNotes | None = None,
) -> CoercedFrame:
    """Type every catalog column of `raw` as the contract says.

    Text is stripped of spaces and of invisible characters (counted in `notes`); empty text
    becomes missing. A value that cannot be read (e.g. "abc" as an amount, `inf`, `05/03/2001`
    without a stated date order, a date outside the run's window) becomes missing and is
    flagged in `unparsed` with its reason, so validation can say why rather than "missing".
    With `params`, dates are bounded by `start_date` (events) and `as_of`, and the source's
    `date_format` gives the day/month order. Other columns (e.g. `_row`) pass through.
    Integer timestamps whose unit cannot be told raise `InputError` naming file and column.
    """
    out = raw.copy()
    notes = notes if notes is not None else ReadingNotes()
    unparsed: dict[str, np.ndarray] = {}
    reasons: dict[str, np.ndarray] = {}
    rules = rules_for(name, params) if params is not None else RULES[name]
    for col, rule in rules.items():
        if col not in out.columns:
            continue
        try:
            typed, why = _coerce(out[col], col, rule, name, params, notes)
        except EpochUnitUnclear as exc:
            where = params.source_path(name) if params is not None else name
            raise InputError(where, str(exc), column=col) from None
        out[col] = typed
        if why is not None:
            bad = pd.notna(why)
            if bad.any():
                unparsed[col] = bad
                reasons[col] = why
    return CoercedFrame(out, unparsed, reasons)


def _coerce(
    s: pd.Series,
    col: str,
    rule: Rule,
    name: str,
    params: RunParams | None,
    notes: ReadingNotes,
) -> tuple[pd.Series, np.ndarray | None]:
    kind = rule.kind
    if kind in ("id", "text", "free_text", "category"):
        return _coerce_text(s, col, rule, notes)
    if kind in ("date", "datetime"):
        return _coerce_time(s, col, rule, name, params, notes)
    if s.dtype == "str" or s.dtype == object:
        s = s.astype("str").str.strip()
        s = s.mask(s == "")
    present = s.notna().to_numpy()
    why = np.full(len(s), None, dtype=object)
    if kind in ("int", "float"):
        num = pd.to_numeric(s, errors="coerce") if not _is_bool(s) else s.astype("float64")
        num = num.astype("float64")
        infinite = np.isinf(num.to_numpy(dtype="float64", na_value=np.nan))
        num = num.mask(infinite)
        if kind == "int":
            whole = num.isna() | (np.floor(num) == num)
            num = num.where(whole)
            typed = num.astype("Int64")
        else:
            typed = num
        unread = present & typed.isna().to_numpy()
        why[unread] = f"{col}: {PARSE_REASONS[kind]}"
        why[infinite] = f"{col}: not a finite number"
        return typed, why
    typed = _to_bool(s)
    why[present & typed.isna().to_numpy()] = f"{col}: {PARSE_REASONS['bool']}"
    return typed, why


def _coerce_text(
    s: pd.Series, col: str, rule: Rule, notes: ReadingNotes
) -> tuple[pd.Series, np.ndarray | None]:
    if s.dtype != "str":
        s = s.astype("str")
    if rule.kind == "free_text":
        return s.mask(s == ""), None
    suspicious = s.str.contains(_SUSPICIOUS, regex=True).fillna(False).to_numpy(dtype=bool)
    if suspicious.any():  # one pass over the column; the detailed checks only where needed
        s = s.copy()
        odd = s[suspicious]
        invisible = odd.str.contains(_INVISIBLE, regex=True).fillna(False).to_numpy(dtype=bool)
        s[np.flatnonzero(suspicious)[invisible]] = (
            odd[invisible].str.replace(_INVISIBLE, "", regex=True).to_numpy()
        )
        notes.cleaned[col] += int(invisible.sum())
    s = s.str.strip()
    s = s.mask(s == "")
    why = np.full(len(s), None, dtype=object)
    limit = MAX_ID_CHARS if rule.kind == "id" else MAX_TEXT_CHARS
    too_long = (s.str.len() > limit).fillna(False).to_numpy(dtype=bool)
    why[too_long] = f"{col}: longer than {limit} characters"
    if suspicious.any():
        where = np.flatnonzero(suspicious)
        odd = s.iloc[where]
        control = odd.str.contains(_CONTROL, regex=True).fillna(False).to_numpy(dtype=bool)
        why[where[control]] = f"{col}: holds a control character (a line break, tab or other)"
        if rule.kind == "id" and not rule.uscc:
            bad = odd.str.contains(_NOT_IN_ID, regex=True).fillna(False).to_numpy(dtype=bool)
            why[where[bad & ~control]] = (
                f"{col}: characters not allowed in an identifier (< > \" ' ` & \\)"
            )
    flagged = pd.notna(why)
    if flagged.any():
        s = s.mask(flagged)
        return s, why
    return s, None


def _coerce_time(
    s: pd.Series,
    col: str,
    rule: Rule,
    name: str,
    params: RunParams | None,
    notes: ReadingNotes,
) -> tuple[pd.Series, np.ndarray]:
    order = None
    date_format = params.source_options(name).date_format if params is not None else None
    if date_format:
        order = parse_date_order(date_format)
    reading = read_times(s, order=order, epoch_unit=notes.epoch_units.get(col))
    if reading.epoch_unit is not None:
        notes.epoch_units.setdefault(col, reading.epoch_unit)
    typed = reading.values
    why = reading.reasons.copy()
    flagged = np.flatnonzero(pd.notna(why))
    why[flagged] = [f"{col}: {why[i]}" for i in flagged]
    (low, low_reason), (high, high_reason) = date_bounds(col, rule, params)
    values = typed.to_numpy()
    early = ~np.isnat(values) & (values < low.to_datetime64())
    late = ~np.isnat(values) & (values > high.to_datetime64())
    why[early], why[late] = low_reason, high_reason
    if early.any() or late.any():
        typed = typed.mask(early | late)
    if rule.kind == "date":
        typed = typed.dt.normalize()
    return typed.astype("datetime64[us]"), why


def _is_bool(s: pd.Series) -> bool:
    return pd.api.types.is_bool_dtype(s.dtype)


def _to_bool(s: pd.Series) -> pd.Series:
    if _is_bool(s):
        return s.astype("boolean")
    if pd.api.types.is_numeric_dtype(s.dtype):
        return s.map({1: True, 0: False}).astype("boolean")
    low = s.astype("str").str.strip().str.lower()
    out = pd.Series(pd.NA, index=s.index, dtype="boolean")
    out[low.isin(_TRUE).to_numpy(dtype=bool)] = True
    out[low.isin(_FALSE).to_numpy(dtype=bool)] = False
    return out
