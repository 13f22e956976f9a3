"""Real U.S. SBA 7(a) loans (the "SBAcase" teaching file): read them with pseudonymised names,
build the PD population for the shared PD functions and compare start-ups with existing firms."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import confint_proportions_2indep

from journey_utils.errors import InputError
from journey_utils.risk.messages import MESSAGES
from journey_utils.stats import wilson_interval

Pseudonymise = Callable[[pd.Series, str], pd.Series]
"""A pseudonymiser call: (values, prefix) -> pseudonyms, e.g. `Pseudonymiser.pseudonymise`."""

SAS_EPOCH = pd.Timestamp("1960-01-01")
"""SAS day numbers count days since this date (15074 = 2001-04-09)."""

DATE_COLUMNS: tuple[str, ...] = ("ApprovalDate", "DisbursementDate", "ChgOffDate")
REQUIRED_DATES: tuple[str, ...] = ("ApprovalDate",)
"""Date columns that may not be empty (a repaid loan has no charge-off date; 3 loans have no
disbursement date)."""

OUTCOMES: dict[str, int] = {"P I F": 0, "CHGOFF": 1}
"""MIS_Status values and the default flag they mean (paid in full, charged off)."""

IDENTIFIERS: dict[str, str] = {"Name": "B", "LoanNr_ChkDgt": "L"}
"""Identifier columns and their pseudonym prefix: the business name, and the SBA loan number,
which finds the name again in the public SBA file."""

NEW_EXIST: dict[float, int] = {1.0: 0, 2.0: 1}
"""NewExist codes: 1 existing business, 2 new business (start-up); anything else is unknown."""

URBAN_RURAL: dict[str, int] = {"urban": 1, "rural": 2}
"""UrbanRural codes turned into dummies; code 0 (undefined) is the reference."""

FLAG_RULE = "Y -> 1; N, 0, T, S, A and empty -> 0 (only an explicit Y counts as yes)"
"""How the yes/no columns LowDoc and RevLineCr are coded: the SBA documents only Y and N, the
other codes are undocumented entry errors, so they are read as 'not flagged'."""

SBA_PD_FEATURES: tuple[str, ...] = (
    "new_business",
    "log_term",
    "log_employees",
    "real_estate",
    "sba_portion",
    "recession",
    "urban",
    "rural",
    "low_doc",
    "rev_line",
)
"""The features of the SBA PD model (all numeric 0/1 or continuous)."""

SBA_EXCLUSION_REASONS: dict[str, str] = {
    "unknown_new_exist": "NewExist is neither 1 (existing) nor 2 (new): start-up status unknown",
}


@dataclass(frozen=True)
class SBAPDData:
    """The SBA PD population, loans left out (with reasons) and how flags were recoded."""

    frame: pd.DataFrame
    exclusions: pd.DataFrame
    recoded: pd.DataFrame


def snake_case(name: str) -> str:
    """`LoanNr_ChkDgt` -> `loan_nr_chk_dgt`, `MIS_Status` -> `mis_status`, `ApprovalFY` ->
    `approval_fy`, so column names follow the house style."""
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return re.sub(r"_+", "_", s).lower()


def read_sba_loans(path: str | Path, pseudonymise: Pseudonymise) -> pd.DataFrame:
    """The SBA loans with SAS dates as dates, `name` and `loan_nr_chk_dgt` pseudonymised (the raw
    values are never kept) and snake_case columns. Strict: an unparseable or missing required
    date or outcome raises InputError naming file, data row (1 = first row after the header) and
    column; nothing is quarantined."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    raw = pd.read_csv(path, encoding="utf-8-sig", dtype={c: "str" for c in (*IDENTIFIERS,)})
    needed = [*IDENTIFIERS, *DATE_COLUMNS, "MIS_Status", "NewExist"]
    missing = [c for c in needed if c not in raw.columns]
    if missing:
        raise InputError(path, "column missing from the header", column=missing[0])
    for col in DATE_COLUMNS:
        raw[col] = _sas_dates(raw[col], path, col, required=col in REQUIRED_DATES)
    _check_outcome(raw["MIS_Status"], path)
    for col, prefix in IDENTIFIERS.items():
        raw[col] = pseudonymise(raw[col], prefix)
    raw.columns = [snake_case(c) for c in raw.columns]
    return raw


def _sas_dates(values: pd.Series, path: Path, column: str, required: bool) -> pd.Series:
    """SAS day numbers to dates; a non-numeric value (or an empty required one) raises."""
    numbers = pd.to_numeric(values, errors="coerce")
    bad = (values.notna() & numbers.isna()) | ~np.isfinite(numbers.fillna(0))
    if required:
        bad |= values.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        shown = values.iloc[row]
        what = "empty" if pd.isna(shown) else f"{shown!r} is not"
        raise InputError(
            path, f"{what} a SAS day number (days since 1960-01-01)", row=row + 1, column=column
        )
    return SAS_EPOCH + pd.to_timedelta(numbers, unit="D")


def _check_outcome(status: pd.Series, path: Path) -> None:
    """Every loan needs a known outcome: paid in full or charged off."""
    bad = ~status.isin(list(OUTCOMES))
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        value = status.iloc[row]
        what = "missing outcome" if pd.isna(value) else f"unknown outcome {value!r}"
        valid = " or ".join(repr(v) for v in OUTCOMES)
        raise InputError(path, f"{what} (valid: {valid})", row=row + 1, column="MIS_Status")


