"""A loan book of any layout (`loan_book: format: table`): the bank's own column names and
target codes, read into the PD population with every row accounted for. A row whose target,
date or a number cannot be read is quarantined with its reason; a missing or infinite feature
value stays missing and is counted (the scorecard bins it); a book that cannot be used at all
stops in one line naming file, column and why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from journey_utils.errors import InputError
from journey_utils.params.run import LoanBookSpec

Pseudonymise = Callable[[pd.Series, str], pd.Series]
"""(values, prefix) -> pseudonyms, e.g. `Pseudonymiser.pseudonymise`."""

RESERVED = ("const", "intercept")
"""Names a feature may not have: the model's own intercept term."""
TEXT_SHARE = 0.5
"""A feature whose non-empty values are mostly not numbers is a text column: read as categorical
when loan_book.categorical is omitted; when it is given and leaves such a column out, the read
stops and asks for it there rather than quarantining most of the book."""
EXCEL = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
"""Workbook suffixes read with python-calamine (one sheet, `loan_book.sheet`)."""
INFINITE = ("inf", "-inf", "+inf", "infinity", "-infinity")
"""Texts read as an infinite number (then counted, and treated as missing)."""
SHOWN_COLUMNS = 8
"""Header columns a refusal lists."""


@dataclass(frozen=True)
class LoanBook:
    """The accepted loans (id, target 0/1, date, features), the quarantined rows (their data-row
    number and reason only: no raw value) and per-feature counts of missing and infinite values."""

    frame: pd.DataFrame
    quarantine: pd.DataFrame
    missing: pd.DataFrame
    features: tuple[str, ...]
    categorical: tuple[str, ...]
    rows_in: int
    inferred: tuple[str, ...] = ()
    """Categorical features found as mostly-text columns (loan_book.categorical omitted)."""

    @property
    def reconciles(self) -> bool:
        """Rows in = accepted + quarantined."""
        return self.rows_in == len(self.frame) + len(self.quarantine)


def _read(path: Path, sheet: str | int = 0) -> pd.DataFrame:
    """Every column as text (CSV), as stored (Parquet) or as typed in the sheet (Excel)."""
    if not path.is_file():
        raise InputError(path, "file not found")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix in EXCEL:
        return _read_excel(path, sheet)
    if suffix not in (".csv", ".txt"):
        raise InputError(
            path, f"cannot read {suffix or 'a file without suffix'}: give CSV, Parquet or Excel"
        )
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                           encoding="utf-8-sig")  # fmt: skip
    except (UnicodeDecodeError, pd.errors.ParserError) as err:
        first = str(err).splitlines()[0]
        raise InputError(path, f"not a readable UTF-8 CSV ({first})") from None


def _read_excel(path: Path, sheet: str | int) -> pd.DataFrame:
    """One sheet of a workbook (python-calamine), header in its first row; a sheet that does not
    exist stops in one line listing the sheets."""
    try:
        frame = pd.read_excel(path, sheet_name=sheet, engine="calamine")
        frame.columns = [str(c).strip() for c in frame.columns]
        return frame
    except (ValueError, KeyError, IndexError) as err:
        try:
            names = ", ".join(pd.ExcelFile(path, engine="calamine").sheet_names)
        except Exception:  # not a workbook at all (calamine's own error): say so in one line
            raise InputError(path, "not a readable Excel workbook") from None
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise InputError(path, f"cannot read sheet {sheet!r} ({first}); the workbook has: "
                         f"{names}") from None  # fmt: skip


def _columns(raw: pd.DataFrame, spec: LoanBookSpec, path: Path) -> tuple[list[str], list[str]]:
    """The feature and categorical columns, after checking every named column exists and no
    feature is named twice or like the intercept."""
    header = [str(c) for c in raw.columns]
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise InputError(path, "the header names this column twice", column=dupes[0])
    named = [c for c in (spec.id, spec.target, spec.date) if c]
    features = (
        list(spec.features) if spec.features != "all" else [c for c in header if c not in named]
    )
    for column in [*named, *features, *(spec.categorical or ())]:
        if column not in header:
            shown = ", ".join(header[:SHOWN_COLUMNS]) + (
                ", …" if len(header) > SHOWN_COLUMNS else ""
            )
            raise InputError(path, f"column missing from the header (it has: {shown})",
                             column=column)  # fmt: skip
    twice = sorted({f for f in features if features.count(f) > 1})
    if twice:
        raise InputError(path, "feature listed twice in loan_book.features", column=twice[0])
    reserved = [f for f in features if f.strip().lower() in RESERVED]
    if reserved:
        raise InputError(path, "a feature may not be named like the intercept", column=reserved[0])
    overlap = [f for f in features if f in named]
    if overlap:
        raise InputError(path, "a feature may not be the id, target or date", column=overlap[0])
    if spec.categorical is None:
        return features, [f for f in features if _mostly_text(raw[f])]
    return features, [c for c in spec.categorical if c in features]


def _mostly_text(values: pd.Series) -> bool:
    """Whether most non-empty values of a column are not numbers (TEXT_SHARE)."""
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
        return False
    text = values.astype("string").str.strip()
    text = text[text.notna() & (text != "")]
    numbers = pd.to_numeric(text, errors="coerce")
    infinite = text.str.lower().isin(INFINITE)
    return bool(len(text)) and int((numbers.isna() & ~infinite).sum()) > TEXT_SHARE * len(text)


