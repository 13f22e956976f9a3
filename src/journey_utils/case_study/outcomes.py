"""Outcome metrics of a case study, one row per case: which unit, which period, treated or not,
before or after the start, and the value. Cases count only once their outcome is known (mature)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from journey_utils.case_study.covariates import case_covariates
from journey_utils.case_study.loans import loan_events, months_on_book_end
from journey_utils.case_study.messages import MESSAGES
from journey_utils.catalog import NPL_CLASSES
from journey_utils.integration.processed import load_processed
from journey_utils.membership import isin
from journey_utils.params.intervention import (
    ALL_OTHERS,
    MIN_PRE_PERIODS,
    CaseStudyError,
    InterventionSpec,
)
from journey_utils.params.run import RunParams

DAY = pd.Timedelta(days=1)
NPL_MONTHS = 12
EARLY_NPL_MONTHS = 6
"""Months on book of the early credit outcome (npl_6m)."""
MAX_LISTED = 12
"""Valid unit values a refusal lists before it says how many more there are."""
CASE_COLUMNS = ("unit", "period", "rel_period", "treated", "post", "value")


TABLE_NAMES: tuple[str, ...] = (
    "applications",
    "surveys",
    "loan_performance",
    "clients",
    "financials",
)


class CaseTables:
    """The processed tables the outcomes read (pseudonymised ids). Given as frames (clients and
    financials empty unless a study adjusts for covariates), or read from a run's processed data
    the first time an outcome needs each one (`load_case_tables`): at 2,000,000 clients the loan
    months alone are 18 M rows, which a study of application outcomes never reads."""

    def __init__(
        self,
        applications: pd.DataFrame,
        surveys: pd.DataFrame,
        loan_performance: pd.DataFrame,
        clients: pd.DataFrame | None = None,
        financials: pd.DataFrame | None = None,
    ) -> None:
        given = (applications, surveys, loan_performance, clients, financials)
        self._frames = {
            name: frame if frame is not None else pd.DataFrame()
            for name, frame in zip(TABLE_NAMES, given, strict=True)
        }
        self._params: RunParams | None = None

    @classmethod
    def stored(cls, params: RunParams) -> CaseTables:
        """The run's tables, each loaded on first use."""
        tables = cls.__new__(cls)
        tables._frames, tables._params = {}, params
        return tables

    def _table(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            assert self._params is not None
            self._frames[name] = load_processed(self._params, name)
        return self._frames[name]

    @property
    def applications(self) -> pd.DataFrame:
        return self._table("applications")

    @property
    def surveys(self) -> pd.DataFrame:
        return self._table("surveys")

    @property
    def loan_performance(self) -> pd.DataFrame:
        return self._table("loan_performance")

    @property
    def clients(self) -> pd.DataFrame:
        return self._table("clients")

    @property
    def financials(self) -> pd.DataFrame:
        return self._table("financials")


def load_case_tables(params: RunParams) -> CaseTables:
    """The run's processed applications, surveys, loan performance, clients and financials,
    each read when first needed."""
    return CaseTables.stored(params)


def _days(delta: pd.Series) -> pd.Series:
    return delta.dt.total_seconds() / 86_400


def _frame(apps: pd.DataFrame, value: pd.Series, ready: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_id": apps["client_id"].to_numpy(),
            "branch_id": apps["branch_id"].to_numpy(),
            "case_date": apps["started_at"].to_numpy(),
            "ready_at": ready.to_numpy(),
            "value": value.astype(float).to_numpy(),
        }
    )


def completion_cases(t: CaseTables, maturity_days: int) -> pd.DataFrame:
    """Started applications: 100 if submitted (so means are % and differences pp), else 0."""
    apps = t.applications[t.applications["started_at"].notna()]
    return _frame(
        apps, apps["submitted_at"].notna() * 100.0, apps["started_at"] + maturity_days * DAY
    )


def time_to_decision_cases(t: CaseTables, maturity_days: int) -> pd.DataFrame:
    """Decided applications: days from start to decision."""
    apps = t.applications[
        t.applications["decided_at"].notna() & t.applications["started_at"].notna()
    ]
    value = _days(apps["decided_at"] - apps["started_at"])
    return _frame(apps, value, apps["started_at"] + maturity_days * DAY)


