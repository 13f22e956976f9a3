"""Integration: load, validate, quarantine, pseudonymise and conform the nine sources (DESIGN §4).

`integrate(params)` reads each source in catalog order (parents before children) in bounded
chunks, writes the accepted rows of each to `processed/<source>.parquet` and the rejected ones
to `processed/quarantine/<source>.parquet`, builds the two conformed tables — `client_360`
(one row per client) and `journey_log` (one row per stage event) — with DuckDB over those
files, and records everything in `processed/integration_report.json`. Work happens in a
staging folder and is published at the end, so a failed run leaves the last good output intact.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from journey_utils.catalog import CLASSIFICATIONS, NPL_CLASSES, SOURCES, STAGES
from journey_utils.config import RunParams, project_root
from journey_utils.contracts import MAIN_DATE, RULES
from journey_utils.errors import InputError
from journey_utils.privacy import Pseudonymiser, pseudonymiser
from journey_utils.quarantine import (
    duplicate_reason,
    quarantine_columns,
    quarantine_rows,
    validate_source,
)
from journey_utils.sources import CHUNK_ROWS, ROW_COLUMN, SourceFile, inspect_source, iter_source

REPORT_FILE = "integration_report.json"
QUARANTINE_DIR = "quarantine"
CONFORMED: tuple[str, ...] = ("client_360", "journey_log")
REPORT_VERSION = 1

PARQUET = "format parquet, compression zstd"

DUCKDB_MEMORY_LIMIT = "1GB"
"""DuckDB's working memory; beyond it joins and aggregations spill to the staging folder."""

DEMO_KEY_NOTE = (
    "pseudonyms use the fixed DEMO key: fine for synthetic data, never for real client data"
)


# Result ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnCounts:
    """Values of one column among the rows in: present (`non_null`) and failing the contract."""

    column: str
    non_null: int
    invalid: int


@dataclass
class SourceReport:
    """What happened to one source: the file read, rows in/accepted/quarantined and why."""

    name: str
    file: str
    format: str
    encoding: str | None
    sha256: str
    size_bytes: int
    rows_in: int
    accepted: int
    quarantined: int
    reasons: dict[str, int]
    date_column: str
    date_min: str | None
    date_max: str | None
    columns: list[ColumnCounts]
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def reconciles(self) -> bool:
        """Rows in = accepted + quarantined."""
        return self.rows_in == self.accepted + self.quarantined


@dataclass(frozen=True)
class IntegrityCheck:
    """Referential integrity of one child source against its parent."""

    source: str
    parent: str
    foreign_key: str
    rows_checked: int
    orphans: int


