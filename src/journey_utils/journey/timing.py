"""Stage timing with censoring: stage durations, time between stages and time to decision as
Kaplan–Meier quantiles (statsmodels), survival curves by group and a log-rank test.

Open cases are never dropped: a spell that has not ended is censored — at `as_of` when its case
is still `in_progress`, otherwise at the case's last event (the case ended there). A loan's
`post_loan` stage of a disbursed case is still running, so it is censored at `as_of` too.
Quantiles follow statsmodels (the SAS convention): the median is the first time at which the
share still waiting falls strictly below one half.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from scipy.stats import norm
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

from journey_utils.catalog import STAGES
from journey_utils.errors import InputError
from journey_utils.i18n import data_name
from journey_utils.journey.cases import LAST_ACTIVITY, require_columns
from journey_utils.journey.masking import EVERY_GROUP, drop_groups, mask_groups
from journey_utils.journey.messages import MESSAGES
from journey_utils.plotting import PALETTE, header, interval_err, new_figure, pct_axis
from journey_utils.vocabulary import stage_label

DAY = pd.Timedelta(days=1)
QUANTILES: tuple[tuple[float, str], ...] = ((0.5, "median"), (0.75, "p75"), (0.9, "p90"))
"""The KM quantiles every timing table reports, as (share completed, column prefix)."""

DECISION = "decision"
"""`event` name for the approval stage's completion (the credit decision)."""

ALPHA = 0.05
MAX_VISITS = 1024
"""Most visits of one stage in one case that the pairing of entries and completions supports."""

DURATION_SUMMARY: tuple[str, ...] = (
    "visits",
    "completed",
    "censored",
    "median",
    "median_low",
    "median_high",
    "p75",
    "p90",
    "naive_median",
)
"""The statistics the report's stage-duration table shows (`summary=True`): the counts, the KM
median with its interval, P75 and P90 without theirs, and the naive median."""

CHART_LEAVES_OUT: tuple[str, ...] = ("post_loan",)
"""Stages the stage-duration chart leaves out: post-loan lasts as long as the loan itself, so it
is in the table but not on the chart's scale."""


# Input checks -----------------------------------------------------------------------------------


def as_timestamp(as_of: date | datetime | str | pd.Timestamp) -> pd.Timestamp:
    """`as_of` as a naive Timestamp (a date means its midnight)."""
    try:
        ts = pd.Timestamp(as_of)
    except (TypeError, ValueError) as exc:
        raise InputError("as_of", f"not a date: {as_of!r}") from exc
    if ts is pd.NaT or pd.isna(ts):
        raise InputError("as_of", "missing (NaT)")
    return ts.tz_localize(None) if ts.tzinfo is not None else ts


def censoring_time(as_of: date | datetime | str | pd.Timestamp) -> pd.Timestamp:
    """When open spells are censored: the end of the `as_of` day for a date (its events count,
    as in the log's input rules), the moment itself for a timestamp with a time of day."""
    ts = as_timestamp(as_of)
    is_plain_date = isinstance(as_of, date) and not isinstance(as_of, datetime)
    if is_plain_date or (isinstance(as_of, str) and len(as_of.strip()) == 10):
        return ts + pd.Timedelta(days=1)
    return ts


def group_columns(by: str | Sequence[str] | None) -> list[str]:
    """`by` as a list of column names (None -> no grouping)."""
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _check_log(log: pd.DataFrame, by: list[str], as_of: pd.Timestamp) -> None:
    """Stop on missing columns, unknown stages or statuses, and events after `as_of`."""
    require_columns(log, ["application_id", "stage", "status", "ts", "outcome", *by])
    bad_stage = sorted(set(log["stage"].dropna().unique()) - set(STAGES))
    if bad_stage or log["stage"].isna().any():
        shown = ", ".join(map(str, bad_stage[:5])) or "missing"
        raise InputError(
            "journey log", f"unknown stage(s) {shown} (valid: {', '.join(STAGES)})", column="stage"
        )
    bad_status = sorted(set(log["status"].dropna().unique()) - {"entered", "completed"})
    if bad_status or log["status"].isna().any():
        shown = ", ".join(map(str, bad_status[:5])) or "missing"
        raise InputError(
            "journey log", f"unknown status {shown} (valid: entered, completed)", column="status"
        )
    if log["ts"].isna().any() or log["outcome"].isna().any():
        column = "ts" if log["ts"].isna().any() else "outcome"
        raise InputError("journey log", f"missing {column} values", column=column)
    late = int((log["ts"] > as_of).sum())
    if late:
        raise InputError(
            "journey log",
            f"{late:,} event(s) after as_of {as_of:%Y-%m-%d %H:%M}; validate the log first",
            column="ts",
        )


