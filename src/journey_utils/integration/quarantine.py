"""Row-level validation: accept the rows that meet the contract, quarantine the rest with a reason.

Order of judgement (DESIGN §8): a row the reader could not take apart keeps the reader's reason;
then the contract (every failing rule of a row, joined with "; "), then among the rows left the
duplicates of a primary key (the first occurrence is kept), then orphans whose foreign keys have
no accepted parent. Rows in = accepted + quarantined, always.

A quarantined row is kept with its row number, its reasons, its identifiers (pseudonymised by
the next step of the integration, before anything is written) and the other values only where
they met their column's rule: a value that broke it may be anything
(a phone number shifted into a code column), so it is withheld; the row number finds it in the
source. A row that could not be taken apart keeps only its number, length and reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pdr
import pyarrow as pa
import pyarrow.compute as pc

from journey_utils.catalog import SOURCES, identifier_columns
from journey_utils.errors import InputError
from journey_utils.integration.contracts import (
    RULES,
    CoercedFrame,
    ReadingNotes,
    coerce_to_contract,
    schema_for,
)
from journey_utils.integration.sources import ISSUE_COLUMN, LENGTH_COLUMN, ROW_COLUMN
from journey_utils.params.run import RunParams

REASON_COLUMN = "_reason"
REASON_SEPARATOR = "; "
_LINEAGE = (ROW_COLUMN, ISSUE_COLUMN, LENGTH_COLUMN)


@dataclass
class ValidatedSource:
    """One source (or one chunk of it) split into accepted and quarantined rows.

    `accepted` is typed by the contract and `quarantined` keeps every value as text with `_row`
    and `_reason`, broken values withheld and free text dropped. Both still carry raw
    identifiers: children are checked against the accepted keys, and the integration's next
    step pseudonymises both frames before anything is written.
    """

    name: str
    accepted: pd.DataFrame
    quarantined: pd.DataFrame
    column_counts: pd.DataFrame
    """Per column: `non_null` values among the rows in, and `invalid` ones failing the contract."""
    fk_checked: int | None
    """Rows whose foreign key was checked against the parent (None: no parent given)."""
    orphans: int
    references: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Foreign-key column → (rows checked, orphans) for every reference that was checked."""

    @property
    def rows_in(self) -> int:
        """Rows that came in: accepted plus quarantined."""
        return len(self.accepted) + len(self.quarantined)

    def reasons(self) -> Counter[str]:
        """Quarantined rows per reason; a row with several reasons counts under each."""
        counts: Counter[str] = Counter()
        if self.quarantined.empty:
            return counts
        for joined, rows in self.quarantined[REASON_COLUMN].value_counts().items():
            for reason in str(joined).split(REASON_SEPARATOR):
                counts[reason] += int(rows)
        return counts


def duplicate_reason(name: str) -> str:
    """Reason text for a repeated primary key of source `name`."""
    return f"duplicate key ({', '.join(SOURCES[name].key)})"


def orphan_reason(name: str, fk: str | None = None) -> str:
    """Reason text for a row of source `name` whose parent (by `fk`, default its main parent)
    is not among the accepted rows."""
    refs = dict(SOURCES[name].references)
    fk = fk or next(iter(refs), "")
    return f"orphan: {fk} not in {refs.get(fk, '')}"


