"""Import a standard event log (CSV or XES) as a conformed journey log, by a mapping in params.

Activities map to the six canonical stages and to outcomes (`event_log` in params). Nothing is
dropped silently: bad rows are quarantined with a reason (see `log_quality`), deliberately
ignored activities and uncounted lifecycle transitions are set aside and counted, and the counts
reconcile (events in = accepted + quarantined; accepted = staged + outcome-only + ignored +
lifecycle set aside; cases in = cases out + cases fully quarantined + cases with no stage event).

Stage visits (the rule, stated once): events of a case are taken in time order, events less
than `simultaneous_seconds` apart counting as one instant and ordered by canonical stage (a
system that logs approval, registration and activation in the same millisecond does not make a
case flap between stages); with `work_items_at_start`, an activity that has START events in the
log counts at its START only (its SCHEDULE is queueing, its COMPLETE closes work that began
earlier and often lands after the case has moved on); a visit is a run of events of one stage:
`entered` at its first event, `completed` at its last when the case moved on to another stage
or ended disbursed. A stage entered again later is rework (a second entered/completed pair).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from journey_utils.catalog import STAGES
from journey_utils.errors import InputError
from journey_utils.integration.log_checks import (
    FLAGGED,
    ISSUE,
    LENGTH,
    NO_START,
    ROW,
    SET_ASIDE,
    LogQuality,
    RuleCount,
    check_events,
)
from journey_utils.integration.privacy import pseudonymiser
from journey_utils.integration.text_files import delimiter_hint, read_text_table
from journey_utils.integration.timestamps import read_times
from journey_utils.integration.work_items import WORK_ITEM_COLUMNS, work_items
from journey_utils.integration.xes import read_xes
from journey_utils.params.event_log import (
    EventLogSpec,
)
from journey_utils.params.run import resolve_path
from journey_utils.params.text_file import TextFileOptions, parse_date_order

if TYPE_CHECKING:
    from journey_utils.params.run import RunParams

"""Outcomes an activity can evidence; abandoned / in_progress are inferred from inactivity."""

LOG_FILE = "journey_log.parquet"
QUARANTINE_FILE = Path("quarantine") / "event_log.parquet"
REPORT_FILE = "event_log_report.json"
WORK_ITEMS_FILE = "work_items.parquet"

Pseudonymise = Callable[[pd.Series, str], pd.Series]
"""`(series, prefix) -> pseudonyms`: `integration.privacy.pseudonymiser(params).pseudonymise`."""


@dataclass(frozen=True)
class ImportCounts:
    """Counts of one import; `reconciles()` checks that nothing went missing."""

    events_in: int
    events_quarantined: int
    events_accepted: int
    events_staged: int
    events_outcome_only: int
    events_ignored: int
    events_lifecycle_set_aside: int
    cases_in: int
    cases_out: int
    cases_quarantined: int
    cases_without_stage: int
    rows_out: int
    stage_visits: int
    rework_cases: int

    def reconciles(self) -> bool:
        return (
            self.events_in == self.events_accepted + self.events_quarantined
            and self.events_accepted
            == self.events_staged
            + self.events_outcome_only
            + self.events_ignored
            + self.events_lifecycle_set_aside
            and self.cases_in == self.cases_out + self.cases_quarantined + self.cases_without_stage
        )

    @property
    def rework_share(self) -> float:
        """Share of cases in the log that re-enter a stage."""
        return self.rework_cases / self.cases_out if self.cases_out else 0.0


@dataclass(frozen=True)
class EventLogImport:
    """The conformed journey log of an event log, its quarantine, counts and rules applied."""

    log: pd.DataFrame
    quarantine: pd.DataFrame
    counts: ImportCounts
    quality: LogQuality
    mapping: dict[str, Any] = field(default_factory=dict)
    input_sha256: str = ""
    seconds: float = 0.0
    unused_activities: tuple[str, ...] = ()
    """Activities the mapping names that never occur in the log (often a typo in the params)."""
    work_items: pd.DataFrame = field(default_factory=lambda: pd.DataFrame())
    """START/COMPLETE pairs of staged activities (`work_items.work_items`), empty without a
    lifecycle column or START events."""

    def quality_frame(self) -> pd.DataFrame:
        """Report table: rule, events, cases, action (bad-input rules, then mapping rules)."""
        return self.quality.frame()

    def unknown_activity_table(self) -> pd.DataFrame:
        """Quarantined activities with no stage, outcome or ignore entry, with event counts."""
        return self.quality.unknown_activity_table()


# Reading -------------------------------------------------------------------------------------


def read_raw_events(
    path: Path, fmt: str = "auto", options: TextFileOptions | None = None
) -> pd.DataFrame:
    """The log's events as text, one row per event, with `_row` (1-based event/data row) and,
    for a CSV row that could not be split into its columns, `_issue` (why) — never its text.
    Cells holding one of the options' missing-value words (`nan`, `NULL`, …) are missing."""
    options = options or TextFileOptions()
    if not path.is_file():
        raise InputError(path, "event log not found")
    kind = _format(path, fmt)
    if kind == "xes":
        raw = read_xes(path, typed=False)
        text = [c for c in raw.columns if c != ROW]
        missing = raw[text].apply(lambda c: c.str.strip().isin(options.missing_values))
        raw[text] = raw[text].mask(missing)  # empty is missing, as in a CSV
        return raw
    _, raw = read_text_table(path, options)
    return raw.drop(columns=[LENGTH], errors="ignore")