def _check_stage(stage: str, what: str) -> None:
    if stage not in STAGES:
        raise InputError(what, f"unknown stage '{stage}' (valid: {', '.join(STAGES)})")


# Spells: one row per timed interval -------------------------------------------------------------


def _case_frame(log: pd.DataFrame, codes: np.ndarray, by: list[str]) -> pd.DataFrame:
    """One row per case code: outcome, last event and the grouping attributes (first value)."""
    outcome_code, outcomes = pd.factorize(log["outcome"])
    last = log["ts"]
    if LAST_ACTIVITY in log.columns:  # a case that stopped mid-stage was last touched here
        last = log[LAST_ACTIVITY].astype(last.dtype).where(lambda t: t > last, last)
    frame = pd.DataFrame({"outcome": outcome_code, "last_ts": last.to_numpy()})
    grouped = frame.groupby(codes, sort=True)
    cases = pd.DataFrame(
        {
            "outcome": np.asarray(outcomes, dtype=object)[grouped["outcome"].first().to_numpy()],
            "last_ts": grouped["last_ts"].max(),
        }
    )
    if by:
        cases = cases.join(log[by].groupby(codes, sort=True).first())
    return cases


def _censor_time(
    outcome: pd.Series, last_ts: pd.Series, as_of: pd.Timestamp, running: np.ndarray | None = None
) -> pd.Series:
    """Where an unfinished spell is censored: as_of for open (or running) ones, else last event."""
    open_ = outcome.eq("in_progress").to_numpy()
    if running is not None:
        open_ = open_ | running
    return last_ts.mask(open_, as_of)