def approval_time_cases(t: CaseTables, maturity_days: int) -> pd.DataFrame:
    """Decided applications: days from submission to decision (due diligence and approval)."""
    a = t.applications
    apps = a[a["decided_at"].notna() & a["submitted_at"].notna() & a["started_at"].notna()]
    value = _days(apps["decided_at"] - apps["submitted_at"])
    return _frame(apps, value, apps["started_at"] + maturity_days * DAY)


def acceptance_cases(t: CaseTables, maturity_days: int) -> pd.DataFrame:
    """Answered offers: 100 if accepted, else 0."""
    a = t.applications
    apps = a[a["offer_accepted"].notna() & a["started_at"].notna()]
    value = apps["offer_accepted"].astype(bool) * 100.0
    return _frame(apps, value, apps["started_at"] + maturity_days * DAY)


def csat_application_cases(t: CaseTables, maturity_days: int) -> pd.DataFrame:
    """Application-stage survey answers (CSAT 1–5), dated by their application's start."""
    surveys = t.surveys[(t.surveys["stage"] == "application") & t.surveys["csat"].notna()]
    apps = t.applications[t.applications["started_at"].notna()]
    cols = ["application_id", "client_id", "branch_id", "started_at"]
    joined = surveys[["application_id", "csat"]].merge(apps[cols], on="application_id")
    return _frame(joined, joined["csat"], joined["started_at"] + maturity_days * DAY)


def npl_12m_cases(t: CaseTables, maturity_days: int) -> pd.DataFrame:
    """Disbursed loans 12 months on book: 100 if substandard or worse within 12 months."""
    apps = t.applications[
        t.applications["disbursed_at"].notna() & t.applications["started_at"].notna()
    ]
    perf = t.loan_performance.merge(apps[["application_id", "disbursed_at"]], on="application_id")
    within = perf["month"] <= perf["disbursed_at"] + pd.DateOffset(months=NPL_MONTHS)
    bad = perf[within & perf["classification"].isin(NPL_CLASSES)]["application_id"].unique()
    value = pd.Series(isin(apps["application_id"], bad), index=apps.index) * 100.0
    ready = apps["disbursed_at"] + pd.DateOffset(months=NPL_MONTHS) + maturity_days * DAY
    return _frame(apps, value, ready)


def npl_6m_cases(t: CaseTables, maturity_days: int) -> pd.DataFrame:
    """Disbursed loans observed 6 months on book: 100 if NPL by then (the early credit outcome,
    readable half a year before npl_12m). A loan counts once its 6th month-end after the
    disbursement month has passed, NPL or not, so young vintages are not judged on their
    early defaults alone."""
    loans = loan_events(t.applications, t.loan_performance).reset_index()
    value = (loans["npl_mob"] <= EARLY_NPL_MONTHS) * 100.0
    ready = months_on_book_end(loans["disbursed_at"], EARLY_NPL_MONTHS) + maturity_days * DAY
    return _frame(loans, value, ready)


@dataclass(frozen=True)
class Outcome:
    """An outcome metric: the unit of its values and how its cases are built (its name and unit
    in words are the catalog's `outcome_name.<name>` and `outcome_unit.<unit>`)."""

    name: str
    unit: str
    cases: Callable[[CaseTables, int], pd.DataFrame]
    maturity_days: Callable[[RunParams], int]
    """Days a case needs (from its start; from 12 months on book for NPL) before it counts."""

    def display(self, lang: str = "en") -> str:
        """The outcome's name in the report language."""
        return MESSAGES(f"outcome_name.{self.name}", lang)

    def display_unit(self, lang: str = "en") -> str:
        """The unit of its values (pp, days, points) in the report language."""
        return MESSAGES(f"outcome_unit.{self.unit}", lang)


OUTCOMES: dict[str, Outcome] = {
    o.name: o
    for o in (
        Outcome("completion", "pp", completion_cases, lambda p: p.abandon_after_days),
        Outcome("time_to_decision", "days", time_to_decision_cases, lambda p: 90),
        Outcome("csat_application", "points", csat_application_cases,
                lambda p: p.abandon_after_days),
        Outcome("approval_time", "days", approval_time_cases, lambda p: 90),
        Outcome("acceptance", "pp", acceptance_cases, lambda p: 120),
        Outcome("npl_12m", "pp", npl_12m_cases, lambda p: 0),
        Outcome("npl_6m", "pp", npl_6m_cases, lambda p: 0),
    )
}  # fmt: skip
"""Registry of the outcomes a case study can measure (spec.outcomes names these)."""


