"""Work items of an imported event log: each START of a staged activity paired with its
COMPLETE and the case's previous completion, written beside the journey log at import."""

from __future__ import annotations

import pandas as pd

WORK_ITEM_COLUMNS: tuple[str, ...] = (
    "application_id",
    "activity",
    "stage",
    "started_at",
    "completed_at",
    "waiting_from",
)


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