def validate_source(
    df: pd.DataFrame,
    name: str,
    params: RunParams,
    parents: Mapping[str, Collection[str] | pd.Index | pa.Array] | None = None,
    *,
    notes: ReadingNotes | None = None,
    owners: Mapping[str, pd.Series] | None = None,
) -> ValidatedSource:
    """Judge every row of a raw frame of source `name` and split it into accepted and quarantined.

    `df` holds the catalog's columns as read (text or stored types) and, if it came from
    `sources.iter_source`, `_row`, `_issue` and `_length`; otherwise rows are numbered 1.. in
    frame order. `parents` maps a parent source name (e.g. "clients") to its accepted keys;
    a foreign key whose parent is not given is not checked. `notes` collects what reading
    decided across chunks (epoch units, cleaned values). `owners` maps a parent source to its
    accepted rows' owner column indexed by key (applications' client_id by application_id), for
    the catalog's `same_owner` rule. A missing column is an `InputError`, not a quarantine.
    """
    info = SOURCES[name]
    missing = [c for c in info.columns if c not in df.columns]
    if missing:
        found = ", ".join(str(c) for c in df.columns if c not in _LINEAGE)
        raise InputError(
            params.source_path(name),
            f"missing required column '{missing[0]}'; found: {found or 'no columns'}",
            column=missing[0],
        )
    raw = df.loc[:, [c for c in df.columns if c in _LINEAGE or c in info.columns]]
    raw = raw.reset_index(drop=True)
    n = len(raw)
    if ROW_COLUMN not in raw.columns:
        raw.insert(0, ROW_COLUMN, np.arange(1, n + 1, dtype="int64"))
    issue = (
        raw[ISSUE_COLUMN].to_numpy(dtype=object, na_value=None)
        if ISSUE_COLUMN in raw.columns
        else np.full(n, None, dtype=object)
    )
    broken = pd.notna(issue)

    coerced = coerce_to_contract(raw, name, params, notes)
    typed = coerced.frame
    fails = _contract_failures(typed, coerced, name, params)
    if broken.any():  # an unreadable row's empty columns are not failures of their own
        fails = fails[~broken[fails["pos"].to_numpy(dtype="int64")]]

    reason = np.full(n, None, dtype=object)
    reason[broken] = issue[broken]
    if not fails.empty:
        joined = fails.groupby("pos", sort=True)["reason"].agg(REASON_SEPARATOR.join)
        reason[joined.index.to_numpy()] = joined.to_numpy()
    keep = pd.isna(reason)

    kept = np.flatnonzero(keep)
    dup = typed.loc[kept, list(info.key)].duplicated(keep="first").to_numpy()
    reason[kept[dup]] = duplicate_reason(name)
    keep[kept[dup]] = False

    references: dict[str, tuple[int, int]] = {}
    for fk, parent in info.references:
        if parents is None or parent not in parents:
            continue
        kept = np.flatnonzero(keep)
        values = pa.array(typed.loc[kept, fk], type=pa.large_string())
        known = pc.is_in(values, value_set=_key_array(parents[parent])).to_numpy(False)
        present = pc.is_valid(values).to_numpy(False).astype(bool)
        orphan = present & ~known.astype(bool)
        reason[kept[orphan]] = orphan_reason(name, fk)
        keep[kept[orphan]] = False
        references[fk] = (int(present.sum()), int(orphan.sum()))

    if info.same_owner is not None and owners is not None and info.same_owner[1] in owners:
        fk, parent, col = info.same_owner
        kept = np.flatnonzero(keep)
        expected = typed.loc[kept, fk].map(owners[parent])
        other = (expected.notna() & (expected != typed.loc[kept, col])).to_numpy(dtype=bool)
        reason[kept[other]] = f"{fk}: belongs to another {col.removesuffix('_id')}"
        keep[kept[other]] = False

    accepted = typed.loc[keep].reset_index(drop=True)
    withheld = _withheld(fails, ~keep, name)
    quarantined = _quarantine_frame(raw.loc[~keep], reason[~keep], withheld, name)
    if len(accepted) + len(quarantined) != n:  # reconciliation is a guarantee, not a hope
        raise AssertionError(
            f"{name}: rows in {n} != accepted {len(accepted)} + quarantined {len(quarantined)}"
        )
    main = references.get(info.parent[0]) if info.parent else None
    return ValidatedSource(
        name=name,
        accepted=accepted.drop(columns=[ISSUE_COLUMN, LENGTH_COLUMN], errors="ignore"),
        quarantined=quarantined,
        column_counts=_column_counts(typed, coerced.unparsed, fails, name),
        fk_checked=main[0] if main else None,
        orphans=main[1] if main else 0,
        references=references,
    )


def _withheld(fails: pd.DataFrame, quarantined: np.ndarray, name: str) -> pd.DataFrame:
    """(pos, column) of values in quarantined rows that broke their column's rule and are not
    identifiers (those are pseudonymised instead): they are not stored."""
    ids = set(identifier_columns(name))
    if fails.empty:
        return fails.loc[:, ["pos", "column"]]
    pos = fails["pos"].to_numpy(dtype="int64")
    mask = quarantined[pos] & ~fails["column"].isin(ids).to_numpy(dtype=bool)
    return fails.loc[mask, ["pos", "column"]].drop_duplicates()


def _key_array(keys: Collection[str] | pd.Index | pa.Array) -> pa.Array:
    """Parent keys as an Arrow string array (hashed once per chunk by `pc.is_in`)."""
    if isinstance(keys, pa.ChunkedArray):
        keys = keys.combine_chunks()
    if isinstance(keys, pa.Array):
        return keys.cast(pa.large_string())
    return pa.array(list(keys) if not isinstance(keys, pd.Index) else keys, type=pa.large_string())


def _contract_failures(
    typed: pd.DataFrame,
    coerced: CoercedFrame,
    name: str,
    params: RunParams,
) -> pd.DataFrame:
    """One row per (row position, reason): values that could not be read plus pandera's failures."""
    rules = RULES[name]
    order = {col: i for i, col in enumerate(rules)}
    parts: list[pd.DataFrame] = []
    for col, mask in coerced.unparsed.items():
        pos = np.flatnonzero(mask)
        why = coerced.reasons.get(col)
        texts = why[pos] if why is not None else np.full(len(pos), f"{col}: unreadable")
        parts.append(pd.DataFrame({"pos": pos, "column": col, "reason": texts}))
    try:
        schema_for(name, params).validate(typed, lazy=True)
    except pdr.errors.SchemaErrors as exc:
        parts.append(_reasons_from_pandera(exc.failure_cases, typed, name, params))
    if not parts:
        return pd.DataFrame(
            {
                "pos": np.array([], dtype="int64"),
                "column": pd.Series([], dtype="str"),
                "reason": pd.Series([], dtype="str"),
            }
        )
    fails = pd.concat(parts, ignore_index=True).drop_duplicates(["pos", "reason"])
    fails["reason"] = fails["reason"].astype("str")
    # a value that could not be read is now missing: say why, not also "missing" or a range
    for col, mask in coerced.unparsed.items():
        redundant = (fails["column"] == col) & ~fails["reason"].isin(
            pd.unique(coerced.reasons.get(col, np.array([], dtype=object))[mask])
        )
        fails = fails[~(redundant & mask[fails["pos"].to_numpy(dtype="int64")])]
    fails = fails.assign(order=fails["column"].map(order).fillna(len(order)))
    return fails.sort_values(["pos", "order", "reason"], kind="stable").reset_index(drop=True)


