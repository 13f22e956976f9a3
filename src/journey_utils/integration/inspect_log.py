"""Look at an event log before mapping it: columns, activities, lifecycles, dates and zones, and a
starter `event_log:` params block in which only what the names make obvious is mapped.

`journey inspect-log FILE` prints the inspection and writes the starter params file, which the
analyst edits (every activity of the log is in it: mapped, or listed under a TODO comment) and
then runs with `journey run --params`. Values of identifier columns (case, resource) are never
printed or written: only their counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from journey_utils.catalog import STAGES
from journey_utils.integration.event_log import read_raw_events
from journey_utils.integration.log_checks import ISSUE, ROW
from journey_utils.integration.timestamps import read_times
from journey_utils.params.text_file import TextFileOptions

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "case": ("case:concept:name", "case", "caseid", "case id", "case_id", "application_id"),
    "activity": ("concept:name", "activity", "activity name", "activity_name", "event", "task"),
    "timestamp": (
        "time:timestamp",
        "timestamp",
        "complete timestamp",
        "datetime",
        "time",
        "event_time",
        "date",
    ),
    "lifecycle": ("lifecycle:transition", "lifecycle", "transition", "event_type"),
    "resource": ("org:resource", "resource", "user", "staff", "employee"),
}
"""Column names recognised for each role, most specific first (compared case-insensitively)."""

STAGE_WORDS: dict[str, tuple[str, ...]] = {
    "information": ("inquir", "enquir", "information request"),
    "application": ("submit", "apply", "application received"),
    "due_diligence": ("due diligence", "underwrit", "credit check", "verif"),
    "approval": ("approve",),
    "contract_disbursement": ("activat", "disburs", "pay out", "payout"),
    "post_loan": ("monitor", "repayment", "servicing"),
}
"""Words that make an activity's stage obvious; anything else is left for the analyst (TODO)."""

OUTCOME_WORDS: dict[str, tuple[str, ...]] = {
    "disbursed": ("activat", "disburs", "pay out", "payout"),
    "declined": ("declin", "reject", "denied"),
    "withdrawn": ("cancel", "withdr"),
}
"""Words suggesting an outcome: only hinted in the TODO list (an offer declined is not a case
declined), never mapped by the starter."""

_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2}|\s(?:UTC|GMT)(?:[+-]\d{1,2})?|\s[A-Za-z]+/[A-Za-z_]+)$")


@dataclass(frozen=True)
class LogInspection:
    """What an event log holds, as far as mapping it needs."""

    path: Path
    events: int
    malformed_rows: int
    columns: pd.DataFrame
    """Per column: role guessed, values present, distinct values, kind, examples (not for
    identifier columns)."""
    roles: dict[str, str | None]
    activities: pd.DataFrame
    """Per activity and lifecycle transition: events and cases."""
    cases: int
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    zones: dict[str, int]
    """Zone spellings seen at the end of timestamps ("none" for values without), with counts."""
    unreadable_timestamps: int


def inspect_log(
    path: Path, fmt: str = "auto", options: TextFileOptions | None = None
) -> LogInspection:
    """Read the log as text and describe it (no mapping needed)."""
    raw = read_raw_events(path, fmt, options)
    malformed = int(raw[ISSUE].notna().sum()) if ISSUE in raw.columns else 0
    raw = raw[raw[ISSUE].isna()] if ISSUE in raw.columns else raw
    names = [c for c in raw.columns if c not in (ROW, ISSUE)]
    roles = {role: _guess(names, candidates) for role, candidates in COLUMN_NAMES.items()}
    identifiers = {roles["case"], roles["resource"]}
    columns = pd.DataFrame(
        [_describe(raw[c], c, roles, c in identifiers) for c in names],
        columns=["column", "role", "present", "distinct", "kind", "examples"],
    )
    activity, lifecycle = roles["activity"], roles["lifecycle"]
    activities = pd.DataFrame(columns=["activity", "lifecycle", "events", "cases"])
    if activity is not None:
        keys = [activity] + ([lifecycle] if lifecycle else [])
        grouped = raw.fillna({k: "(blank)" for k in keys}).groupby(keys, sort=True)
        case = roles["case"]
        activities = grouped.agg(
            events=(activity, "size"), cases=(case or activity, "nunique")
        ).reset_index()
        activities = activities.rename(columns={activity: "activity", lifecycle or "": "lifecycle"})
        if "lifecycle" not in activities.columns:
            activities.insert(1, "lifecycle", "")
        activities = activities.sort_values(["events", "activity"], ascending=[False, True])
    first = last = None
    zones: dict[str, int] = {}
    unreadable = 0
    if roles["timestamp"] is not None:
        text = raw[roles["timestamp"]].astype("str").str.strip()
        found = text.str.extract(_ZONE, expand=False).fillna("none").str.strip()
        zones = {str(k): int(v) for k, v in found.value_counts().items()}
        reading = read_times(raw[roles["timestamp"]], tz="UTC")
        values = reading.values.dropna()
        unreadable = int(pd.notna(reading.reasons).sum())
        if len(values):
            first, last = values.min(), values.max()
    cases = int(raw[roles["case"]].nunique()) if roles["case"] else 0
    return LogInspection(
        path,
        len(raw) + malformed,
        malformed,
        columns,
        roles,
        activities.reset_index(drop=True),
        cases,
        first,
        last,
        zones,
        unreadable,
    )