def _format(path: Path, fmt: str) -> str:
    if fmt != "auto":
        return fmt
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".xes") or name.endswith(".xml"):
        return "xes"
    if name.endswith(".csv"):
        return "csv"
    raise InputError(path, "cannot tell the format from the name: set event_log.format to csv/xes")


def parse_timestamps(
    text: pd.Series, timezone: str, date_format: str | None = None
) -> tuple[pd.Series, np.ndarray]:
    """Naive timestamps in `timezone` and, per row, why a value could not be read (None when it
    was): values with a zone are converted to `timezone`, values without are taken as already
    in it; a day/month date is read only with `date_format` or when its order shows, never
    guessed (`timestamps.read_times`)."""
    order = parse_date_order(date_format) if date_format else None
    reading = read_times(text, order=order, tz=timezone)
    return reading.values, reading.reasons


# Conforming ----------------------------------------------------------------------------------


def read_event_log(
    spec: EventLogSpec,
    as_of: date,
    abandon_after_days: int,
    pseudonymise: Pseudonymise,
    *,
    path: Path | None = None,
) -> EventLogImport:
    """Read the log at `path` (default: `spec.path` against the project root) and conform it.

    `pseudonymise(series, prefix)` replaces client ids ("C") and staff ids ("S"), which are
    personal data; the case id stays as application_id.
    """
    started = time.perf_counter()
    source = path if path is not None else _project_path(spec.path)
    raw = read_raw_events(source, spec.format, spec)
    events = _canonical(raw, spec, source)
    accepted, quality = check_events(
        events,
        as_of,
        case="case",
        ts="ts",
        activity="activity",
        known_activities=spec.known_activities(),
        keep_in_quarantine=[c for c in events.columns if c not in _IDENTIFIERS],
        issue=ISSUE if ISSUE in events.columns else None,
        detail="ts_problem",
    )
    quarantine = _quarantine_frame(quality.quarantine)
    kept, lifecycle_aside = _lifecycle(accepted, spec)
    stage_of, outcome_of = spec.stage_of(), spec.outcome_of()
    staged = kept[kept["activity"].isin(list(stage_of))].copy()
    if staged.empty:
        raise InputError(source, _no_match_message(events, spec))
    staged["stage"] = staged["activity"].map(stage_of)
    visits = _visits(staged, spec.simultaneous_seconds)
    outcomes, conflicts = _outcomes(kept, accepted, outcome_of, as_of, abandon_after_days)
    log = _journey_rows(visits, outcomes, spec, pseudonymise)
    log = _with_attributes(log, accepted, spec, pseudonymise)
    log["last_activity_at"] = _last_activity(log, accepted, spec)
    items = work_items(accepted, stage_of, lifecycle_known=spec.columns.lifecycle in raw.columns)
    no_start = _no_start(visits, staged, spec)
    quality = quality.with_rule(RuleCount(NO_START, no_start, no_start, FLAGGED))
    quality = quality.with_rule(conflicts)
    ignored = accepted["activity"].isin(list(spec.ignore))
    quality = quality.with_rule(
        RuleCount(
            "ignored activity",
            int(ignored.sum()),
            int(accepted.loc[ignored, "case"].nunique()),
            SET_ASIDE,
        )
    )
    quality = quality.with_rule(
        RuleCount(
            "lifecycle transition not counted",
            int(lifecycle_aside.sum()),
            int(accepted.loc[lifecycle_aside, "case"].nunique()),
            SET_ASIDE,
        )
    )
    cases_in = int(events["case"].dropna().astype("str").str.strip().replace("", pd.NA).nunique())
    accepted_cases = set(accepted["case"].unique())
    cases_out = int(log["application_id"].nunique())
    without_stage = len(accepted_cases) - cases_out
    quality = quality.with_rule(
        RuleCount("case with no stage event", 0, without_stage, "not in the journey log")
    )
    outcome_only = kept["activity"].isin(list(outcome_of)) & ~kept["activity"].isin(list(stage_of))
    counts = ImportCounts(
        events_in=len(raw),
        events_quarantined=quality.rows_quarantined,
        events_accepted=quality.rows_accepted,
        events_staged=len(staged),
        events_outcome_only=int(outcome_only.sum()),
        events_ignored=int(ignored.sum()),
        events_lifecycle_set_aside=int(lifecycle_aside.sum()),
        cases_in=cases_in,
        cases_out=cases_out,
        cases_quarantined=cases_in - len(accepted_cases),
        cases_without_stage=without_stage,
        rows_out=len(log),
        stage_visits=len(visits),
        rework_cases=_rework_cases(visits),
    )
    if not counts.reconciles():
        raise AssertionError(f"event log counts do not reconcile: {counts}")
    return EventLogImport(
        log=log,
        quarantine=quarantine,
        counts=counts,
        quality=quality,
        mapping=spec.model_dump(mode="json"),
        input_sha256=file_sha256(source),
        seconds=time.perf_counter() - started,
        unused_activities=tuple(
            sorted(spec.known_activities() - set(events["activity"].dropna().unique()))
        ),
        work_items=items,
    )