def _same(values: pd.Series, codes: tuple[str, ...]) -> pd.Series:
    """Which values equal one of the codes: as text after trimming, in any letter case, and
    numbers as numbers ("2" and "2.0")."""
    text = values.astype("string").str.strip()
    hit = text.str.casefold().isin([c.strip().casefold() for c in codes]).fillna(False)
    numbers = pd.to_numeric(text, errors="coerce")
    coded = pd.to_numeric(pd.Series(codes), errors="coerce").dropna()
    if len(coded):
        hit |= numbers.isin(coded.to_numpy()).fillna(False)
    return hit.astype(bool)


def _target(values: pd.Series, spec: LoanBookSpec) -> tuple[pd.Series, pd.Series]:
    """Target as 1 (bad) / 0 (good) and each row's quarantine reason (NA if readable)."""
    bad = _same(values, spec.bad)
    good = _same(values, spec.good) if spec.good else ~bad
    empty = values.isna() | (values.astype("string").str.strip() == "").fillna(True)
    reason = pd.Series(pd.NA, index=values.index, dtype="string")
    reason[~bad & ~good] = "target: a code that is neither bad nor good"
    reason[empty] = "target: empty"
    return bad.astype(int), reason


def _dates(values: pd.Series, spec: LoanBookSpec, path: Path) -> tuple[pd.Series, pd.Series]:
    """Dates and each row's quarantine reason; a column most of whose values do not read as
    dates stops (text dates of another format: give date_format)."""
    fmt = spec.date_format
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = pd.to_datetime(values)
    else:
        text = values.astype("string").str.strip()
        parsed = pd.to_datetime(text, format=fmt or "ISO8601", errors="coerce")
    reason = pd.Series(pd.NA, index=values.index, dtype="string")
    unreadable = parsed.isna() & values.notna()
    if unreadable.sum() > TEXT_SHARE * values.notna().sum():
        how = f"the format {fmt!r}" if fmt else "ISO (YYYY-MM-DD): give loan_book.date_format"
        raise InputError(path, f"most values do not read as dates with {how}", column=spec.date)
    reason[unreadable] = f"date: not a date in {fmt or 'ISO'} form"
    reason[values.isna()] = "date: empty"
    return parsed, reason


def _numbers(values: pd.Series, column: str, path: Path) -> tuple[pd.Series, pd.Series, pd.Series]:
    """A numeric feature: numbers (inf and -inf as missing), each row's quarantine reason (text
    that is not a number) and which rows held an infinite value."""
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.astype(float)
        unreadable = pd.Series(False, index=values.index)
    else:
        if _mostly_text(values):
            raise InputError(path, "mostly text, not numbers: list it under loan_book.categorical",
                             column=column)  # fmt: skip
        text = values.astype("string").str.strip()
        numbers = pd.to_numeric(text, errors="coerce").astype(float)
        infinite_text = text.str.lower().isin(INFINITE).fillna(False).astype(bool)
        unreadable = (numbers.isna() & text.notna() & ~infinite_text).astype(bool)
        numbers[infinite_text] = np.inf
    infinite = pd.Series(np.isinf(numbers.to_numpy()), index=values.index)
    numbers[infinite] = np.nan
    reason = pd.Series(pd.NA, index=values.index, dtype="string")
    reason[unreadable] = f"feature {column}: not a number"
    return numbers, reason, infinite


def read_loan_book(path: str | Path, spec: LoanBookSpec, pseudonymise: Pseudonymise) -> LoanBook:
    """The loan book as the PD population: id pseudonymised (prefix L), target 0/1, date and the
    features (numbers, or text for categorical ones); quarantined rows keep only their data-row
    number (1 = first row after the header) and reason, the first unreadable field of the row."""
    path = Path(path)
    raw = _read(path, spec.sheet)
    features, categorical = _columns(raw, spec, path)
    target, why = _target(raw[spec.target], spec)  # type: ignore[index]
    reasons = [why]
    frame = pd.DataFrame(index=raw.index)
    frame["loan_id"] = (
        pseudonymise(raw[spec.id].astype("string"), "L")
        if spec.id
        else pd.Series(np.arange(1, len(raw) + 1), index=raw.index).astype(str)
    )
    frame["target"] = target
    if spec.date:
        frame["date"], why = _dates(raw[spec.date], spec, path)
        reasons.append(why)
    infinite: dict[str, pd.Series] = {}
    for column in features:
        if column in categorical:
            text = raw[column].astype("string").str.strip()
            frame[column] = text.where(text != "")
            infinite[column] = pd.Series(False, index=raw.index)
            continue
        frame[column], why, infinite[column] = _numbers(raw[column], column, path)
        reasons.append(why)
    reason = pd.concat(reasons, axis=1).bfill(axis=1).iloc[:, 0]
    bad_rows = reason.notna().to_numpy()
    quarantine = pd.DataFrame(
        {"row": np.flatnonzero(bad_rows) + 1, "reason": reason[bad_rows].astype(str).to_numpy()}
    )
    accepted = frame[~bad_rows].reset_index(drop=True)
    missing = pd.DataFrame(
        [(c, int(accepted[c].isna().sum()), int(infinite[c][~bad_rows].sum())) for c in features],
        columns=["feature", "missing", "of_which_infinite"],
    )
    if len(accepted) == 0:
        raise InputError(
            path, f"every row is quarantined (first reason: {quarantine['reason'][0]})"
        )
    inferred = tuple(categorical) if spec.categorical is None else ()
    return LoanBook(accepted, quarantine, missing, tuple(features), tuple(categorical), len(raw),
                    inferred)  # fmt: skip