def starter_params(inspection: LogInspection, run_name: str) -> str:
    """A params file for the log: columns as guessed, every activity either mapped where its
    name makes the stage obvious or listed under TODO with its counts and any hint."""
    per_activity = inspection.activities.groupby("activity", sort=False)["events"].sum()
    per_activity = per_activity.sort_values(ascending=False)
    stages: dict[str, list[str]] = {}
    todo: list[str] = []
    for activity, events in per_activity.items():
        stage = obvious_stage(str(activity))
        if stage is not None:
            stages.setdefault(stage, []).append(str(activity))
            continue
        hint = _outcome_hint(str(activity))
        todo.append(f"#   - {activity!r}: {events:,} events{hint}")
    columns = {role: name for role, name in inspection.roles.items() if name is not None}
    for role in ("case", "activity", "timestamp"):
        columns.setdefault(role, f"TODO ({role} column)")
    for role in ("lifecycle", "resource"):
        columns.setdefault(role, None)
    as_of = inspection.last.date() if inspection.last is not None else date.today()
    start = inspection.first.date() if inspection.first is not None else as_of.replace(day=1)
    zone = "UTC"
    params = {
        "run_name": run_name,
        "data_dir": f"data/{run_name}",
        "synthetic": False,
        "start_date": start.isoformat(),
        "as_of": as_of.isoformat(),
        "notebooks": ["03_journey_funnel"],
        "event_log": {
            "path": str(inspection.path),
            "columns": columns,
            "timezone": zone,
            "stages": {s: stages[s] for s in STAGES if s in stages},
            "outcomes": {},
            "ignore": [],
        },
    }
    body = yaml.safe_dump(params, allow_unicode=True, sort_keys=False, width=100)
    header = [
        f"# Starter params for {inspection.path.name}, written by `journey inspect-log`.",
        f"# {inspection.events:,} events, {inspection.cases:,} cases; timestamps seen from "
        f"{inspection.first} to {inspection.last}; zones: "
        + ", ".join(f"{k} ({v:,})" for k, v in inspection.zones.items()),
        "# Check the columns, set timezone to where naive timestamps were written, map the",
        "# outcomes (disbursed / declined / withdrawn: a case's end, not an offer's), and map or",
        "# ignore every activity below; an activity left out is quarantined and named in the",
        "# report. Then: journey run --params <this file>",
        "#",
        f"# TODO: map under event_log.stages / outcomes, or list under ignore ({len(todo)}):",
        *todo,
        "",
    ]
    return "\n".join(header) + body


def obvious_stage(activity: str) -> str | None:
    """The stage an activity's name makes obvious (one stage's words and no other's), else None."""
    name = re.sub(r"[_\-]+", " ", activity.lower())
    hits = {s for s, words in STAGE_WORDS.items() if any(w in name for w in words)}
    return hits.pop() if len(hits) == 1 else None


def inspection_text(inspection: LogInspection) -> str:
    """The inspection for the console."""
    lines = [
        f"{inspection.path}: {inspection.events:,} events, {inspection.cases:,} cases"
        + (f", {inspection.malformed_rows:,} malformed rows" if inspection.malformed_rows else ""),
        f"timestamps: {inspection.first} .. {inspection.last}"
        + (
            f" ({inspection.unreadable_timestamps:,} unreadable)"
            if inspection.unreadable_timestamps
            else ""
        ),
        "zones seen: " + (", ".join(f"{k} ({v:,})" for k, v in inspection.zones.items()) or "none"),
        "",
        "columns:",
        inspection.columns.to_string(index=False),
        "",
        "activities x lifecycle:",
        inspection.activities.to_string(index=False),
    ]
    return "\n".join(lines)


def _guess(names: list[str], candidates: tuple[str, ...]) -> str | None:
    lowered = {n.strip().lower(): n for n in names}
    for candidate in candidates:
        if candidate in lowered:
            return lowered[candidate]
    return None


def _describe(
    values: pd.Series, name: str, roles: dict[str, str | None], identifier: bool
) -> dict[str, object]:
    role = next((r for r, c in roles.items() if c == name), "")
    present = values.dropna()
    numeric = pd.to_numeric(present, errors="coerce").notna().mean() if len(present) else 0.0
    kind = "number" if numeric > 0.95 else "text"
    if kind == "text" and len(present):
        sample = present.head(200)
        if pd.notna(read_times(sample, tz="UTC").values).mean() > 0.95:
            kind = "date-time"
    examples = (
        "(identifier: not shown)"
        if identifier
        else ", ".join(str(v)[:30] for v in present.drop_duplicates().head(3))
    )
    return {
        "column": name,
        "role": role,
        "present": len(present),
        "distinct": int(present.nunique()),
        "kind": kind,
        "examples": examples,
    }


def _outcome_hint(activity: str) -> str:
    name = activity.lower()
    for outcome, words in OUTCOME_WORDS.items():
        if any(w in name for w in words):
            return f" (an outcome '{outcome}'? only if it ends the case)"
    return ""
