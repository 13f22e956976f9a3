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

HOUR = pd.Timedelta(hours=1)


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
    seen = set(items["stage"].unique())
    for stage in [s for s in STAGES if s in seen]:
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
