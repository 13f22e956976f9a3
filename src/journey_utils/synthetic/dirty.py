"""Dirty rows on request: extra copies of clean rows that are duplicated, broken or orphaned.

Clean rows are never changed, so quarantining exactly the extra rows leaves the clean data set.
Every dirty row follows the clean rows of its chunk in the file, so a "keep the first of
duplicated keys" rule also keeps the clean row. Broken copies in sources keyed by one generated
id get a fresh id (so each has exactly one problem); in sources with composite keys they keep
the key of the row they copy unless the broken field is part of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from journey_utils.catalog import SOURCES
from journey_utils.synthetic.clients import Table, client_ids
from journey_utils.synthetic.context import DAY, Context
from journey_utils.synthetic.journeys import application_ids
from journey_utils.uscc import USCC_CHARSET

FRESH_CLIENT_BASE = 8_000_000
ORPHAN_CLIENT_BASE = 9_000_000
FRESH_EVENT_OFFSET = 900_000_000
FRESH_ROW_OFFSET = 9_000_000

KIND_DESCRIPTIONS: dict[str, str] = {
    "duplicate": "exact copy of a clean row (same key)",
    "bad_uscc": "copy with a fresh client_id and a USCC whose final check digit is wrong",
    "bad_enum": "copy with a value outside the allowed set of a categorical column",
    "negative": "copy with a negative amount or count",
    "out_of_range": "copy with csat = 7 (valid 1-5)",
    "bad_date": "copy with an impossible date: after as_of, decided_at before submitted_at, "
    "founded_on in the future or a fiscal year after as_of",
    "orphan": "copy whose parent key (client_id or application_id) does not exist",
}

BAD_ENUM: dict[str, tuple[str, str]] = {
    "clients": ("ownership", "sole_proprietor"),
    "credit_history": ("internal_rating", "D"),
    "digital_events": ("channel", "fax"),
    "interactions": ("kind", "email"),
    "applications": ("product", "car_loan"),
    "stage_events": ("stage", "closing"),
    "loan_performance": ("classification", "watch"),
    "surveys": ("stage", "onboarding"),
}
NEGATIVE: dict[str, str] = {
    "clients": "employees",
    "financials": "total_assets",
    "credit_history": "past_loans",
    "interactions": "duration_min",
    "applications": "requested_amount",
    "loan_performance": "balance",
}
ID_COLUMN: dict[str, str] = {
    "clients": "client_id",
    "digital_events": "event_id",
    "interactions": "interaction_id",
    "applications": "application_id",
    "surveys": "response_id",
}
DATE_COLUMN: dict[str, str] = {
    "clients": "founded_on",
    "financials": "fiscal_year",
    "credit_history": "as_of_date",
    "digital_events": "ts",
    "interactions": "ts",
    "applications": "decided_at",
    "stage_events": "ts",
    "loan_performance": "month",
    "surveys": "ts",
}


def kinds_for(source: str) -> tuple[str, ...]:
    """The kinds of dirty rows a source gets."""
    out = ["duplicate"]
    if source == "clients":
        out.append("bad_uscc")
    if source in BAD_ENUM:
        out.append("bad_enum")
    if source in NEGATIVE:
        out.append("negative")
    if source == "surveys":
        out.append("out_of_range")
    out.append("bad_date")
    if source != "clients":
        out.append("orphan")
    return tuple(out)


@dataclass
class DirtyLedger:
    """Running targets and counts of dirty rows, across chunks."""

    share: float
    clean: dict[str, int] = field(default_factory=dict)
    written: dict[str, dict[str, int]] = field(default_factory=dict)
    fresh_clients: int = 0
    orphan_clients: int = 0
    fresh_apps: int = 0
    orphan_apps: int = 0

    def due(self, source: str, clean_rows: int) -> int:
        """Rows owed after this chunk: round-half-up(share x clean so far) minus written so far."""
        self.clean[source] = self.clean.get(source, 0) + clean_rows
        target = int(np.floor(self.share * self.clean[source] + 0.5))
        return max(0, target - sum(self.written.get(source, {}).values()))

    def record(self, source: str, kind: str, n: int) -> None:
        counts = self.written.setdefault(source, dict.fromkeys(kinds_for(source), 0))
        counts[kind] += n

    def summary(self) -> dict[str, object]:
        per_source = {}
        for s in SOURCES:
            counts = self.written.get(s, dict.fromkeys(kinds_for(s), 0))
            per_source[s] = {**counts, "total": sum(counts.values())}
        return {
            "share": self.share,
            "rounding": "per source: floor(share x clean rows + 0.5) extra rows",
            "per_source": per_source,
            "total": sum(v["total"] for v in per_source.values()),
            "kinds": {k: KIND_DESCRIPTIONS[k] for k in KIND_DESCRIPTIONS},
        }


def _take(table: Table, rows: np.ndarray) -> Table:
    return {k: v[rows].copy() for k, v in table.items()}


def _concat(parts: list[Table], columns: tuple[str, ...]) -> Table:
    return {c: np.concatenate([p[c] for p in parts]) for c in columns}


def dirty_rows(
    ctx: Context,
    rng: np.random.Generator,
    ledger: DirtyLedger,
    source: str,
    table: Table,
    chunk_index: int,
) -> Table | None:
    """Extra rows for this chunk of `source` (None when none are due or possible)."""
    columns = tuple(table)
    n_clean = len(table[columns[0]])
    n_due = ledger.due(source, n_clean)
    if n_due == 0 or n_clean == 0:
        return None
    kinds = kinds_for(source)
    assigned = rng.permutation(np.resize(np.arange(len(kinds)), n_due))
    parts: list[Table] = []
    for ki, kind in enumerate(kinds):
        n = int((assigned == ki).sum())
        if n == 0:
            continue
        pool = _pool(source, kind, table, n_clean)
        if len(pool) == 0:
            continue
        rows = _take(table, pool[rng.integers(0, len(pool), size=n)])
        if kind != "duplicate":
            _fresh_id(ledger, source, rows, chunk_index, n)
            BREAKERS[kind](ctx, rng, ledger, source, rows, n)
        parts.append(rows)
        ledger.record(source, kind, n)
    return _concat(parts, columns) if parts else None


def _pool(source: str, kind: str, table: Table, n_clean: int) -> np.ndarray:
    """Rows that can carry this kind of problem."""
    if source == "applications" and kind == "bad_date":
        ok = ~np.isnat(table["decided_at"]) & ~np.isnat(table["submitted_at"])
        return np.flatnonzero(ok)
    if source == "applications" and kind == "negative":
        return np.flatnonzero(~np.isnan(table["requested_amount"]))
    if source == "interactions" and kind == "negative":
        return np.flatnonzero(~np.isnan(table["duration_min"]))
    return np.arange(n_clean)


def _fresh_id(ledger: DirtyLedger, source: str, rows: Table, chunk_index: int, n: int) -> None:
    col = ID_COLUMN.get(source)
    if col is None:
        return
    if source == "clients":
        rows[col] = client_ids(FRESH_CLIENT_BASE + ledger.fresh_clients + np.arange(n))
        ledger.fresh_clients += n
    elif source == "applications":
        num = FRESH_CLIENT_BASE + ledger.fresh_apps + np.arange(n)
        rows[col] = application_ids(num, np.zeros(n, dtype=np.int64))
        ledger.fresh_apps += n
    else:
        offset = FRESH_EVENT_OFFSET if source == "digital_events" else FRESH_ROW_OFFSET
        scale = 1_000_000_000 if source == "digital_events" else 10_000_000
        used = ledger.written.get(source, {})
        start = sum(v for k, v in used.items() if k != "duplicate")
        rows[col] = chunk_index * scale + offset + start + np.arange(1, n + 1, dtype=np.int64)
        if start + n >= scale - offset:
            raise RuntimeError(f"too many dirty rows for {source} in one chunk")


def _bad_uscc(ctx, rng, ledger, source, rows, n) -> None:
    code = rows["uscc"].astype("U18")
    last = np.char.find(USCC_CHARSET, np.array([c[-1] for c in code]))
    wrong = (last + rng.integers(1, len(USCC_CHARSET), size=n)) % len(USCC_CHARSET)
    rows["uscc"] = np.char.add(
        np.array([c[:17] for c in code]), np.asarray(list(USCC_CHARSET))[wrong]
    ).astype(object)


def _bad_enum(ctx, rng, ledger, source, rows, n) -> None:
    col, value = BAD_ENUM[source]
    rows[col] = np.full(n, value, dtype=object)


def _negative(ctx, rng, ledger, source, rows, n) -> None:
    col = NEGATIVE[source]
    v = rows[col]
    rows[col] = -np.maximum(np.abs(v), 1).astype(v.dtype)


def _out_of_range(ctx, rng, ledger, source, rows, n) -> None:
    rows["csat"] = np.full(n, 7, dtype=np.int64)


def _bad_date(ctx, rng, ledger, source, rows, n) -> None:
    col = DATE_COLUMN[source]
    later = ctx.horizon_s + rng.integers(2, 400, size=n) * DAY + rng.integers(0, DAY, size=n)
    if source == "applications":
        # A decision a few days before the submission.
        rows["decided_at"] = rows["submitted_at"] - (rng.integers(1, 10, size=n) * DAY).astype(
            "timedelta64[s]"
        )
    elif source == "financials":
        rows[col] = np.full(n, ctx.params.as_of.year + 1, dtype=np.int64)
    elif rows[col].dtype == np.dtype("datetime64[D]"):
        rows[col] = later.astype("datetime64[s]").astype("datetime64[D]")
    else:
        rows[col] = later.astype("datetime64[s]")


def _orphan(ctx, rng, ledger, source, rows, n) -> None:
    if source in ("stage_events", "loan_performance"):
        num = ORPHAN_CLIENT_BASE + ledger.orphan_apps + np.arange(n)
        rows["application_id"] = application_ids(num, np.zeros(n, dtype=np.int64))
        ledger.orphan_apps += n
    else:
        rows["client_id"] = client_ids(ORPHAN_CLIENT_BASE + ledger.orphan_clients + np.arange(n))
        ledger.orphan_clients += n


BREAKERS: dict[str, Callable[..., None]] = {
    "bad_uscc": _bad_uscc,
    "bad_enum": _bad_enum,
    "negative": _negative,
    "out_of_range": _out_of_range,
    "bad_date": _bad_date,
    "orphan": _orphan,
}