def _reasons_from_pandera(
    cases: pd.DataFrame, typed: pd.DataFrame, name: str, params: RunParams
) -> pd.DataFrame:
    """Pandera failure cases → (pos, column, reason); check names already are reason texts."""
    rows = cases[cases["index"].notna()]
    if len(rows) < len(cases):  # a check of a whole column: name file, column and first row
        first = cases[cases["index"].isna()].iloc[0]
        column = str(first["column"]) if pd.notna(first["column"]) else None
        row = int(typed[ROW_COLUMN].iloc[0]) if len(typed) else None
        raise InputError(
            params.source_path(name),
            f"the column as a whole fails its contract ({first['check']})",
            row=row,
            column=column,
        )
    checks = rows["check"].astype("str")
    columns = rows["column"].astype("str")
    reason = checks.where(checks != "not_nullable", columns + ": missing")
    typed_wrong = checks.str.startswith(("dtype(", "coerce_dtype("))
    reason = reason.where(~typed_wrong, columns + ": wrong type")
    # cross-field checks report every column of the row: the reason's prefix names the culprit
    column = reason.str.split(":", n=1).str[0]
    return pd.DataFrame(
        {
            "pos": rows["index"].astype("int64").to_numpy(),
            "column": column.to_numpy(),
            "reason": reason.to_numpy(),
        }
    )


def _column_counts(
    typed: pd.DataFrame,
    unparsed: dict[str, np.ndarray],
    fails: pd.DataFrame,
    name: str,
) -> pd.DataFrame:
    """Non-null and invalid values per column, for completeness and validity without a re-read."""
    invalid = fails[~fails["reason"].str.endswith(": missing")]
    invalid_by_col = invalid.drop_duplicates(["pos", "column"])["column"].value_counts()
    rows = []
    for col in RULES[name]:
        present = typed[col].notna().to_numpy(dtype=bool)
        if col in unparsed:
            present = present | unparsed[col]
        rows.append(
            {
                "column": col,
                "non_null": int(present.sum()),
                "invalid": int(invalid_by_col.get(col, 0)),
            }
        )
    return pd.DataFrame(rows)


def _quarantine_frame(
    raw: pd.DataFrame, reasons: np.ndarray, withheld: pd.DataFrame, name: str
) -> pd.DataFrame:
    """Quarantined rows in the quarantine layout, broken values withheld."""
    rows = raw.copy()
    if not withheld.empty:
        positions = {p: i for i, p in enumerate(raw.index)}
        for col, group in withheld.groupby("column"):
            if col in rows.columns:
                where = [positions[p] for p in group["pos"] if p in positions]
                rows.iloc[where, rows.columns.get_loc(col)] = None
    return quarantine_rows(rows, reasons, name)


def quarantine_rows(rows: pd.DataFrame, reasons: np.ndarray, name: str) -> pd.DataFrame:
    """Rows of source `name` in the quarantine layout: `_row`, the columns as text, `_length`,
    `_reason`.

    Free text is dropped; identifiers are left as they are (pass rows that are already
    pseudonymised, or pseudonymise the result).
    """
    cols = quarantine_columns(name)[1:-2]
    out = pd.DataFrame({ROW_COLUMN: rows[ROW_COLUMN].astype("int64").to_numpy()})
    for col in cols:
        out[col] = pd.Series(_as_text(rows[col]).to_numpy(), dtype="str")
    length = rows.get(LENGTH_COLUMN, pd.Series(pd.NA, index=rows.index))
    out[LENGTH_COLUMN] = pd.array(length.to_numpy(), dtype="Int64")
    out[REASON_COLUMN] = pd.Series(reasons, dtype="str")
    return out


def _as_text(s: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return s.dt.strftime("%Y-%m-%d %H:%M:%S").astype("str")
    return s.astype("str")


def quarantine_columns(name: str) -> list[str]:
    """Columns of the quarantine table of source `name`, in order."""
    info = SOURCES[name]
    columns = [c for c in info.columns if c not in info.free_text]
    return [ROW_COLUMN, *columns, LENGTH_COLUMN, REASON_COLUMN]
