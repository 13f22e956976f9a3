"""Working time and waiting time from lifecycle start/complete events, as process mining reports.

A work item is one START of an activity paired with the next COMPLETE of the same activity in
the same case (k-th start with k-th complete). Its working time runs from start to complete; the
waiting time before it runs from the case's previous completion of any activity to this start.
A work item started but not completed is censored — at `as_of` while its case is open, at the
case's last event once it ended — never dropped. A wait is measured from a completion to the
next start and belongs to the stage of the work it waited for; a case's first work has no wait,
and the wait after the last completion of a case still open has no next stage yet, so it is not
in the table. Times are summarised per stage with Kaplan–Meier quantiles, beside the stage
durations of `timing.py`.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from journey_utils.catalog import STAGES
from journey_utils.journey.timing import censoring_time, km_quantiles

WORK_ITEM_COLUMNS: tuple[str, ...] = (
    "application_id",
    "activity",
    "stage",
    "started_at",
    "completed_at",
    "waiting_from",
)
HOUR = pd.Timedelta(hours=1)


def work_items(
    events: pd.DataFrame, stage_of: dict[str, str], lifecycle_known: bool = True
) -> pd.DataFrame:
    """Work items of the staged activities in `events` (case, activity, lifecycle, ts): one row
    per START with its paired COMPLETE (NaT when none yet) and the case's previous completion
    (`waiting_from`, NaT for its first work). Empty when the log has no START events."""
    if not lifecycle_known or events.empty:
        return pd.DataFrame(columns=list(WORK_ITEM_COLUMNS))
    e = events[events["activity"].isin(list(stage_of))]
    transition = e["lifecycle"].fillna("complete").astype("str").str.lower()
    e = e.assign(_t=transition)
    e = e[e["_t"].isin(("start", "complete"))].sort_values(["case", "ts"], kind="stable")
    starts = e[e["_t"] == "start"]
    if starts.empty:
        return pd.DataFrame(columns=list(WORK_ITEM_COLUMNS))
    completes = e[e["_t"] == "complete"]
    keys = ["case", "activity"]
    starts = starts.assign(_k=starts.groupby(keys, sort=False).cumcount())
    completes = completes.assign(_k=completes.groupby(keys, sort=False).cumcount())
    items = starts[[*keys, "_k", "ts"]].merge(
        completes[[*keys, "_k", "ts"]], on=[*keys, "_k"], how="left", suffixes=("_s", "_c")
    )
    items.loc[items["ts_c"] < items["ts_s"], "ts_c"] = pd.NaT  # a complete before its start
    # the case's previous completion of any staged activity, before this start
    done = e.loc[e["_t"] == "complete", ["case", "ts"]].rename(columns={"ts": "done"})
    done = done.sort_values("done", kind="stable")
    items = items.sort_values("ts_s", kind="stable")
    items = pd.merge_asof(
        items, done, left_on="ts_s", right_on="done", by="case", allow_exact_matches=True
    )
    out = pd.DataFrame(
        {
            "application_id": items["case"].astype("str"),
            "activity": items["activity"].astype("str"),
            "stage": items["activity"].map(stage_of),
            "started_at": items["ts_s"].astype("datetime64[us]"),
            "completed_at": items["ts_c"].astype("datetime64[us]"),
            "waiting_from": items["done"].astype("datetime64[us]"),
        }
    )
    return out.sort_values(["application_id", "started_at"], kind="stable").reset_index(drop=True)


def task_times_table(
    items: pd.DataFrame, log: pd.DataFrame, as_of: date | str | pd.Timestamp
) -> pd.DataFrame:
    """Per stage: work items, completed, censored, KM median / P75 / P90 working hours (start to
    complete), then waits and KM median / P90 waiting hours (previous completion to start)."""
    if items.empty:
        return pd.DataFrame(
            columns=[
                "stage",
                "work_items",
                "completed",
                "censored",
                "median_working_hours",
                "p90_working_hours",
                "waits",
                "median_waiting_hours",
                "p90_waiting_hours",
            ]
        )
    censor_at = _censor_times(log, as_of)
    end = items["application_id"].map(censor_at)
    completed = items["completed_at"].notna()
    finish = items["completed_at"].where(completed, end)
    working = ((finish - items["started_at"]) / HOUR).clip(lower=0)
    waiting = (items["started_at"] - items["waiting_from"]) / HOUR
    rows = []
    for stage in [s for s in STAGES if s in set(items["stage"])]:
        mine = (items["stage"] == stage).to_numpy()
        work = km_quantiles(working[mine].to_numpy(float), completed[mine].to_numpy(bool))
        has_wait = mine & items["waiting_from"].notna().to_numpy()
        waits = waiting[has_wait].to_numpy(float)
        wait = km_quantiles(waits, np.ones(len(waits), dtype=bool))
        rows.append(
            {
                "stage": stage,
                "work_items": int(mine.sum()),
                "completed": int(completed[mine].sum()),
                "censored": int((~completed[mine]).sum()),
                "median_working_hours": work["median"],
                "p90_working_hours": work["p90"],
                "waits": int(has_wait.sum()),
                "median_waiting_hours": wait["median"],
                "p90_waiting_hours": wait["p90"],
            }
        )
    return pd.DataFrame(rows)


def _censor_times(log: pd.DataFrame, as_of: date | str | pd.Timestamp) -> pd.Series:
    """Per case: `as_of` (end of day) while it is open, else its last activity."""
    per_case = log.groupby("application_id", sort=False)
    last = per_case["last_activity_at"].max() if "last_activity_at" in log else per_case["ts"].max()
    open_ = per_case["outcome"].first().eq("in_progress")
    return last.where(~open_, censoring_time(as_of))