def yes_flag(values: pd.Series) -> pd.Series:
    """0/1 by FLAG_RULE: 1 only for an explicit Y (case and spaces ignored)."""
    return (values.astype("str").str.strip().str.upper() == "Y").astype(int)


def sba_pd_frame(loans: pd.DataFrame) -> SBAPDData:
    """The PD population of `read_sba_loans` output: target `default` (charged off), the
    SBA_PD_FEATURES and `approval_date` for the out-of-time split; loans with an unknown
    start-up status are left out and counted."""
    need = ["mis_status", "new_exist", "term", "no_emp", "real_estate", "portion", "recession"]
    need += ["urban_rural", "low_doc", "rev_line_cr", "approval_date", "loan_nr_chk_dgt"]
    for col in need:
        if col not in loans.columns:
            raise InputError(
                "SBA loans", "column missing (read it with read_sba_loans)", column=col
            )
    known = loans["new_exist"].isin(list(NEW_EXIST))
    data = loans[known]
    frame = pd.DataFrame(
        {
            "loan_id": data["loan_nr_chk_dgt"],
            "approval_date": data["approval_date"],
            "default": data["mis_status"].map(OUTCOMES).astype(int),
            "new_business": data["new_exist"].map(NEW_EXIST).astype(int),
            "log_term": np.log1p(data["term"].astype(float)),
            "log_employees": np.log1p(data["no_emp"].astype(float)),
            "real_estate": data["real_estate"].astype(int),
            "sba_portion": data["portion"].astype(float),
            "recession": data["recession"].astype(int),
            "urban": (data["urban_rural"] == URBAN_RURAL["urban"]).astype(int),
            "rural": (data["urban_rural"] == URBAN_RURAL["rural"]).astype(int),
            "low_doc": yes_flag(data["low_doc"]),
            "rev_line": yes_flag(data["rev_line_cr"]),
        }
    ).reset_index(drop=True)
    exclusions = pd.DataFrame(
        {
            "reason": list(SBA_EXCLUSION_REASONS),
            "description": list(SBA_EXCLUSION_REASONS.values()),
            "loans": [int((~known).sum())],
        }
    )
    return SBAPDData(frame=frame, exclusions=exclusions, recoded=_recoded(data))


def _recoded(data: pd.DataFrame) -> pd.DataFrame:
    """Per yes/no column and raw value: loans and the 0/1 code FLAG_RULE gave them."""
    rows = []
    for col, feature in (("low_doc", "low_doc"), ("rev_line_cr", "rev_line")):
        raw = data[col].astype("str").fillna("(empty)")
        for value, n in raw.value_counts(sort=False).sort_index().items():
            code = int(str(value).strip().upper() == "Y")
            rows.append(
                {"column": col, "feature": feature, "raw": value, "loans": int(n), "code": code}
            )
    return pd.DataFrame(rows)


def startup_default_table(frame: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Default rate of start-ups and existing businesses (Wilson intervals) and the difference
    start-up minus existing (Newcombe score interval), one row each."""
    for col in ("new_business", "default"):
        if col not in frame.columns:
            raise InputError(
                "SBA PD frame", "column missing (build it with sba_pd_frame)", column=col
            )
    alpha = 1 - confidence
    rows = []
    for label, flag in (("start-up", 1), ("existing", 0)):
        part = frame.loc[frame["new_business"] == flag, "default"]
        n, k = len(part), int(part.sum())
        if n == 0:
            raise InputError("SBA PD frame", f"no {label} loans", column="new_business")
        _, (low,), (high,) = wilson_interval([k], [n], confidence)
        rows.append(
            {"group": label, "loans": n, "defaults": k, "rate": k / n, "low": low, "high": high}
        )
    new, old = rows
    low, high = confint_proportions_2indep(
        new["defaults"],
        new["loans"],
        old["defaults"],
        old["loans"],
        method="newcomb",
        compare="diff",
        alpha=alpha,
    )
    diff = {
        "group": "difference",
        "loans": new["loans"] + old["loans"],
        "defaults": new["defaults"] + old["defaults"],
        "rate": new["rate"] - old["rate"],
        "low": float(low),
        "high": float(high),
    }
    return pd.DataFrame([*rows, diff])


def startup_default_reading(table: pd.DataFrame, confidence: float = 0.95, lang: str = "en") -> str:
    """One line from `startup_default_table`: do start-ups default more, by how much, and is the
    difference clear of zero."""
    t = table.set_index("group")
    new, old, diff = t.loc["start-up"], t.loc["existing"], t.loc["difference"]
    if diff["low"] > 0:
        verdict = MESSAGES("startup_more", lang)
    elif diff["high"] < 0:
        verdict = MESSAGES("startup_less", lang)
    else:
        verdict = MESSAGES("startup_no_difference", lang)
    return MESSAGES(
        "startup_reading",
        lang,
        verdict=verdict,
        new_rate=f"{new['rate']:.1%}",
        new_loans=f"{int(new['loans']):,}",
        old_rate=f"{old['rate']:.1%}",
        old_loans=f"{int(old['loans']):,}",
        diff=f"{diff['rate'] * 100:+.1f}",
        level=f"{confidence:.0%}",
        low=f"{diff['low'] * 100:+.1f}",
        high=f"{diff['high'] * 100:+.1f}",
    )