def _period_ordinals(dates: pd.Series, freq: str) -> np.ndarray:
    return pd.PeriodIndex(pd.DatetimeIndex(dates), freq=freq).asi8


def _freq(spec: InterventionSpec) -> str:
    return "M" if spec.period == "month" else "Q"


def _window(spec: InterventionSpec) -> tuple[pd.Period, pd.Period, pd.Period]:
    freq = _freq(spec)
    start = pd.Period(spec.start, freq=freq)
    pre, post = spec.pre_periods, spec.post_periods
    first = start - pre if isinstance(pre, int) else pd.Period(pre, freq=freq)
    last = start + (post - 1) if isinstance(post, int) else pd.Period(post, freq=freq)
    return first, start, last


def _units(raw: pd.DataFrame, spec: InterventionSpec, units: pd.DataFrame | None) -> pd.Series:
    column = spec.unit_column
    if column == "branch_id":
        return raw["branch_id"].astype("string")
    if units is None or column not in units.columns:
        raise CaseStudyError(spec.name, f"unit {column!r} needs a table of client_id and {column}")
    labels = units.drop_duplicates("client_id").set_index("client_id")
    return raw["client_id"].map(labels[column].astype("string")).astype("string")


def _resolve(values: tuple[str, ...], units: pd.DataFrame | None) -> set[str]:
    """Unit labels as given, with segment names translated to segment ids."""
    if units is None or "segment_name" not in units.columns:
        return set(values)
    names = units.drop_duplicates("segment_name").set_index("segment_name")["segment"]
    return {str(names[v]) if v in names.index else v for v in values}


def _start_ordinals(
    frame: pd.DataFrame, spec: InterventionSpec, units: pd.DataFrame | None, first: int
) -> np.ndarray:
    """Each case's start period: its unit's own in a roll-out in waves, else the start."""
    if not spec.staggered:
        return np.full(len(frame), first)
    freq = _freq(spec)
    own = {
        _resolve((unit,), units).pop(): pd.Period(day, freq=freq).ordinal
        for unit, day in spec.unit_starts().items()
    }
    return frame["unit"].astype(str).map(own).fillna(first).astype(np.int64).to_numpy()


def _check_units_exist(
    spec: InterventionSpec, units: pd.DataFrame | None, known: set[str], what: str
) -> None:
    """Stop, in one line listing the valid values, when a configured treated or control unit
    matches no unit in the data: a misspelt branch or a segment named differently must not
    silently fall out of the treated group (or land among the controls)."""
    names: dict[str, str] = {}
    if units is not None and "segment_name" in units.columns:
        pairs = units.drop_duplicates("segment").set_index("segment")["segment_name"]
        names = {str(k): str(v) for k, v in pairs.items()}
    configured = [("treated", v) for v in spec.treated]
    if spec.control != ALL_OTHERS:
        configured += [("control", v) for v in spec.control]
    for role, value in configured:
        if str(_resolve((value,), units).pop()) not in known:
            valid = sorted(names.get(u, u) for u in known)
            shown = ", ".join(valid[:MAX_LISTED])
            more = f", … ({len(valid)})" if len(valid) > MAX_LISTED else ""
            message = MESSAGES(
                f"reason.unknown_{role}_unit",
                value=repr(value),
                units=shown + more,
            )
            raise CaseStudyError(what, message)


