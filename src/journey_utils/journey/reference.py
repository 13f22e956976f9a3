"""Cross-checks of a real event log against its publisher's figures and an independent recount,
so a reader can see the report's numbers were verified, not just computed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from journey_utils.integration.event_log import parse_timestamps, read_raw_events
from journey_utils.journey.cases import case_table

if TYPE_CHECKING:
    from journey_utils.journey.dataset import JourneyData

_HOW = {
    "cases": "distinct case ids read from the file",
    "events": "events read from the file (before any rule)",
    "disbursed_cases": "cases whose outcome is disbursed",
    "declined_cases": "cases whose outcome is declined",
    "withdrawn_cases": "cases whose outcome is withdrawn",
    "open_cases": "cases with no outcome activity (in progress or abandoned)",
}


def _our_figures(data: JourneyData) -> dict[str, float]:
    outcomes = data.log.groupby("application_id")["outcome"].first().value_counts()
    counts = data.imported.counts if data.imported is not None else None
    return {
        "cases": counts.cases_in if counts else data.log["application_id"].nunique(),
        "events": counts.events_in if counts else len(data.log),
        "disbursed_cases": outcomes.get("disbursed", 0),
        "declined_cases": outcomes.get("declined", 0),
        "withdrawn_cases": outcomes.get("withdrawn", 0),
        "open_cases": outcomes.get("in_progress", 0) + outcomes.get("abandoned", 0),
    }


def published_check(data: JourneyData) -> pd.DataFrame:
    """Each published figure of the event log beside our count: figure, published, ours,
    ours minus published, how we counted, agrees. Empty when the params publish nothing."""
    spec = data.params.event_log
    published = dict(spec.published) if spec is not None else {}
    ours = _our_figures(data)
    rows = [
        {
            "figure": figure,
            "published": value,
            "ours": int(ours[figure]),
            "ours_minus_published": int(ours[figure]) - value,
            "how_we_counted": _HOW[figure],
            "agrees": int(ours[figure]) == value,
        }
        for figure, value in published.items()
    ]
    return pd.DataFrame(
        rows,
        columns=["figure", "published", "ours", "ours_minus_published", "how_we_counted", "agrees"],
    )


def throughput_check(data: JourneyData) -> pd.DataFrame:
    """Median and mean throughput time (days, first to last event of a case) from the journey
    log beside an independent recount from the raw file (no stage mapping, every event)."""
    cases = case_table(data.log, attributes=[])
    ours = (cases["last_activity"] - cases["first_ts"]).dt.total_seconds() / 86_400
    rows = {"journey log (first event to last activity)": ours}
    spec = data.params.event_log
    if spec is not None:
        raw = read_raw_events(data.params.event_log_path, spec.format, spec)
        ts, _ = parse_timestamps(raw[spec.columns.timestamp], spec.timezone, spec.date_format)
        span = ts.groupby(raw[spec.columns.case]).agg(["min", "max"])
        rows["raw file, every event"] = (span["max"] - span["min"]).dt.total_seconds() / 86_400
    return pd.DataFrame(
        [
            {
                "counted_from": name,
                "cases": int(days.size),
                "median_days": float(days.median()),
                "mean_days": float(days.mean()),
                "p90_days": float(days.quantile(0.9)),
            }
            for name, days in rows.items()
        ]
    )