def _no_match_message(events: pd.DataFrame, spec: EventLogSpec) -> str:
    """Why nothing could be mapped, with the log's most frequent activities to map instead."""
    top = events["activity"].dropna().astype("str").value_counts().head(8)
    listed = ", ".join(f"{a!r} ({n:,})" for a, n in top.items()) or "none"
    mapped = sorted(spec.stage_of())[:3]
    return (
        "no event of the log maps to a stage: event_log.stages names "
        f"{', '.join(repr(a) for a in mapped)}…, the log's most frequent activities are "
        f"{listed} (`journey inspect-log` writes a starter mapping)"
    )


def _last_activity(log: pd.DataFrame, accepted: pd.DataFrame, spec: EventLogSpec) -> pd.Series:
    """Each row's case's last accepted event (any lifecycle, outcome events included, ignored
    activities not): when a case that stopped mid-stage was last touched."""
    counted = accepted[~accepted["activity"].isin(list(spec.ignore))]
    last = counted.groupby(counted["case"].astype("str"))["ts"].max()
    return log["application_id"].map(last).astype("datetime64[us]")


_IDENTIFIERS = ("case", "client", "resource")
"""Canonical columns that are identifiers: never copied to the quarantine frame."""


def _project_path(path: str) -> Path:

    return resolve_path(path)