def stage_visits(
    log: pd.DataFrame, as_of: date | datetime | str, by: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per stage visit (k-th entry paired with k-th completion of that stage in a case):
    application_id, stage, visit, entered, ended, days, completed (False = censored), `by`."""
    keys = group_columns(by)
    cutoff = censoring_time(as_of)
    _check_log(log, keys, cutoff)
    codes, ids = pd.factorize(log["application_id"], sort=False)
    stage_code, stage_names = pd.factorize(log["stage"])
    stage_code = np.array([STAGES.index(x) for x in stage_names])[stage_code]
    key = codes.astype(np.int64) * len(STAGES) + stage_code
    ts = log["ts"].to_numpy()
    is_done = (log["status"] == "completed").to_numpy(bool)
    ent_key, ent_ts = _numbered(key, ts, ~is_done)
    done_key, done_ts = _numbered(key, ts, is_done)
    pos = np.minimum(np.searchsorted(done_key, ent_key), max(len(done_key) - 1, 0))
    completed = (done_key[pos] == ent_key) if len(done_key) else np.zeros(len(ent_key), bool)
    case = ent_key // (len(STAGES) * MAX_VISITS)
    stage = (ent_key // MAX_VISITS) % len(STAGES)
    info = _case_frame(log, codes, keys).reindex(case).reset_index(drop=True)
    running = (stage == STAGES.index("post_loan")) & (info["outcome"].to_numpy() == "disbursed")
    censor = _censor_time(info["outcome"], info["last_ts"], cutoff, running)
    entered = pd.Series(ent_ts)
    ended = pd.Series(done_ts[pos] if len(done_ts) else ent_ts).where(completed, censor)
    out = pd.DataFrame(
        {
            "application_id": ids.take(case),
            "stage": pd.Categorical.from_codes(stage, categories=list(STAGES), ordered=True),
            "visit": ent_key % MAX_VISITS + 1,
            "entered": entered,
            "ended": ended,
            "days": (ended - entered) / DAY,
            "completed": completed,
        }
    )
    for col in keys:
        out[col] = info[col].to_numpy()
    _check_negative(out, "stage visit(s) completed before they were entered")
    out.attrs["unmatched_completions"] = int(len(done_key) - completed.sum())
    return out


def _numbered(key: np.ndarray, ts: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Events in `mask` sorted by (case-stage key, ts), keyed key * MAX_VISITS + visit number."""
    idx = np.flatnonzero(mask)
    idx = idx[np.argsort(key[idx], kind="stable")]  # a log in case-time order stays in time order
    k, t = key[idx], ts[idx].view("int64")
    if np.any((k[1:] == k[:-1]) & (t[1:] < t[:-1])):
        idx = np.flatnonzero(mask)
        idx = idx[np.argsort(ts[idx].view("int64"), kind="stable")]
        idx = idx[np.argsort(key[idx], kind="stable")]
        k = key[idx]
    start = np.r_[True, k[1:] != k[:-1]] if len(k) else np.zeros(0, bool)
    first = np.maximum.accumulate(np.where(start, np.arange(len(k)), 0)) if len(k) else k
    visit = np.arange(len(k)) - first
    if len(visit) and visit.max() >= MAX_VISITS:
        raise InputError("journey log", f"a stage entered more than {MAX_VISITS} times in a case")
    return k * MAX_VISITS + visit, ts[idx]


def _check_negative(spells: pd.DataFrame, what: str) -> None:
    """Stop when a spell ends before it starts (events out of order within a case)."""
    bad = spells["days"] < 0
    if bad.any():
        first = spells.loc[bad, "application_id"].iloc[0]
        raise InputError("journey log", f"{int(bad.sum()):,} {what} (first: case {first})")


def _first_times(
    log: pd.DataFrame, codes: np.ndarray, stage: str, status: str, n_cases: int
) -> pd.Series:
    """Per case code: first ts of `stage` with `status` (NaT if none)."""
    mask = ((log["stage"] == stage) & (log["status"] == status)).to_numpy()
    first = pd.Series(log["ts"].to_numpy()[mask]).groupby(codes[mask]).min()
    return first.reindex(range(n_cases))


def spells_between(
    log: pd.DataFrame,
    as_of: date | datetime | str,
    start_stage: str = "application",
    event: str = DECISION,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per case that entered `start_stage`: days from its first entry to `event` (the
    first entry of a stage, or "decision" = the approval stage's first completion, or for a
    declined case without one its last activity), censored
    when the event has not happened (at as_of for open cases, else at the last event)."""
    keys = group_columns(by)
    cutoff = censoring_time(as_of)
    _check_log(log, keys, cutoff)
    _check_stage(start_stage, "start stage")
    if event != DECISION:
        _check_stage(event, "event")
        if STAGES.index(event) <= STAGES.index(start_stage):
            raise InputError(
                "event", f"stage '{event}' does not come after '{start_stage}' in the journey"
            )
    codes, ids = pd.factorize(log["application_id"], sort=False)
    cases = _case_frame(log, codes, keys)
    start = _first_times(log, codes, start_stage, "entered", len(ids))
    if event == DECISION:
        stop = _first_times(log, codes, "approval", "completed", len(ids))
        # a decline is a decision even when the log has no approval event for it (event logs
        # often record the refusal alone): it is then dated by the case's last activity
        declined = cases["outcome"].eq("declined").to_numpy() & stop.isna().to_numpy()
        stop = stop.mask(declined, cases["last_ts"])
    else:
        stop = _first_times(log, codes, event, "entered", len(ids))
    keep = start.notna().to_numpy()
    cases, start, stop = cases[keep], start[keep], stop[keep]
    reached = stop.notna()
    ended = stop.where(reached, _censor_time(cases["outcome"], cases["last_ts"], cutoff))
    out = pd.DataFrame(
        {
            "application_id": np.asarray(ids, dtype=object)[cases.index.to_numpy()],
            "outcome": cases["outcome"].to_numpy(),
            "start": start.to_numpy(),
            "ended": ended.to_numpy(),
            "days": ((ended - start) / DAY).to_numpy(),
            "reached": reached.to_numpy(),
        }
    )
    for col in keys:
        out[col] = cases[col].to_numpy()
    _check_negative(out, f"case(s) reach {event} before {start_stage}")
    return out


# Kaplan–Meier summaries -------------------------------------------------------------------------


def _finite(value: float) -> float:
    return float(value) if np.isfinite(value) else np.nan


def km_quantiles(days: np.ndarray, event: np.ndarray) -> dict[str, float]:
    """KM median / P75 / P90 with 95% intervals (NaN when not reached within the follow-up)."""
    out: dict[str, float] = {}
    if len(days) == 0 or not np.any(event):
        for _, name in QUANTILES:
            out.update({name: np.nan, f"{name}_low": np.nan, f"{name}_high": np.nan})
        return out
    sf = SurvfuncRight(np.asarray(days, float), np.asarray(event, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, name in QUANTILES:
            low, high = sf.quantile_ci(p, alpha=ALPHA)
            out[name] = _finite(sf.quantile(p))
            out[f"{name}_low"] = _finite(low)
            out[f"{name}_high"] = _finite(high)
    return out


def _summarise(
    spells: pd.DataFrame, keys: list[str], event_col: str, names: tuple[str, str, str]
) -> pd.DataFrame:
    """Per group: count, events, censored, KM quantiles and the naive median of events only."""
    rows = []
    groups = (
        spells.groupby(keys, sort=True, dropna=False, observed=True) if keys else [((), spells)]
    )
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        days = part["days"].to_numpy(float)
        event = part[event_col].to_numpy(bool)
        row = dict(zip(keys, key, strict=True))
        row[names[0]] = len(part)
        row[names[1]] = int(event.sum())
        row[names[2]] = int((~event).sum())
        row.update(km_quantiles(days, event))
        row["naive_median"] = float(np.median(days[event])) if event.any() else np.nan
        rows.append(row)
    columns = [*keys, *names, *km_quantiles(np.array([]), np.array([])), "naive_median"]
    table = pd.DataFrame(rows, columns=columns)
    for col in names:
        table[col] = table[col].astype("int64")
    return table


def stage_durations_table(
    log: pd.DataFrame,
    as_of: date | datetime | str,
    by: str | Sequence[str] | None = None,
    *,
    min_cell_size: int,
    summary: bool = False,
) -> pd.DataFrame:
    """Days per stage visit by stage (and group): visits, completed, censored, KM median / P75 /
    P90 with 95% intervals, and `naive_median` (completed visits only, biased low: reference).
    `summary=True` keeps only DURATION_SUMMARY; rows with fewer than `min_cell_size` visits are
    masked (`mask_groups`; 1: every row)."""
    keys = group_columns(by)
    visits = stage_visits(log, as_of, keys)
    table = _summarise(visits, [*keys, "stage"], "completed", ("visits", "completed", "censored"))
    table["stage"] = table["stage"].astype(str)
    statistics = DURATION_SUMMARY if summary else table.columns.drop(["stage", *keys])
    table = table[["stage", *keys, *statistics]]
    return mask_groups(table, "visits", min_cell_size=min_cell_size)


def time_between_table(
    log: pd.DataFrame,
    from_stage: str,
    to_stage: str,
    as_of: date | datetime | str,
    by: str | Sequence[str] | None = None,
    *,
    min_cell_size: int,
) -> pd.DataFrame:
    """Days from the first entry of `from_stage` to the first entry of `to_stage`, cases that
    reached `from_stage`: cases, reached, censored, KM median / P75 / P90 with 95% intervals.
    Rows with fewer than `min_cell_size` cases are masked (`mask_groups`; 1: every row)."""
    keys = group_columns(by)
    spells = spells_between(log, as_of, from_stage, to_stage, keys)
    table = _summarise(spells, keys, "reached", ("cases", "reached", "censored"))
    table.insert(0, "to_stage", to_stage)
    table.insert(0, "from_stage", from_stage)
    return mask_groups(table, "cases", min_cell_size=min_cell_size)


def time_to_decision_table(
    log: pd.DataFrame,
    as_of: date | datetime | str,
    by: str | Sequence[str] | None = None,
    *,
    min_cell_size: int,
) -> pd.DataFrame:
    """Days from application start (first `application` entry) to the decision (first completion
    of `approval`; declined cases end there too): cases, decided, censored, KM quantiles; rows
    with fewer than `min_cell_size` cases masked (`mask_groups`; 1: every row).

    Open cases are censored at as_of; withdrawn / abandoned cases at their last event. The
    quantiles are thus the time to decision "if nobody dropped out" (a standard choice); who
    drops out, where and when is the competing-risk view of `dropoff.dropoff_table`.
    """
    keys = group_columns(by)
    spells = spells_between(log, as_of, "application", DECISION, keys)
    table = _summarise(spells, keys, "reached", ("cases", "decided", "censored"))
    return mask_groups(table, "cases", min_cell_size=min_cell_size)


def decision_times(log: pd.DataFrame, as_of: date | datetime | str) -> pd.DataFrame:
    """`time_to_decision_table` of every case (the reading's figures), or an empty table when the
    log has no application stage: then there is no start to time the decision from, and
    `timing_reading` reads the stages alone."""
    if "application" not in set(log["stage"].unique()):
        return pd.DataFrame()
    return time_to_decision_table(log, as_of, min_cell_size=EVERY_GROUP)


# Survival curves --------------------------------------------------------------------------------


def _curve(days: np.ndarray, event: np.ndarray, step_days: float | None) -> pd.DataFrame:
    """KM steps of one group at event times (or on a grid), with pointwise log-log 95% bands."""
    sf = SurvfuncRight(np.asarray(days, float), np.asarray(event, float))
    times = np.asarray(sf.surv_times, float)
    if step_days is None:
        grid = np.r_[0.0, times]
    else:
        grid = np.arange(0.0, float(days.max()) + step_days, step_days)
    idx = np.searchsorted(times, grid, side="right") - 1
    surv = np.where(idx >= 0, np.asarray(sf.surv_prob)[np.maximum(idx, 0)], 1.0)
    se = np.where(idx >= 0, np.asarray(sf.surv_prob_se)[np.maximum(idx, 0)], 0.0)
    z = norm.ppf(1 - ALPHA / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = z * se / (surv * np.log(surv))
        a, b = surv ** np.exp(spread), surv ** np.exp(-spread)
    inside = (surv > 0) & (surv < 1) & np.isfinite(spread)
    low = np.where(inside, np.minimum(a, b), surv)
    high = np.where(inside, np.maximum(a, b), surv)
    ordered = np.sort(days)
    at_risk = len(days) - np.searchsorted(ordered, grid, side="left")
    median = float(sf.quantile(0.5))  # exact KM median, the one the tables report
    return pd.DataFrame(
        {"days": grid, "survival": surv, "low": low, "high": high, "at_risk": at_risk,
         "median": median}
    )  # fmt: skip


def _spells_for(
    log: pd.DataFrame,
    as_of: date | datetime | str,
    by: list[str],
    start_stage: str,
    event: str,
) -> tuple[pd.DataFrame, str]:
    """Spells of a survival view: stage visits when event == "completed", else between stages."""
    if event == "completed":
        visits = stage_visits(log, as_of, by)
        return visits[visits["stage"] == start_stage].reset_index(drop=True), "completed"
    return spells_between(log, as_of, start_stage, event, by), "reached"


def survival_table(
    log: pd.DataFrame,
    as_of: date | datetime | str,
    by: str | Sequence[str] | None = None,
    start_stage: str = "application",
    event: str = DECISION,
    step_days: float | None = 0.25,
    *,
    min_cell_size: int,
) -> pd.DataFrame:
    """KM curve as tidy steps (group, days, survival, low, high, at_risk): survival = share of
    cases still waiting for `event` ("decision", a later stage's entry, or "completed" = the
    end of the visits of `start_stage`) `days` after entering `start_stage`. On a grid of
    `step_days` (None: at every event time). Steps with fewer than `min_cell_size` cases at
    risk are left out, so a chart may draw the rest (`drop_groups`; 1: every step)."""
    keys = group_columns(by)
    _check_stage(start_stage, "start stage")
    spells, event_col = _spells_for(log, as_of, keys, start_stage, event)
    parts = []
    groups = spells.groupby(keys, sort=True, dropna=False) if keys else [((), spells)]
    for key, part in groups:
        if part.empty or not part[event_col].any():
            continue
        curve = _curve(part["days"].to_numpy(float), part[event_col].to_numpy(bool), step_days)
        label = key if isinstance(key, tuple) else (key,)
        curve.insert(0, "group", " / ".join(map(str, label)) if keys else "all")
        for col, value in zip(keys, label, strict=True):
            curve[col] = value
        parts.append(curve)
    if not parts:
        raise InputError("journey log", f"no case reaches '{event}' after '{start_stage}'")
    table = pd.concat(parts, ignore_index=True)
    table.attrs.update({"start_stage": start_stage, "event": event})
    return drop_groups(table, "at_risk", min_cell_size=min_cell_size)


def survival_difference(
    log: pd.DataFrame,
    as_of: date | datetime | str,
    by: str | Sequence[str],
    start_stage: str = "application",
    event: str = DECISION,
) -> pd.DataFrame:
    """Log-rank test (statsmodels `survdiff`) that the groups of `by` wait equally long: one row
    with groups, cases, events, chi2, df and p_value."""
    keys = group_columns(by)
    if not keys:
        raise InputError("by", "name at least one column to compare groups")
    spells, event_col = _spells_for(log, as_of, keys, start_stage, event)
    spells = spells.dropna(subset=keys)
    group = spells.groupby(keys, sort=True, observed=True).ngroup().to_numpy()
    n_groups = len(np.unique(group))
    if n_groups < 2:
        raise InputError("by", f"needs at least two groups, found {n_groups}")
    chi2, p_value = survdiff(
        spells["days"].to_numpy(float), spells[event_col].to_numpy(float), group
    )
    return pd.DataFrame(
        {
            "by": [", ".join(keys)],
            "start_stage": start_stage,
            "event": event,
            "groups": n_groups,
            "cases": len(spells),
            "events": int(spells[event_col].sum()),
            "chi2": float(chi2),
            "df": n_groups - 1,
            "p_value": float(p_value),
        }
    )


# Charts -----------------------------------------------------------------------------------------


def _median_days(part: pd.DataFrame) -> float | None:
    """Day a group's curve falls below one half (its KM median, exact where the table has it),
    or None when it never does."""
    below = part[part["survival"] < 0.5]
    if below.empty:
        return None
    exact = part["median"].iloc[0] if "median" in part.columns else np.nan
    return float(exact) if pd.notna(exact) else float(below["days"].iloc[0])


def plot_survival(table: pd.DataFrame, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Step curves of `survival_table` (share still waiting) by group, shaded 95% bands, each
    group's median marked where its curve falls below one half and stated once in the legend
    (medians days apart would stack as labels on the chart), fastest group first."""
    require_columns(table, ["group", "days", "survival", "low", "high"], "survival table")
    if ax is None:
        _, ax = new_figure()
    entries: list[tuple[float, int, Line2D, str]] = []
    for i, (name, part) in enumerate(table.groupby("group", sort=False)):
        colour = PALETTE[i % len(PALETTE)]
        shown = data_name(name, lang)  # product codes as words
        (line,) = ax.step(part["days"], part["survival"], where="post", color=colour, label=shown)
        ax.fill_between(
            part["days"], part["low"], part["high"], step="post", color=colour, alpha=0.15, lw=0
        )
        median = _median_days(part)
        if median is None:
            entries.append((np.inf, i, line, MESSAGES("survival_legend_open", lang, name=shown)))
            continue
        ax.plot([median, median], [0, 0.5], color=colour, ls=":", lw=1)
        ax.plot(median, 0.5, "o", color=colour, ms=5)
        words = MESSAGES("survival_legend_median", lang, name=shown, days=median)
        entries.append((median, i, line, words))
    ax.axhline(0.5, color="#999999", lw=0.8, ls="--")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(left=0)
    pct_axis(ax)
    ax.set_xlabel(MESSAGES("survival_axis_days", lang))
    ax.set_ylabel(MESSAGES("survival_axis_waiting", lang))
    if len(entries) > 1:
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        ax.legend([e[2] for e in entries], [e[3] for e in entries])
    elif entries and np.isfinite(entries[0][0]):  # one curve: its median beside its point
        median = entries[0][0]
        ax.annotate(
            MESSAGES("survival_median", lang, days=median),
            (median, 0.5),
            xytext=(5, 4),
            textcoords="offset points",
            color=PALETTE[0],
            fontsize=9,
        )
    return ax


def plot_stage_durations(
    table: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "en",
    leave_out: Sequence[str] = CHART_LEAVES_OUT,
) -> Axes:
    """KM median days per stage with its 95% interval (P90 as an open diamond), groups dodged:
    draws `stage_durations_table` without the stages of `leave_out` (by default post-loan, whose
    length is the loan's: see CHART_LEAVES_OUT)."""
    require_columns(table, ["stage", "median", "median_low", "median_high", "p90"], "stage table")
    table = table[~table["stage"].isin(leave_out)]
    if ax is None:
        _, ax = new_figure()
    seen = set(table["stage"].unique())
    stages = [s for s in STAGES if s in seen]
    keys = [c for c in table.columns if c not in _STAGE_TABLE_COLUMNS]
    label = (
        table[keys].astype(str).agg(" / ".join, axis=1) if keys else pd.Series("all", table.index)
    )
    names = list(dict.fromkeys(label))
    height = 0.8 / max(len(names), 1)
    for i, name in enumerate(names):
        part = table[label == name].set_index("stage").reindex(stages)
        y = np.arange(len(stages)) - 0.4 + height * (i + 0.5)
        colour = PALETTE[i % len(PALETTE)]
        med = part["median"].to_numpy(float)
        err = interval_err(med, part["median_low"], part["median_high"])
        ax.errorbar(med, y, xerr=err, fmt="o", color=colour, capsize=3, label=name)
        ax.plot(part["p90"], y, "D", mfc="none", color=colour, ms=5)
    ax.set_yticks(np.arange(len(stages)), [stage_label(s, lang) for s in stages])
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    ax.set_xlabel(MESSAGES("stage_days_axis", lang))
    if len(names) > 1:
        ax.legend()
    return ax


_STAGE_TABLE_COLUMNS = frozenset(
    ["stage", "visits", "completed", "censored", "naive_median"]
    + [f"{name}{suffix}" for _, name in QUANTILES for suffix in ("", "_low", "_high")]
)


DAY_COLUMNS: tuple[str, ...] = (
    "median", "median_low", "median_high", "p75", "p75_low", "p75_high",
    "p90", "p90_low", "p90_high", "naive_median",
)  # fmt: skip
"""The day columns of the Kaplan–Meier tables (stage durations, time to contract, to decision)."""


def day_headers(lang: str = "en") -> dict[str, str]:
    """Headers of the day columns with their unit, "Median (days)", for `rep.table(headers=)`."""
    unit = MESSAGES("unit_days", lang)
    return {column: f"{header(column, lang)}{unit}" for column in DAY_COLUMNS}