def outcome_cases(
    tables: CaseTables,
    spec: InterventionSpec,
    outcome: str,
    params: RunParams,
    units: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Case-level rows of one outcome in the spec's window: unit, period, rel_period (0 = the
    start's period), treated, post, value; only mature cases. Stops on unusable input."""
    spec_outcome = OUTCOMES[outcome]
    days = (
        spec.maturity_days if spec.maturity_days is not None else spec_outcome.maturity_days(params)
    )
    raw = spec_outcome.cases(tables, days)
    what = f"{spec.name}: {outcome}"
    labelled = label_cases(raw, spec, params, units, what)
    out = with_covariates(labelled, raw, tables, spec)
    _check_cases(out, spec, what, days, outcome)
    return out.reset_index(drop=True)


def with_covariates(
    labelled: pd.DataFrame, raw: pd.DataFrame, tables: CaseTables, spec: InterventionSpec
) -> pd.DataFrame:
    """The labelled cases (CASE_COLUMNS) with the spec's covariates (x_<name>); cases without a
    covariate value are left out and counted in `attrs["no_covariates"]`."""
    out = labelled[list(CASE_COLUMNS)].reset_index(drop=True)
    out.attrs["no_covariates"] = 0
    if not spec.covariates:
        return out
    cov = case_covariates(tables.clients, tables.financials, raw, spec.covariates)
    cov = cov.loc[labelled["row"]].reset_index(drop=True)
    missing = cov.isna().any(axis=1).to_numpy()
    out = pd.concat([out, cov], axis=1)[~missing].reset_index(drop=True)
    out.attrs["no_covariates"] = int(missing.sum())
    return out


def label_cases(
    raw: pd.DataFrame,
    spec: InterventionSpec,
    params: RunParams,
    units: pd.DataFrame | None,
    what: str,
) -> pd.DataFrame:
    """Raw cases (client_id, branch_id, case_date, ready_at, value) of the spec's window and
    units with their unit, period, rel_period, treated and post (CASE_COLUMNS), plus `row`,
    the raw frame's index of each; only cases ready by as_of. Stops on unusable input."""
    if raw.empty:
        raise CaseStudyError(what, "no cases of this outcome in the data")
    freq = _freq(spec)
    first, start, last = _window(spec)
    lo, hi = raw["case_date"].min(), raw["case_date"].max()
    as_of = pd.Timestamp(params.as_of)
    if not lo < pd.Timestamp(spec.start) <= min(hi, as_of):
        raise CaseStudyError(
            what,
            f"start {spec.start} is outside the data (cases from {lo:%Y-%m-%d} to {hi:%Y-%m-%d})",
        )
    frame = raw.assign(unit=_units(raw, spec, units))
    treated = _resolve(spec.treated, units)
    _check_units_exist(spec, units, set(frame["unit"].dropna().astype(str)), what)
    if spec.design == "its":
        frame = frame[frame["unit"].isin(treated)]
    elif spec.control == ALL_OTHERS:
        frame = frame[frame["unit"].notna()]
    else:
        frame = frame[frame["unit"].isin(treated | _resolve(spec.control, units))]
    ordinal = _period_ordinals(frame["case_date"], freq)
    frame = frame.assign(rel_period=ordinal - _start_ordinals(frame, spec, units, start.ordinal),
                         period_ordinal=ordinal)  # fmt: skip
    in_window = (frame["period_ordinal"] >= first.ordinal) & (
        frame["period_ordinal"] <= last.ordinal
    )
    frame = frame[in_window & (frame["ready_at"] <= as_of)]
    return pd.DataFrame(
        {
            "unit": frame["unit"].astype(str).to_numpy(),
            "period": pd.PeriodIndex.from_ordinals(frame["period_ordinal"], freq=freq),
            "rel_period": frame["rel_period"].astype(int).to_numpy(),
            "treated": frame["unit"].isin(treated).to_numpy(),
            "post": (frame["rel_period"] >= 0).to_numpy(),
            "value": frame["value"].to_numpy(),
            "row": frame.index.to_numpy(),
        }
    )


NPL_OUTCOME_MONTHS = {"npl_12m": NPL_MONTHS, "npl_6m": EARLY_NPL_MONTHS}
"""Months on book an NPL outcome waits for (its reason when nothing is old enough yet)."""


def _check_cases(
    cases: pd.DataFrame, spec: InterventionSpec, what: str, days: int, outcome: str = ""
) -> None:
    """Stop when the rows cannot support the comparison the spec asks for."""
    treated = cases[cases["treated"]]
    if treated.empty:
        raise CaseStudyError(what, f"no case of the treated units {', '.join(spec.treated)}")
    if spec.design == "did" and not (~cases["treated"]).any():
        raise CaseStudyError(
            what, "no control units with cases: give control units or use design its"
        )
    n_pre = treated.loc[~treated["post"], "rel_period"].nunique()
    if n_pre < MIN_PRE_PERIODS:
        raise CaseStudyError(
            what, f"only {n_pre} pre-periods with treated cases (minimum {MIN_PRE_PERIODS})"
        )
    if not treated["post"].any():
        months = NPL_OUTCOME_MONTHS.get(outcome)
        if months is not None:
            raise CaseStudyError(what, MESSAGES("reason.npl_not_mature", m=months))
        raise CaseStudyError(what, MESSAGES("reason.not_mature", d=days))