def _canonical(raw: pd.DataFrame, spec: EventLogSpec, source: Path) -> pd.DataFrame:
    """The raw events with canonical column names and parsed timestamps (`ts_text` kept)."""
    cols = spec.columns
    wanted = {
        "case": cols.case,
        "activity": cols.activity,
        "ts_text": cols.timestamp,
        "lifecycle": cols.lifecycle,
        "resource": cols.resource,
        "client": cols.client,
    }
    required = ["case", "activity", "ts_text"]
    optional_given = [k for k in ("client",) if wanted[k] is not None]
    missing = [wanted[k] for k in [*required, *optional_given] if wanted[k] not in raw.columns] + [
        c for c in spec.case_attributes if c not in raw.columns
    ]
    if missing:
        names = [str(c) for c in raw.columns if c not in (ROW, ISSUE)]
        raise InputError(
            source,
            f"missing column(s) {', '.join(missing)} (columns: {', '.join(names)})"
            + delimiter_hint(names),
        )
    _optional_columns_exist(raw, spec, source)
    out = pd.DataFrame({ROW: raw[ROW]})
    for name, column in wanted.items():
        if column is not None and column in raw.columns:
            out[name] = raw[column]
        elif name == "lifecycle":
            out[name] = "COMPLETE"
    for column in spec.case_attributes:
        out[f"attr:{column}"] = raw[column]
    out["ts"], why = parse_timestamps(out["ts_text"], spec.timezone, spec.date_format)
    out["ts_problem"] = pd.Series(why, index=out.index, dtype="str")
    if ISSUE in raw.columns:
        out[ISSUE] = raw[ISSUE]
    return out


_LOOKS_LIKE: dict[str, tuple[str, ...]] = {
    "lifecycle": ("lifecycle", "transition", "event_type", "status"),
    "resource": ("resource", "user", "staff", "employee", "org:"),
}
"""Words in a column name that suggest the lifecycle or resource column under another name."""


def _optional_columns_exist(raw: pd.DataFrame, spec: EventLogSpec, source: Path) -> None:
    """A lifecycle or resource column named in params must exist; left at its XES default and
    absent, it may be absent — unless the log has a column that looks like it, which the user
    must then name (or set to null): a silently missing lifecycle changes every rework count."""
    have = [str(c) for c in raw.columns if c not in (ROW, ISSUE)]
    for key in ("lifecycle", "resource"):
        name = getattr(spec.columns, key)
        if name is None or name in raw.columns:
            continue
        listing = f"(columns: {', '.join(have)})"
        if key in spec.columns.model_fields_set:
            raise InputError(
                source,
                f"column {name!r} named in event_log.columns.{key} not found {listing}; "
                "name the right one, or set it to null if the log has none",
            )
        alike = [c for c in have if any(w in c.lower() for w in _LOOKS_LIKE[key])]
        alike = [c for c in alike if c not in _named_columns(spec)]
        if alike:
            raise InputError(
                source,
                f"no column {name!r} for the {key}, but the log has {alike[0]!r}: set "
                f"event_log.columns.{key} to it, or to null if it is something else",
            )


def _named_columns(spec: EventLogSpec) -> set[str]:
    cols = spec.columns
    named = {cols.case, cols.activity, cols.timestamp, cols.lifecycle, cols.resource, cols.client}
    return {c for c in named if c} | set(spec.case_attributes)


def _quarantine_frame(quarantined: pd.DataFrame) -> pd.DataFrame:
    """Quarantined rows as the file had them (`_row`, reason, raw fields minus identifiers)."""
    out = quarantined.drop(columns=["ts"], errors="ignore").rename(columns={"ts_text": "timestamp"})
    return out.rename(columns=lambda c: c.removeprefix("attr:"))


