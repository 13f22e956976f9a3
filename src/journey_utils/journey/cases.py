"""The conformed journey log and its one-row-per-case view, shared by every journey analysis.

The journey log has one row per stage event: `application_id` (the case), `client_id`, `stage`
(one of the six canonical stages), `status` (`entered` / `completed`), `ts`, the case's
`outcome`, and optional case attributes (product, channel, branch_id, form_version, ...).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from journey_utils import errors
from journey_utils.catalog import LOG_COLUMNS, STAGES

LAST_ACTIVITY = "last_activity_at"
"""Optional case column: the case's last activity of any kind. A stage visit that never completed
has only its `entered` row, so without it a case that stopped mid-stage would seem to end there."""

DROPOUT_OUTCOMES: tuple[str, ...] = ("declined", "withdrawn", "abandoned")
"""Outcomes that end a case without disbursement."""

CLOSED_OUTCOMES: tuple[str, ...] = ("disbursed", *DROPOUT_OUTCOMES)
"""Outcomes of resolved cases; `in_progress` cases are censored at `as_of`."""


def require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str = "journey log") -> None:
    """Stop with one line naming the missing columns (and those present), before any analysis."""
    errors.require_columns(frame, columns, what, list_present=True)


def stages_in(log: pd.DataFrame) -> list[str]:
    """The canonical stages the log has events for, in journey order."""
    present = set(log["stage"].dropna().unique())
    return [s for s in STAGES if s in present]


def attribute_columns(log: pd.DataFrame) -> list[str]:
    """Case attributes carried by the log (every column that is not a core log column)."""
    return [c for c in log.columns if c not in LOG_COLUMNS and not c.startswith("_")]


def case_table(log: pd.DataFrame, attributes: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per case: client, outcome, first and last event, furthest stage, entry per stage.

    Columns: application_id, client_id, outcome, first_ts, last_ts, last_activity (the later of
    last_ts and the log's `last_activity_at` if it has one), n_events, furthest_stage,
    `reached_<stage>` (bool) and `entered_<stage>` (first entry, NaT if never) for each canonical
    stage, then the requested attributes (default: all), taken as the case's first non-null value.
    """
    require_columns(log, LOG_COLUMNS)
    attrs = list(attribute_columns(log) if attributes is None else attributes)
    require_columns(log, attrs)
    codes, case_ids = pd.factorize(log["application_id"], sort=True)  # int keys: fast groupby
    grouped = log.groupby(codes, sort=True)
    cases = grouped.agg(
        client_id=("client_id", "first"),
        outcome=("outcome", "first"),
        first_ts=("ts", "min"),
        last_ts=("ts", "max"),
        n_events=("ts", "size"),
    )
    last_ts = cases["last_ts"]
    if LAST_ACTIVITY in log.columns:
        touched = grouped[LAST_ACTIVITY].max().astype(last_ts.dtype)
        last_ts = last_ts.where(touched.isna() | (touched < last_ts), touched)
    cases.insert(cases.columns.get_loc("last_ts") + 1, "last_activity", last_ts)
    stage_codes = pd.Categorical(log["stage"], categories=list(STAGES)).codes
    furthest = pd.Series(stage_codes).groupby(codes, sort=True).max()
    cases["furthest_stage"] = pd.Categorical.from_codes(
        furthest.clip(lower=-1).to_numpy(), categories=list(STAGES)
    ).astype(object)
    entered = (
        pd.DataFrame({"case": codes, "stage": stage_codes, "ts": log["ts"].to_numpy()})
        .groupby(["case", "stage"], sort=False)["ts"]
        .min()
        .unstack("stage")
    )
    for i, stage in enumerate(STAGES):
        first = entered[i] if i in entered.columns else pd.Series(pd.NaT, index=cases.index)
        first = first.reindex(cases.index)
        cases[f"reached_{stage}"] = first.notna()
        cases[f"entered_{stage}"] = first
    if attrs:
        cases = cases.join(grouped[attrs].first())
    cases.insert(0, "application_id", case_ids[cases.index.to_numpy()])
    return cases.reset_index(drop=True)


def add_client_attributes(
    log: pd.DataFrame, clients: pd.DataFrame, columns: Sequence[str]
) -> pd.DataFrame:
    """The log with client-level columns (e.g. industry, region, segment) joined on client_id,
    so any analysis can split by them."""
    require_columns(clients, ["client_id", *columns], "client table")
    extra = clients[["client_id", *columns]].drop_duplicates("client_id")
    return log.merge(extra, on="client_id", how="left", validate="many_to_one")


def largest_groups(log: pd.DataFrame, column: str, n: int = 2) -> list:
    """The `n` values of a case attribute that cover the most cases, in sorted order (e.g. the
    two form versions to compare); fewer when the column has fewer values."""
    require_columns(log, [column])
    per_case = log.groupby("application_id")[column].first().dropna()
    top = per_case.value_counts().head(n).index
    return sorted(top.tolist(), key=str)