@dataclass
class IntegrationResult:
    """The integration report as objects, with tidy frames for notebook 01 and the summary."""

    run_name: str
    as_of: str
    key_source: str
    started_at: str
    finished_at: str
    seconds: dict[str, float]
    sources: dict[str, SourceReport]
    conformed: dict[str, int]
    integrity: list[IntegrityCheck]
    processed_dir: Path

    @property
    def reconciles(self) -> bool:
        """True when every source reconciles (rows in = accepted + quarantined)."""
        return all(s.reconciles for s in self.sources.values())

    @property
    def uses_demo_key(self) -> bool:
        """True when pseudonyms were made with the fixed demo key (synthetic data only)."""
        return self.key_source == "demo"

    def summary_frame(self) -> pd.DataFrame:
        """One row per source: rows_in, accepted, quarantined, reconciles."""
        return pd.DataFrame(
            [
                {
                    "source": s.name,
                    "rows_in": s.rows_in,
                    "accepted": s.accepted,
                    "quarantined": s.quarantined,
                    "reconciles": s.reconciles,
                }
                for s in self.sources.values()
            ],
            columns=["source", "rows_in", "accepted", "quarantined", "reconciles"],
        )

    def reasons_frame(self) -> pd.DataFrame:
        """Quarantined rows per source and reason (a row with two reasons counts under both)."""
        rows = [
            {"source": s.name, "reason": reason, "rows": n}
            for s in self.sources.values()
            for reason, n in s.reasons.items()
        ]
        return pd.DataFrame(rows, columns=["source", "reason", "rows"])

    def integrity_frame(self) -> pd.DataFrame:
        """Per child source: parent, foreign key, rows checked and orphans found."""
        return pd.DataFrame(
            [asdict(c) for c in self.integrity],
            columns=["source", "parent", "foreign_key", "rows_checked", "orphans"],
        )

    def date_ranges_frame(self) -> pd.DataFrame:
        """Per source: its main date column and the first and last value among accepted rows
        (timestamps; a fiscal year spans 1 January to 31 December)."""
        frame = pd.DataFrame(
            [
                {"source": s.name, "column": s.date_column, "min": s.date_min, "max": s.date_max}
                for s in self.sources.values()
            ],
            columns=["source", "column", "min", "max"],
        )
        for col in ("min", "max"):
            frame[col] = pd.to_datetime(frame[col], format="ISO8601")
        return frame

    def conformed_frame(self) -> pd.DataFrame:
        """Rows of each conformed table (client_360, journey_log)."""
        return pd.DataFrame(
            [{"table": k, "rows": v} for k, v in self.conformed.items()], columns=["table", "rows"]
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON layout of integration_report.json."""
        return {
            "report_version": REPORT_VERSION,
            "run_name": self.run_name,
            "as_of": self.as_of,
            "key_source": self.key_source,
            "key_note": DEMO_KEY_NOTE if self.uses_demo_key else "pseudonyms use the bank's key",
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "seconds": self.seconds,
            "reconciles": self.reconciles,
            "sources": {
                s.name: {
                    "file": s.file,
                    "format": s.format,
                    "encoding": s.encoding,
                    "sha256": s.sha256,
                    "size_bytes": s.size_bytes,
                    "rows_in": s.rows_in,
                    "accepted": s.accepted,
                    "quarantined": s.quarantined,
                    "reconciles": s.reconciles,
                    "reasons": s.reasons,
                    "date_range": {"column": s.date_column, "min": s.date_min, "max": s.date_max},
                    "columns": {
                        c.column: {"non_null": c.non_null, "invalid": c.invalid} for c in s.columns
                    },
                    "ignored_columns": s.ignored_columns,
                    "outputs": {
                        "accepted": f"{s.name}.parquet",
                        "quarantine": f"{QUARANTINE_DIR}/{s.name}.parquet",
                    },
                }
                for s in self.sources.values()
            },
            "conformed": {
                name: {"file": f"{name}.parquet", "rows": rows}
                for name, rows in self.conformed.items()
            },
            "integrity": {
                c.source: {
                    "parent": c.parent,
                    "foreign_key": c.foreign_key,
                    "rows_checked": c.rows_checked,
                    "orphans": c.orphans,
                }
                for c in self.integrity
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], processed_dir: Path) -> IntegrationResult:
        """Rebuild the result from the JSON layout of `to_dict`."""
        sources = {
            name: SourceReport(
                name=name,
                file=s["file"],
                format=s["format"],
                encoding=s["encoding"],
                sha256=s["sha256"],
                size_bytes=s["size_bytes"],
                rows_in=s["rows_in"],
                accepted=s["accepted"],
                quarantined=s["quarantined"],
                reasons=dict(s["reasons"]),
                date_column=s["date_range"]["column"],
                date_min=s["date_range"]["min"],
                date_max=s["date_range"]["max"],
                columns=[
                    ColumnCounts(c, v["non_null"], v["invalid"]) for c, v in s["columns"].items()
                ],
                ignored_columns=list(s.get("ignored_columns", [])),
            )
            for name, s in data["sources"].items()
        }
        return cls(
            run_name=data["run_name"],
            as_of=data["as_of"],
            key_source=data["key_source"],
            started_at=data["started_at"],
            finished_at=data["finished_at"],
            seconds=dict(data["seconds"]),
            sources=sources,
            conformed={k: v["rows"] for k, v in data["conformed"].items()},
            integrity=[IntegrityCheck(source=k, **v) for k, v in data["integrity"].items()],
            processed_dir=processed_dir,
        )


# Public entry points ----------------------------------------------------------------------------


def integrate(params: RunParams, *, chunk_rows: int = CHUNK_ROWS) -> IntegrationResult:
    """Integrate all nine sources of a run and publish the processed tables and the report.

    Raises `InputError` (one line naming file, row, column) when a source cannot be used at
    all, and `JourneyError` when real data has no pseudonymisation key; in both cases the
    previous processed output is left as it was.
    """
    started = datetime.now().astimezone()
    pseudo = pseudonymiser(params)  # fail before any work when the key is missing
    processed = params.processed_dir
    processed.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=processed))
    seconds: dict[str, float] = {}
    try:
        (staging / QUARANTINE_DIR).mkdir()
        con = _duckdb(staging)
        try:
            reports: dict[str, SourceReport] = {}
            integrity: list[IntegrityCheck] = []
            parent_keys: dict[str, pa.Array] = {}
            parents = {info.parent[1] for info in SOURCES.values() if info.parent}
            for name in SOURCES:
                with _timed(seconds, name):
                    report, check, keys = _integrate_source(
                        params, name, parent_keys, pseudo, staging, con, chunk_rows
                    )
                reports[name] = report
                if check is not None:
                    integrity.append(check)
                if name in parents:
                    parent_keys[name] = keys
            parent_keys.clear()
            with _timed(seconds, "outcomes"):
                _infer_outcomes(con, staging, params)
            with _timed(seconds, "journey_log"):
                n_log = _build_journey_log(con, staging)
            with _timed(seconds, "client_360"):
                n_360 = _build_client_360(con, staging, params)
            for name in SOURCES:
                reports[name].date_min, reports[name].date_max = _date_range(con, staging, name)
        finally:
            con.close()
        result = IntegrationResult(
            run_name=params.run_name,
            as_of=params.as_of.isoformat(),
            key_source=pseudo.key_source,
            started_at=started.isoformat(timespec="seconds"),
            finished_at="",
            seconds=seconds,
            sources=reports,
            conformed={"client_360": n_360, "journey_log": n_log},
            integrity=integrity,
            processed_dir=processed,
        )
        with _timed(seconds, "publish"):
            _publish(staging, processed)
        result.finished_at = datetime.now().astimezone().isoformat(timespec="seconds")
        seconds["total"] = round(sum(v for k, v in seconds.items() if k != "total"), 3)
        _write_report(result, processed / REPORT_FILE)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def load_integration_report(params: RunParams) -> IntegrationResult:
    """The result of the last integration of this run, read back from integration_report.json."""
    path = params.processed_dir / REPORT_FILE
    if not path.is_file():
        raise InputError(path, "no integration report: run `journey integrate` first")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return IntegrationResult.from_dict(data, params.processed_dir)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(path, f"unreadable integration report ({exc}); integrate again") from None


def load_client_360(params: RunParams) -> pd.DataFrame:
    """The client 360 table: one row per accepted client, identifiers pseudonymised."""
    return _read_processed(params, "client_360")


def load_journey_log(params: RunParams) -> pd.DataFrame:
    """The journey log: one row per stage event with its case's attributes and outcome."""
    return _read_processed(params, "journey_log")


def load_processed(params: RunParams, name: str) -> pd.DataFrame:
    """One conformed source (e.g. "applications"), as written by integration."""
    if name not in SOURCES and name not in CONFORMED:
        valid = ", ".join([*SOURCES, *CONFORMED])
        raise InputError(params.processed_dir, f"unknown table '{name}' (valid: {valid})")
    return _read_processed(params, name)


def load_quarantine(params: RunParams, name: str) -> pd.DataFrame:
    """The quarantined rows of source `name`: values as text, `_row` and `_reason`."""
    if name not in SOURCES:
        raise InputError(
            params.processed_dir, f"unknown source '{name}' (valid: {', '.join(SOURCES)})"
        )
    path = params.processed_dir / QUARANTINE_DIR / f"{name}.parquet"
    if not path.is_file():
        raise InputError(path, "not integrated yet: run `journey integrate` first")
    return read_table(path)


# One source -------------------------------------------------------------------------------------


def _integrate_source(
    params: RunParams,
    name: str,
    parent_keys: dict[str, pa.Array],
    pseudo: Pseudonymiser,
    staging: Path,
    con: duckdb.DuckDBPyConnection,
    chunk_rows: int,
) -> tuple[SourceReport, IntegrityCheck | None, pa.Array]:
    """Validate one source chunk by chunk, then settle keys repeated across chunks in DuckDB."""
    info = SOURCES[name]
    sf = inspect_source(params, name)
    parts_dir = staging / "_parts" / name
    parts_dir.mkdir(parents=True)
    rows_in = accepted = fk_checked = orphans = 0
    reasons: Counter[str] = Counter()
    counts: pd.DataFrame | None = None
    quarantined: list[pd.DataFrame] = []
    keys: list[pa.Array] = []
    parts: list[Path] = []
    for i, chunk in enumerate(iter_source(params, name, chunk_rows=chunk_rows, source_file=sf)):
        v = validate_source(chunk, name, params, parent_keys, pseudonyms=pseudo)
        rows_in += len(chunk)
        accepted += len(v.accepted)
        reasons.update(v.reasons())
        fk_checked += v.fk_checked or 0
        orphans += v.orphans
        c = v.column_counts.set_index("column")
        counts = c if counts is None else counts + c
        quarantined.append(v.quarantined)
        keys.append(pa.array(v.accepted[info.key[0]], type=pa.large_string()))
        part = parts_dir / f"part-{i:05d}.parquet"
        pseudo.pseudonymise_frame(v.accepted, name).to_parquet(
            part, index=False, compression="zstd"
        )
        parts.append(part)

    final = staging / f"{name}.parquet"
    dups = _cross_chunk_duplicates(con, name, parts) if len(parts) > 1 else pd.DataFrame()
    if not dups.empty:
        reason = duplicate_reason(name)
        quarantined.append(quarantine_rows(dups, np.full(len(dups), reason, dtype=object), name))
        reasons[reason] += len(dups)
        accepted -= len(dups)
    if len(parts) == 1:
        parts[0].replace(final)
    else:
        _combine_parts(con, parts, final, drop_rows=dups[ROW_COLUMN] if not dups.empty else None)
    shutil.rmtree(parts_dir, ignore_errors=True)

    q = pd.concat(quarantined, ignore_index=True) if quarantined else pd.DataFrame()
    q = q.reindex(columns=quarantine_columns(name)).sort_values(ROW_COLUMN, kind="stable")
    q = q.astype({c: "str" for c in q.columns if c != ROW_COLUMN}).astype({ROW_COLUMN: "int64"})
    q.to_parquet(staging / QUARANTINE_DIR / f"{name}.parquet", index=False, compression="zstd")
    if rows_in != accepted + len(q):
        raise AssertionError(
            f"{name}: rows in {rows_in} != {accepted} accepted + {len(q)} quarantined"
        )

    assert counts is not None  # iter_source yields at least one chunk or raises
    report = SourceReport(
        name=name,
        file=_display_path(sf),
        format=sf.format,
        encoding=sf.encoding,
        sha256=sf.sha256,
        size_bytes=sf.size_bytes,
        rows_in=rows_in,
        accepted=accepted,
        quarantined=len(q),
        reasons=dict(reasons.most_common()),
        date_column=MAIN_DATE[name],
        date_min=None,
        date_max=None,
        columns=[
            ColumnCounts(str(col), int(r["non_null"]), int(r["invalid"]))
            for col, r in counts.iterrows()
        ],
        ignored_columns=list(sf.ignored_columns),
    )
    check = None
    if info.parent is not None:
        fk, parent = info.parent
        check = IntegrityCheck(name, parent, fk, fk_checked, orphans)
    all_keys = pa.chunked_array(keys, type=pa.large_string()).combine_chunks()
    return report, check, all_keys


def _cross_chunk_duplicates(
    con: duckdb.DuckDBPyConnection, name: str, parts: list[Path]
) -> pd.DataFrame:
    """Accepted rows whose key already appeared in an earlier chunk (the first stays accepted)."""
    key = ", ".join(_q(k) for k in SOURCES[name].key)
    files = _files(parts)
    return con.execute(
        f"""
        with rows as (select * from read_parquet({files})),
             repeated as (
                select {key}, min({ROW_COLUMN}) as first_row
                from rows group by {key} having count(*) > 1
             )
        select rows.* from rows join repeated using ({key})
        where rows.{ROW_COLUMN} <> repeated.first_row
        order by rows.{ROW_COLUMN}
        """
    ).df()


def _combine_parts(
    con: duckdb.DuckDBPyConnection, parts: list[Path], final: Path, drop_rows: pd.Series | None
) -> None:
    files = _files(parts)
    if drop_rows is None or drop_rows.empty:
        sql = f"select * from read_parquet({files})"
    else:
        dropped = pd.DataFrame({ROW_COLUMN: drop_rows.to_numpy(dtype="int64")})
        con.register("dropped_rows", dropped)
        sql = f"select * from read_parquet({files}) anti join dropped_rows using ({ROW_COLUMN})"
    order = "" if drop_rows is None or drop_rows.empty else f" order by {ROW_COLUMN}"
    con.execute(f"copy ({sql}{order}) to {_lit(final)} ({PARQUET})")
    if drop_rows is not None and not drop_rows.empty:
        con.unregister("dropped_rows")


def _date_range(
    con: duckdb.DuckDBPyConnection, staging: Path, name: str
) -> tuple[str | None, str | None]:
    col = MAIN_DATE[name]
    table = _lit(staging / f"{name}.parquet")
    sql = f"select min({_q(col)}), max({_q(col)}) from read_parquet({table})"
    lo, hi = con.execute(sql).fetchone()
    if lo is None:
        return None, None
    if RULES[name][col].kind == "int":  # fiscal years: the whole year
        return f"{int(lo)}-01-01", f"{int(hi)}-12-31"
    return _iso(lo, RULES[name][col].kind == "date"), _iso(hi, RULES[name][col].kind == "date")


def _iso(value: Any, day_only: bool) -> str:
    ts = pd.Timestamp(value)
    return ts.date().isoformat() if day_only else ts.isoformat(sep=" ")


# Conformed tables -------------------------------------------------------------------------------


def _infer_outcomes(con: duckdb.DuckDBPyConnection, staging: Path, params: RunParams) -> None:
    """Rewrite applications with the journey outcome: raw in_progress gone quiet → abandoned.

    An open application whose last activity (last stage event; without any, submission or
    start) is more than `abandon_after_days` before `as_of` counts as abandoned; the source's
    own value stays in `outcome_raw`.
    """
    apps = staging / "applications.parquet"
    tmp = staging / "applications.outcome.parquet"
    as_of = f"date '{params.as_of.isoformat()}'"
    con.execute(
        f"""
        copy (
          with last_stage as (
            select application_id, max(ts) as last_stage_at
            from read_parquet({_lit(staging / "stage_events.parquet")}) group by application_id
          ),
          apps as (
            select a.*, coalesce(l.last_stage_at, a.submitted_at, a.started_at) as last_activity_at
            from read_parquet({_lit(apps)}) a left join last_stage l using (application_id)
          )
          select * replace (
                   case when outcome = 'in_progress'
                         and date_diff('day', cast(last_activity_at as date), {as_of})
                             > {int(params.abandon_after_days)}
                        then 'abandoned' else outcome end as outcome
                 ),
                 outcome as outcome_raw
          from apps order by {ROW_COLUMN}
        ) to {_lit(tmp)} ({PARQUET})
        """
    )
    tmp.replace(apps)


def _build_journey_log(con: duckdb.DuckDBPyConnection, staging: Path) -> int:
    """One row per stage event with the case's attributes and outcome, in case and time order."""
    stage_order = _case_order("s.stage", STAGES)
    con.execute(
        f"""
        copy (
          select s.application_id, a.client_id, s.stage, s.status, s.ts,
                 a.product, a.channel, a.branch_id, a.form_version, a.n_form_fields,
                 a.personalised, a.outcome
          from read_parquet({_lit(staging / "stage_events.parquet")}) s
          join read_parquet({_lit(staging / "applications.parquet")}) a using (application_id)
          order by s.application_id, s.ts, {stage_order},
                   case s.status when 'entered' then 0 else 1 end
        ) to {_lit(staging / "journey_log.parquet")} ({PARQUET})
        """
    )
    return _count(con, staging / "journey_log.parquet")


def _build_client_360(con: duckdb.DuckDBPyConnection, staging: Path, params: RunParams) -> int:
    """One row per accepted client: firmographics, latest financials and credit, behaviour,
    applications and loans, satisfaction."""
    p = {name: _lit(staging / f"{name}.parquet") for name in SOURCES}
    as_of = params.as_of.isoformat()
    window_start = f"(date '{as_of}' + interval 1 day - interval 12 month)"
    window_end = f"(date '{as_of}' + interval 1 day)"
    channels = ("web", "app", "wechat", "call_centre")
    kinds = ("rm_meeting", "branch_visit", "phone_call", "site_visit")
    channel_cols = ",\n".join(
        f"count(*) filter (where channel = '{c}') / count(*) as share_{c}_12m" for c in channels
    )
    kind_cols = ",\n".join(
        f"count(*) filter (where kind = '{k}' and recent) as n_{k}_12m" for k in kinds
    )
    class_rank = _case_order("lp.classification", CLASSIFICATIONS)
    classes = ", ".join(f"'{c}'" for c in CLASSIFICATIONS)
    npl = ", ".join(f"'{c}'" for c in NPL_CLASSES)
    outcomes = ("disbursed", "declined", "withdrawn", "abandoned", "in_progress")
    outcome_cols = ",\n".join(f"count(*) filter (where outcome = '{o}') as n_{o}" for o in outcomes)
    con.execute(
        f"""
        copy (
          with fin as (
            select f.*, prev.revenue as prev_revenue
            from read_parquet({p["financials"]}) f
            left join read_parquet({p["financials"]}) prev
              on prev.client_id = f.client_id and prev.fiscal_year = f.fiscal_year - 1
            where f.fiscal_year <= {params.as_of.year}
            qualify row_number() over (partition by f.client_id order by f.fiscal_year desc) = 1
          ),
          credit as (
            select * from read_parquet({p["credit_history"]})
            qualify row_number() over (partition by client_id order by as_of_date desc) = 1
          ),
          digital as (
            select client_id,
                   count(*) as n_digital_events_12m,
                   count(distinct session_id) as n_sessions_12m,
                   {channel_cols}
            from read_parquet({p["digital_events"]})
            where ts >= {window_start} and ts < {window_end}
            group by client_id
          ),
          offline as (
            select client_id,
                   count(*) as n_interactions,
                   count(*) filter (where recent) as n_interactions_12m,
                   sum(duration_min) filter (where recent) as interaction_minutes_12m,
                   {kind_cols}
            from (select *, ts >= {window_start} and ts < {window_end} as recent
                  from read_parquet({p["interactions"]}))
            group by client_id
          ),
          apps as (
            select client_id,
                   count(*) as n_applications,
                   {outcome_cols},
                   min(started_at) as first_application_at,
                   max(started_at) as last_application_at
            from read_parquet({p["applications"]})
            group by client_id
          ),
          loan_months as (
            select a.client_id, lp.application_id, lp.month, lp.balance, lp.dpd,
                   {class_rank} as class_rank
            from read_parquet({p["loan_performance"]}) lp
            join read_parquet({p["applications"]}) a using (application_id)
          ),
          loans as (
            select client_id,
                   count(distinct application_id) as n_loans,
                   max(class_rank) as worst_rank,
                   max(dpd) as max_dpd
            from loan_months group by client_id
          ),
          balances as (
            select client_id, sum(balance) as outstanding_balance
            from (select * from loan_months
                  qualify row_number() over (partition by application_id order by month desc) = 1)
            group by client_id
          ),
          surveys as (
            select client_id, count(*) as n_survey_responses,
                   avg(csat) as mean_csat, avg(nps) as mean_nps
            from read_parquet({p["surveys"]}) group by client_id
          )
          select
            c.client_id, c.industry, c.high_tech, c.province, c.region, c.founded_on,
            date_diff('day', c.founded_on, date '{as_of}') / 365.25 as firm_age_years,
            c.employees, c.ownership, c.listed, c.home_branch_id,
            fin.fiscal_year, fin.revenue, fin.net_profit, fin.total_assets,
            fin.total_liabilities, fin.current_assets, fin.current_liabilities,
            fin.operating_cash_flow, fin.interest_expense,
            fin.total_liabilities / nullif(fin.total_assets, 0) as leverage,
            fin.current_assets / nullif(fin.current_liabilities, 0) as current_ratio,
            (fin.net_profit + fin.interest_expense) / nullif(fin.interest_expense, 0)
              as interest_cover,
            fin.net_profit / nullif(fin.revenue, 0) as net_margin,
            fin.revenue / nullif(fin.prev_revenue, 0) - 1 as revenue_growth,
            credit.as_of_date as credit_as_of, credit.internal_rating, credit.bureau_score,
            credit.past_loans, credit.max_dpd_24m, credit.defaulted_before, credit.inquiries_6m,
            coalesce(digital.n_digital_events_12m, 0) as n_digital_events_12m,
            coalesce(digital.n_sessions_12m, 0) as n_sessions_12m,
            {", ".join(f"digital.share_{c}_12m" for c in channels)},
            coalesce(offline.n_interactions, 0) as n_interactions,
            coalesce(offline.n_interactions_12m, 0) as n_interactions_12m,
            coalesce(offline.interaction_minutes_12m, 0) as interaction_minutes_12m,
            {", ".join(f"coalesce(offline.n_{k}_12m, 0) as n_{k}_12m" for k in kinds)},
            coalesce(apps.n_applications, 0) as n_applications,
            {", ".join(f"coalesce(apps.n_{o}, 0) as n_{o}" for o in outcomes)},
            apps.first_application_at, apps.last_application_at,
            coalesce(loans.n_loans, 0) as n_loans,
            balances.outstanding_balance,
            ([{classes}])[loans.worst_rank] as worst_classification,
            case when loans.worst_rank is null then null
                 else ([{classes}])[loans.worst_rank] in ({npl}) end as npl,
            loans.max_dpd,
            coalesce(surveys.n_survey_responses, 0) as n_survey_responses,
            surveys.mean_csat, surveys.mean_nps
          from read_parquet({p["clients"]}) c
          left join fin using (client_id)
          left join credit using (client_id)
          left join digital using (client_id)
          left join offline using (client_id)
          left join apps using (client_id)
          left join loans using (client_id)
          left join balances using (client_id)
          left join surveys using (client_id)
          order by c.{ROW_COLUMN}
        ) to {_lit(staging / "client_360.parquet")} ({PARQUET})
        """
    )
    return _count(con, staging / "client_360.parquet")


# Plumbing ---------------------------------------------------------------------------------------


def _duckdb(staging: Path) -> duckdb.DuckDBPyConnection:
    tmp = staging / "_duckdb_tmp"
    tmp.mkdir(exist_ok=True)
    return duckdb.connect(
        config={
            "memory_limit": DUCKDB_MEMORY_LIMIT,
            "temp_directory": str(tmp),
            "threads": max(1, min(4, os.cpu_count() or 1)),
            "preserve_insertion_order": True,
        }
    )


def _publish(staging: Path, processed: Path) -> None:
    """Move the staged tables into place; the report is written last, by the caller."""
    (processed / REPORT_FILE).unlink(missing_ok=True)  # no report = nothing current
    (processed / QUARANTINE_DIR).mkdir(exist_ok=True)
    for name in (*SOURCES, *CONFORMED):
        (staging / f"{name}.parquet").replace(processed / f"{name}.parquet")
    for name in SOURCES:
        src = staging / QUARANTINE_DIR / f"{name}.parquet"
        src.replace(processed / QUARANTINE_DIR / f"{name}.parquet")


def _write_report(result: IntegrationResult, path: Path) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(
        json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=_json_default),
        encoding="utf-8",
    )
    tmp.replace(path)


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, np.integer | np.floating):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _read_processed(params: RunParams, name: str) -> pd.DataFrame:
    path = params.processed_dir / f"{name}.parquet"
    if not path.is_file():
        raise InputError(path, "not integrated yet: run `journey integrate` first")
    return read_table(path)