def _lifecycle(accepted: pd.DataFrame, spec: EventLogSpec) -> tuple[pd.DataFrame, pd.Series]:
    """Events whose lifecycle transition counts, and the mask of those set aside."""
    lifecycle = accepted["lifecycle"].fillna("COMPLETE").astype("str")
    aside = pd.Series(False, index=accepted.index)
    if spec.lifecycle_keep != "all":
        keep = {t.lower() for t in spec.lifecycle_keep}
        aside |= ~lifecycle.str.lower().isin(keep)
    if spec.work_items_at_start:
        is_start = lifecycle.str.lower().eq("start")
        started = set(accepted.loc[is_start & ~aside, "activity"].unique())
        aside |= accepted["activity"].isin(list(started)) & ~is_start
    return accepted.loc[~aside], aside


def _visits(staged: pd.DataFrame, simultaneous_seconds: float) -> pd.DataFrame:
    """One row per stage visit: case, stage, first/last event time and resource, visit number."""
    if staged.empty:
        return pd.DataFrame(
            columns=["case", "stage", "first_ts", "last_ts", "first_res", "last_res", "visit"]
        )
    rank = {s: i for i, s in enumerate(STAGES)}
    e = staged.sort_values(["case", "ts", ROW], kind="stable").copy()
    gap = e.groupby("case", sort=False)["ts"].diff()
    e["_instant"] = (gap.isna() | (gap > pd.Timedelta(seconds=simultaneous_seconds))).cumsum()
    e["_rank"] = e["stage"].map(rank)
    e = e.sort_values(["_instant", "_rank", "ts", ROW], kind="stable")
    e["ts"] = e.groupby("case", sort=False)["ts"].cummax()
    new_visit = e["stage"].ne(e.groupby("case", sort=False)["stage"].shift())
    e["_visit_id"] = new_visit.cumsum()
    resource = e["resource"] if "resource" in e.columns else pd.Series(pd.NA, index=e.index)
    e["_res"] = resource
    grouped = e.groupby("_visit_id", sort=True)
    visits = grouped.agg(
        case=("case", "first"),
        stage=("stage", "first"),
        first_ts=("ts", "first"),
        last_ts=("ts", "last"),
        first_res=("_res", "first"),
        last_res=("_res", "last"),
    ).reset_index(drop=True)
    visits["visit"] = visits.groupby("case", sort=False).cumcount() + 1
    return visits


def _outcomes(
    kept: pd.DataFrame,
    accepted: pd.DataFrame,
    outcome_of: dict[str, str],
    as_of: date,
    abandon_after_days: int,
) -> tuple[pd.Series, RuleCount]:
    """Outcome per case: the latest outcome activity; without one, in_progress while the last
    activity is within `abandon_after_days` of `as_of`, else abandoned (as integration does) —
    or, when the mapping names no outcome at all, `ended` (ended, outcome unknown)."""
    hits = kept[kept["activity"].isin(list(outcome_of))]
    hits = hits.assign(outcome=hits["activity"].map(outcome_of)).sort_values(
        ["case", "ts", ROW], kind="stable"
    )
    per_case = hits.groupby("case", sort=False)["outcome"]
    evidenced = per_case.last()
    conflicting = int((per_case.nunique() > 1).sum())
    last_day = accepted.groupby("case", sort=False)["ts"].max().dt.normalize()
    idle = (pd.Timestamp(as_of) - last_day).dt.days
    # without any outcome mapped, a quiet case has ended but how is unknown: not "abandoned"
    quiet = "abandoned" if outcome_of else "ended"
    inferred = pd.Series(
        np.where(idle > abandon_after_days, quiet, "in_progress"), index=last_day.index
    )
    outcome = inferred.copy()
    outcome.loc[evidenced.index] = evidenced
    rule = RuleCount("case with two different outcomes (latest used)", 0, conflicting, FLAGGED)
    return outcome, rule


