"""The data contract of each source: types, ranges, allowed values, nulls and cross-field rules.

One pandera `DataFrameSchema` per source, built from the catalog and the run's `as_of`. Every
check is named by the reason a row fails it ("csat: not in 1..5"), so a failure case reads as
the quarantine reason without translation. Keys and foreign keys are not here: they depend on
other rows and other sources, and are judged in `quarantine.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa

from journey_utils import catalog as cat
from journey_utils.catalog import SOURCES
from journey_utils.config import RunParams
from journey_utils.uscc import USCC_CHARSET, valid_uscc_mask

Kind = Literal["id", "text", "free_text", "category", "int", "float", "bool", "date", "datetime"]

EARLIEST_FOUNDING = date(1949, 1, 1)
"""No enterprise in the register was founded before the People's Republic (1949-10-01)."""

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

LOCAL_TZ = "Asia/Shanghai"
"""Time zone of timestamps written without one (the bank's, Beijing time)."""
_ZONED = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$"

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
    uscc: bool = False


def _id(nullable: bool = False) -> Rule:
    return Rule("id", nullable=nullable)


def _amount(nullable: bool = False) -> Rule:
    return Rule("float", nullable=nullable, low=0)


def _count(low: float = 0, high: float | None = None, nullable: bool = False) -> Rule:
    return Rule("int", nullable=nullable, low=low, high=high)


def _when(kind: Kind = "datetime", nullable: bool = False) -> Rule:
    return Rule(kind, nullable=nullable, not_after_as_of=True)


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
        "employees": _count(low=1),
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
        "ts": _when(),
        "channel": _one_of(cat.DIGITAL_CHANNELS),
        "event_type": _one_of(cat.DIGITAL_EVENT_TYPES),
        "session_id": _id(),
    },
    "interactions": {
        "interaction_id": _id(),
        "client_id": _id(),
        "ts": _when(),
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
        "started_at": _when(nullable=True),
        "submitted_at": _when(nullable=True),
        "first_response_hours": Rule("float", nullable=True, low=0),
        "outcome": _one_of(cat.RAW_OUTCOMES),
        "decided_at": _when(nullable=True),
        "approved_amount": _amount(nullable=True),
        "offered_rate": Rule("float", nullable=True, low=0, high=30),
        "offer_accepted": Rule("bool", nullable=True),
        "disbursed_at": _when(nullable=True),
    },
    "stage_events": {
        "application_id": _id(),
        "stage": _one_of(cat.STAGES),
        "status": _one_of(cat.STAGE_STATUSES),
        "ts": _when(),
    },
    "loan_performance": {
        "application_id": _id(),
        "month": _when("date"),
        "balance": _amount(),
        "dpd": _count(),
        "classification": _one_of(cat.CLASSIFICATIONS),
    },
    "surveys": {
        "response_id": _id(),
        "client_id": _id(),
        "application_id": _id(nullable=True),
        "stage": _one_of(cat.STAGES, nullable=True),
        "ts": _when(),
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


# Checks -----------------------------------------------------------------------------------------


def _fmt(x: float) -> str:
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
    if rule.not_after_as_of:
        end = pd.Timestamp(datetime.combine(params.as_of, time.max))
        checks.append(pa.Check.le(end, error=f"{col}: after as_of {params.as_of.isoformat()}"))
    if col == "founded_on":
        first = pd.Timestamp(EARLIEST_FOUNDING)
        checks.append(pa.Check.ge(first, error=f"{col}: before {EARLIEST_FOUNDING.isoformat()}"))
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
class CoercedFrame:
    """A frame typed by the contract, and per column the rows whose value could not be parsed."""

    frame: pd.DataFrame
    unparsed: dict[str, np.ndarray]
    """Column → boolean mask (positional) of values present but not parseable (now missing)."""


def coerce_to_contract(raw: pd.DataFrame, name: str) -> CoercedFrame:
    """Type every catalog column of `raw` as the contract says.

    Text is stripped and empty text becomes missing; a value that cannot be parsed (e.g.
    "abc" as an amount) becomes missing and is flagged in `unparsed`, so validation can say
    "requested_amount: not a number" rather than "missing". Other columns (e.g. `_row`) pass
    through unchanged.
    """
    out = raw.copy()
    unparsed: dict[str, np.ndarray] = {}
    for col, rule in RULES[name].items():
        if col not in out.columns:
            continue
        typed, bad = _coerce(out[col], rule)
        out[col] = typed
        if bad is not None and bad.any():
            unparsed[col] = bad
    return CoercedFrame(out, unparsed)


def _coerce(s: pd.Series, rule: Rule) -> tuple[pd.Series, np.ndarray | None]:
    kind = rule.kind
    if kind in ("id", "text", "free_text", "category"):
        if s.dtype != "str":
            s = s.astype("str")
        s = s.str.strip() if kind != "free_text" else s
        return s.mask(s == ""), None
    if s.dtype == "str" or (s.dtype == object and not _holds_dates(s)):
        s = s.astype("str").str.strip()
        s = s.mask(s == "")
    present = s.notna().to_numpy()
    if kind in ("int", "float"):
        num = pd.to_numeric(s, errors="coerce") if not _is_bool(s) else s.astype("float64")
        num = num.astype("float64")
        if kind == "int":
            whole = num.isna() | (np.floor(num) == num)
            num = num.where(whole)
            typed = num.astype("Int64")
        else:
            typed = num
        return typed, present & typed.isna().to_numpy()
    if kind == "bool":
        typed = _to_bool(s)
        return typed, present & typed.isna().to_numpy()
    typed = _to_datetime(s)
    if kind == "date":
        typed = typed.dt.normalize()
    return typed, present & typed.isna().to_numpy()


def _holds_dates(s: pd.Series) -> bool:
    first = s.dropna().head(1)
    return not first.empty and isinstance(first.iloc[0], date)


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


def _to_datetime(s: pd.Series) -> pd.Series:
    """Timestamps without zone are local (Beijing) time; those with one are converted to it."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        typed = s
    elif s.dtype == object:  # datetime.date / datetime objects (Parquet date32)
        typed = pd.to_datetime(s, errors="coerce")
    else:
        # only texts longer than "YYYY-MM-DD HH:MM:SS" can carry a zone: test just those
        zoned = (s.str.len() > 19).to_numpy(dtype=bool, copy=True)
        if zoned.any():
            zoned[zoned] = s[zoned].str.contains(_ZONED, regex=True, na=False).to_numpy(bool)
        typed = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
        if (~zoned).any():
            typed[~zoned] = _parse_datetime(s[~zoned], utc=False)
        if zoned.any():
            typed[zoned] = _parse_datetime(s[zoned], utc=True)
        return typed
    if isinstance(typed.dtype, pd.DatetimeTZDtype):
        typed = typed.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)
    return typed.astype("datetime64[us]")


def _parse_datetime(s: pd.Series, *, utc: bool) -> pd.Series:
    out = pd.to_datetime(s, format="ISO8601", errors="coerce", utc=utc)
    retry = out.isna() & s.notna()
    if retry.any():  # other spellings (2024/03/05 …): slower, so only on the few left
        out[retry] = pd.to_datetime(s[retry], format="mixed", errors="coerce", utc=utc)
    if utc:
        out = out.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)
    return out.astype("datetime64[us]")