_NULLABLE_TYPES = {
    pa.int8(): pd.Int64Dtype(),
    pa.int16(): pd.Int64Dtype(),
    pa.int32(): pd.Int64Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


def read_table(path: Path) -> pd.DataFrame:
    """A processed Parquet table with the contract's dtypes: integers stay integers and
    booleans stay booleans even where values are missing (Int64, boolean)."""
    return pq.read_table(path).to_pandas(types_mapper=_NULLABLE_TYPES.get)


def _display_path(sf: SourceFile) -> str:
    try:
        return sf.path.resolve().relative_to(project_root()).as_posix()
    except ValueError:
        return sf.path.as_posix()


def _count(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    return int(con.execute(f"select count(*) from read_parquet({_lit(path)})").fetchone()[0])


def _case_order(expr: str, values: tuple[str, ...]) -> str:
    whens = " ".join(f"when '{v}' then {i}" for i, v in enumerate(values, start=1))
    return f"(case {expr} {whens} end)"


def _files(parts: list[Path]) -> str:
    return "[" + ", ".join(_lit(p) for p in parts) + "]"


def _lit(path: Path) -> str:
    return "'" + path.as_posix().replace("'", "''") + "'"


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


@contextmanager
def _timed(seconds: dict[str, float], step: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        seconds[step] = round(time.perf_counter() - t0, 3)