def _journey_rows(
    visits: pd.DataFrame, outcomes: pd.Series, spec: EventLogSpec, pseudonymise: Pseudonymise
) -> pd.DataFrame:
    """entered/completed rows per visit, with client, outcome and (pseudonymised) resource."""
    outcome = visits["case"].map(outcomes)
    last_visit = visits["visit"].eq(visits.groupby("case", sort=False)["visit"].transform("max"))
    closed = ~last_visit | outcome.eq("disbursed")
    entered = pd.DataFrame(
        {
            "application_id": visits["case"],
            "stage": visits["stage"],
            "status": "entered",
            "ts": visits["first_ts"],
            "resource": visits["first_res"],
            "_visit": visits["visit"],
            "_order": 0,
        }
    )
    done = visits[closed]
    completed = pd.DataFrame(
        {
            "application_id": done["case"],
            "stage": done["stage"],
            "status": "completed",
            "ts": done["last_ts"],
            "resource": done["last_res"],
            "_visit": done["visit"],
            "_order": 1,
        }
    )
    rows = pd.concat([entered, completed], ignore_index=True).sort_values(
        ["application_id", "_visit", "_order"], kind="stable"
    )
    rows = rows.drop(columns=["_visit", "_order"]).reset_index(drop=True)
    rows["application_id"] = rows["application_id"].astype("str")
    rows.insert(1, "client_id", pseudonymise(rows["application_id"], "C"))
    rows["outcome"] = rows["application_id"].map(outcomes).astype("str")
    rows["ts"] = rows["ts"].astype("datetime64[us]")
    if spec.columns.resource is None:
        rows = rows.drop(columns=["resource"])
    else:
        rows["resource"] = pseudonymise(rows["resource"], "S")
    return rows


def _with_attributes(
    log: pd.DataFrame, accepted: pd.DataFrame, spec: EventLogSpec, pseudonymise: Pseudonymise
) -> pd.DataFrame:
    """Client ids from the client column (when given, pseudonymised) and the case attributes."""
    per_case = accepted.groupby("case", sort=False)
    if spec.columns.client is not None:
        clients = log["application_id"].map(per_case["client"].first())
        log["client_id"] = pseudonymise(clients, "C")
    for column, name in spec.case_attributes.items():
        values = per_case[f"attr:{column}"].first()
        log[name] = _numeric_if_all(log["application_id"].map(values))
    return log


def _numeric_if_all(values: pd.Series) -> pd.Series:
    """Text attributes whose every value is a number become numbers (XES stores many numbers
    as strings, e.g. BPI 2012's AMOUNT_REQ), so CSV and XES give the same log."""
    if values.dtype.kind in "biufM":
        return values
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.notna().sum() == values.notna().sum() and values.notna().any():
        if (numbers.dropna() % 1 == 0).all():
            return numbers.astype("Int64")
        return numbers
    return values


def _no_start(visits: pd.DataFrame, staged: pd.DataFrame, spec: EventLogSpec) -> int:
    """Cases whose first staged event is not a start activity (or, without `start_activities`,
    whose first visit is not in the mapping's first stage)."""
    if visits.empty:
        return 0
    if spec.start_activities:
        first = staged.sort_values(["case", "ts", ROW], kind="stable").groupby("case").head(1)
        return int((~first["activity"].isin(list(spec.start_activities))).sum())
    first_visit = visits[visits["visit"].eq(1)]
    return int(first_visit["stage"].ne(spec.first_stage()).sum())


def _rework_cases(visits: pd.DataFrame) -> int:
    if visits.empty:
        return 0
    repeats = visits.groupby(["case", "stage"], sort=False).size()
    return int(repeats[repeats > 1].index.get_level_values("case").nunique())


# Files ---------------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_event_log(params: RunParams) -> EventLogImport:
    """Import `params.event_log` and publish the journey log, its quarantine and a report to
    `params.processed_dir` (each file written to a temporary name, then renamed)."""

    spec = _spec(params)
    source = params._resolve(spec.path)
    result = read_event_log(
        spec,
        params.as_of,
        params.abandon_after_days,
        pseudonymiser(params).pseudonymise,
        path=source,
    )
    out = params.processed_dir
    (out / QUARANTINE_FILE).parent.mkdir(parents=True, exist_ok=True)
    _write_parquet(result.log, out / LOG_FILE)
    _write_parquet(result.quarantine, out / QUARANTINE_FILE)
    _write_parquet(result.work_items, out / WORK_ITEMS_FILE)
    report = _report(result, params, source)
    tmp = out / f".{REPORT_FILE}.tmp"
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, out / REPORT_FILE)
    return result


def event_log_is_current(params: RunParams) -> bool:
    """True when the published import used the same input file (sha256) and the same mapping,
    as_of and abandonment rule: then `import_event_log` need not run again."""
    path = params.processed_dir / REPORT_FILE
    if (
        params.event_log is None
        or not path.is_file()
        or not (params.processed_dir / LOG_FILE).is_file()
    ):
        return False
    report = json.loads(path.read_text(encoding="utf-8"))
    source = params._resolve(params.event_log.path)
    return (
        source.is_file()
        and report.get("settings") == _settings(params)
        and report.get("input_sha256") == file_sha256(source)
    )


def load_event_log_report(params: RunParams) -> EventLogImport:
    """The published import: journey log, quarantine, counts and rules, as `import_event_log`
    returned them."""
    out = params.processed_dir
    path = out / REPORT_FILE
    if not path.is_file():
        raise InputError(path, "no event log import yet: run `journey run` with these params")
    report = json.loads(path.read_text(encoding="utf-8"))
    rules = tuple(RuleCount(**r) for r in report["rules"])
    quarantine = pd.read_parquet(out / QUARANTINE_FILE)
    quality = LogQuality(
        rows_in=report["counts"]["events_in"],
        rows_accepted=report["counts"]["events_accepted"],
        quarantine=quarantine,
        rules=rules,
        unknown_activities=report["unknown_activities"],
    )
    return EventLogImport(
        log=pd.read_parquet(out / LOG_FILE),
        quarantine=quarantine,
        counts=ImportCounts(**report["counts"]),
        quality=quality,
        mapping=report["settings"]["event_log"],
        input_sha256=report["input_sha256"],
        seconds=report["seconds"],
        unused_activities=tuple(report.get("unused_activities", ())),
        work_items=_read_work_items(out / WORK_ITEMS_FILE),
    )


def _read_work_items(path: Path) -> pd.DataFrame:
    return (
        pd.read_parquet(path) if path.is_file() else pd.DataFrame(columns=list(WORK_ITEM_COLUMNS))
    )


def _spec(params: RunParams) -> EventLogSpec:
    if params.event_log is None:
        raise InputError("params", "no event_log in params: nothing to import")
    return params.event_log


def _settings(params: RunParams) -> dict[str, Any]:
    """Everything besides the input file that changes the imported log."""
    return {
        "event_log": _spec(params).model_dump(mode="json"),
        "as_of": params.as_of.isoformat(),
        "abandon_after_days": params.abandon_after_days,
    }


def _report(result: EventLogImport, params: RunParams, source: Path) -> dict[str, Any]:
    return {
        "input": source.name,
        "input_sha256": result.input_sha256,
        "settings": _settings(params),
        "counts": asdict(result.counts),
        "rules": [asdict(r) for r in result.quality.rules],
        "unknown_activities": result.quality.unknown_activities,
        "unused_activities": list(result.unused_activities),
        "seconds": round(result.seconds, 3),
    }


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)
