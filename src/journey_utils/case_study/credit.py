"""The early credit outcome of a case study: vintage curves (cumulative share of loans that
became NPL, or 30+ days past due, by month on book) by group, and a discrete-time hazard DiD of
the first NPL that uses every month a loan has been observed, so a programme's credit effect
can be estimated before its loans are 12 months old."""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator
from scipy import stats as sps

from journey_utils.case_study.covariates import case_covariates, covariate_columns
from journey_utils.case_study.hazard_glm import factor, fit_cloglog
from journey_utils.case_study.loans import EVENTS, loan_events
from journey_utils.case_study.messages import MESSAGES
from journey_utils.case_study.outcomes import CaseTables, label_cases, with_covariates
from journey_utils.params.intervention import CaseStudyError, InterventionSpec
from journey_utils.params.run import RunParams
from journey_utils.plotting import PALETTE, new_figure

GROUPS = ("treated_post", "treated_pre", "control_post", "control_pre")
"""Vintage groups of a case study: treated or control units, loans started after or before."""
MIN_EVENTS = 10
"""Fewest first events (in the strata that carry information) a hazard fit accepts."""
MIN_AT_RISK = 50
"""A vintage curve stops where fewer loans than this (or min_cell_size) remain at risk: one
default among a handful of loans would make its last step jump."""


@dataclass(frozen=True)
class HazardResult:
    """The treatment × post hazard ratio of a first credit event, with its 95% interval."""

    event: str
    hazard_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    n_loans: int
    n_events: int
    n_loans_used: int
    """Loans in months on book, units and periods with at least one event (the others carry
    no information on the ratio and are left out, counted here)."""
    n_treated_units: int
    n_control_units: int
    max_months_on_book: int
    """Longest follow-up of a treated loan started after the start, in months on book."""


def labelled_loans(
    tables: CaseTables,
    spec: InterventionSpec,
    params: RunParams,
    units: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The disbursed loans of the spec's window and units (dated by their application's start,
    as every outcome is): unit, period, treated, post, last_mob and the first month on book of
    each event. Stops (CaseStudyError) without loans."""
    loans = loan_events(tables.applications, tables.loan_performance).reset_index()
    raw = loans.assign(case_date=loans["started_at"], ready_at=loans["disbursed_at"], value=0.0)
    what = f"{spec.name}: {MESSAGES('early_credit', 'en')}"
    labelled = label_cases(raw, spec, params, units, what)
    cases = with_covariates(labelled, raw, tables, spec)
    rows = labelled["row"].to_numpy()
    if spec.covariates:  # the rows with every covariate, in with_covariates' order
        cov = case_covariates(tables.clients, tables.financials, raw, spec.covariates)
        rows = rows[cov.loc[rows].notna().all(axis=1).to_numpy()]
    facts = loans.loc[rows, ["disbursed_at", "last_mob", *(f"{e}_mob" for e in EVENTS)]]
    out = pd.concat([cases, facts.reset_index(drop=True)], axis=1)
    out = out[out["last_mob"] >= 0].drop(columns=["value"])
    out.attrs["no_covariates"] = cases.attrs.get("no_covariates", 0)
    if out.empty or not (out["treated"] & out["post"]).any():
        raise CaseStudyError(what, MESSAGES("reason.no_loan_on_book"))
    return out.reset_index(drop=True)


def _group(loans: pd.DataFrame) -> pd.Series:
    side = np.where(loans["treated"], "treated", "control")
    when = np.where(loans["post"], "post", "pre")
    return pd.Series(np.char.add(np.char.add(side.astype(str), "_"), when), index=loans.index)


def loan_months(loans: pd.DataFrame, event: str = "npl") -> pd.DataFrame:
    """One row per loan and month on book it was at risk (0 up to its first `event` or its last
    observed month): the loan's position in `loans`, mob and whether the event happened then."""
    if event not in EVENTS:
        raise CaseStudyError(
            "credit event", f"unknown event {event!r} (valid: {', '.join(EVENTS)})"
        )
    first = loans[f"{event}_mob"]
    stop = np.where(first.notna(), first.fillna(-1), loans["last_mob"]).astype(np.int64)
    n_rows = np.maximum(stop + 1, 0)
    loan = np.repeat(np.arange(len(loans)), n_rows)
    mob = np.arange(len(loan)) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
    hit = first.to_numpy(float)[loan] == mob
    return pd.DataFrame({"loan": loan, "mob": mob, "event": hit})


def vintage_curves(
    loans: pd.DataFrame, event: str = "npl", by: pd.Series | None = None, min_loans: int = 1
) -> pd.DataFrame:
    """Cumulative share (%) of loans that reached `event` by each month on book, per group
    (`by`, default the case-study groups), as a life table: at each month the loans still at
    risk and observed; a curve stops where fewer than `min_loans` remain at risk (small groups
    masked). Columns: group, mob, at_risk, events, cumulative_pct."""
    months = loan_months(loans, event)
    groups = (_group(loans) if by is None else by.reset_index(drop=True)).to_numpy()
    months["group"] = groups[months["loan"]]
    cells = months.groupby(["group", "mob"]).agg(at_risk=("event", "size"), events=("event", "sum"))
    cells = cells.reset_index().sort_values(["group", "mob"])
    survival = 1.0 - cells["events"] / cells["at_risk"]
    cells["cumulative_pct"] = 100.0 * (1.0 - survival.groupby(cells["group"]).cumprod())
    return cells[cells["at_risk"] >= min_loans].reset_index(drop=True)


def _informative(cells: pd.DataFrame) -> pd.DataFrame:
    """Cells whose month on book, unit and period each have at least one event (repeated until
    stable): fixed effects of strata without events are not estimable and say nothing about the
    ratio."""
    while True:
        keep = np.ones(len(cells), dtype=bool)
        for column in ("mob", "unit", "period"):
            keep &= cells.groupby(column)["events"].transform("sum").to_numpy() > 0
        if keep.all():
            return cells
        cells = cells[keep]


def fit_hazard_did(loans: pd.DataFrame, event: str = "npl", alpha: float = 0.05) -> HazardResult:
    """Discrete-time hazard of the first `event`: complementary log-log in the loan-months at
    risk with a fixed effect for every month on book, unit and start period, the loans'
    covariates (x_ columns, when the study adjusts for them) and the treated × post term, whose
    exponent is the hazard ratio (proportional hazards). Fitted on cells (month on book × unit ×
    period × covariate values) with errors clustered by unit and t(G-1) intervals, since units
    are few. Stops (CaseStudyError) when events are too few."""
    what = MESSAGES("early_credit", "en")
    months = loan_months(loans, event)
    covariates = covariate_columns(loans)
    facts = ["unit", "period", "treated", "post", *covariates]
    info = loans[facts].iloc[months["loan"]].reset_index(drop=True)
    months = pd.concat([months, info], axis=1)
    months["effect"] = months["treated"] & months["post"]
    months["period"] = months["period"].astype(str)
    cells = (
        months.groupby(["mob", "unit", "period", "effect", *covariates])
        .agg(at_risk=("event", "size"), events=("event", "sum"))
        .reset_index()
    )
    cells = _informative(cells)
    n_events = int(cells["events"].sum())
    if n_events < MIN_EVENTS or not cells["effect"].any() or cells["effect"].all():
        raise CaseStudyError(what, MESSAGES("reason.few_first_events", n=n_events, m=MIN_EVENTS))
    dense = pd.DataFrame({"const": 1.0, **{c: cells[c] for c in covariates}}, index=cells.index)
    fit = fit_cloglog(
        cells["events"].to_numpy(float),
        cells["at_risk"].to_numpy(float),
        dense.assign(effect=cells["effect"]),
        {"m": factor(cells["mob"]), "u": factor(cells["unit"]), "p": factor(cells["period"])},
        clusters=cells["unit"].to_numpy(),
    )
    cov = fit.cluster_covariance()
    k = fit.names.index("effect")
    beta, se = float(fit.params[k]), float(np.sqrt(cov[k, k]))
    groups = cells["unit"].to_numpy()
    df = len(np.unique(groups)) - 1
    crit = float(sps.t.ppf(1 - alpha / 2, df))
    keys = ["mob", "unit", "period"]  # a cell key repeats across effect and covariate values
    kept = months.merge(cells[keys].drop_duplicates(), on=keys)
    post_treated = loans[loans["treated"] & loans["post"]]
    return HazardResult(
        event=event,
        hazard_ratio=float(np.exp(beta)),
        ci_low=float(np.exp(beta - crit * se)),
        ci_high=float(np.exp(beta + crit * se)),
        p_value=float(2 * sps.t.sf(abs(beta / se), df)) if se > 0 else float("nan"),
        n_loans=len(loans),
        n_events=n_events,
        n_loans_used=int(kept["loan"].nunique()),
        n_treated_units=int(loans.loc[loans["treated"], "unit"].nunique()),
        n_control_units=int(loans.loc[~loans["treated"], "unit"].nunique()),
        max_months_on_book=int(post_treated["last_mob"].max()),
    )


def plot_vintages(
    curves: pd.DataFrame,
    event: str = "npl",
    lang: str = "en",
    unit_column: str = "branch_id",
    start: object = "",
) -> Axes:
    """Cumulative share reaching the event by month on book, one line per group: treated in
    one colour, control in another, solid from the start on, dashed before it."""
    _, ax = new_figure(8.0, 4.2)
    noun = MESSAGES(f"unit_word.{unit_column}", lang)
    for group, part in curves.groupby("group", sort=False):
        known = group in GROUPS
        label = MESSAGES(f"vintage_group.{group}", lang, noun=noun, start=start) if known else group
        colour = PALETTE[0] if str(group).startswith("treated") else PALETTE[1]
        style = "--" if str(group).endswith("_pre") else "-"
        ax.step(part["mob"], part["cumulative_pct"], where="post", color=colour, linestyle=style,
                label=label)  # fmt: skip
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(MESSAGES("months_on_book", lang))
    ax.set_ylabel(MESSAGES(f"vintage_axis.{event}", lang))
    ax.set_title(MESSAGES(f"vintage_title.{event}", lang))
    ax.legend(frameon=False)
    return ax


def plot_vintages_by_quarter(curves: pd.DataFrame, lang: str = "en") -> Axes:
    """Cumulative NPL share by month on book, one line per disbursement quarter (older
    quarters darker), so a quarter that sours faster than its elders shows early."""
    _, ax = new_figure(8.0, 4.2)
    quarters = sorted(curves["group"].unique())
    shades = plt.get_cmap("viridis")(np.linspace(0.0, 0.85, max(len(quarters), 1)))
    for shade, quarter in zip(shades, quarters, strict=False):
        part = curves[curves["group"] == quarter]
        ax.step(part["mob"], part["cumulative_pct"], where="post", color=shade, label=quarter)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(MESSAGES("months_on_book", lang))
    ax.set_ylabel(MESSAGES("vintage_axis.npl", lang))
    ax.set_title(MESSAGES("vintage_title.quarter", lang))
    ax.legend(
        frameon=False, ncol=2, fontsize="small", title=MESSAGES("vintage_legend.quarter", lang)
    )
    return ax


CREDIT_OUTCOMES = ("npl_6m", "npl_12m")
"""Outcomes whose presence in a case study asks for its early credit section."""


@dataclass(frozen=True)
class EarlyCredit:
    """A case study's early credit outcome: the vintage curves (NPL and 30+ days past due) by
    group and the first-NPL hazard ratio, or why it cannot be measured."""

    curves: dict[str, pd.DataFrame] = field(default_factory=dict)
    hazard: HazardResult | None = None
    error: CaseStudyError | None = None
    min_at_risk: int = MIN_AT_RISK
    """Where the curves stop: fewer loans than this at risk."""
    by_quarter: pd.DataFrame | None = None
    """NPL vintage curves of every loan of the window by disbursement quarter."""


def study_early_credit(
    tables: CaseTables,
    spec: InterventionSpec,
    params: RunParams,
    units: pd.DataFrame | None = None,
) -> EarlyCredit | None:
    """The early credit outcome of a study with an NPL outcome (None without one); curves stop
    where fewer than min_cell_size loans remain at risk. A CaseStudyError is kept, never raised."""
    if not set(spec.outcomes) & set(CREDIT_OUTCOMES):
        return None
    shortest = max(params.min_cell_size, MIN_AT_RISK)
    try:
        loans = labelled_loans(tables, spec, params, units)
        curves = {e: vintage_curves(loans, e, min_loans=shortest) for e in EVENTS}
        quarter = pd.PeriodIndex(pd.DatetimeIndex(loans["disbursed_at"]), freq="Q").astype(str)
        by_quarter = vintage_curves(loans, "npl", by=pd.Series(quarter), min_loans=shortest)
    except CaseStudyError as err:
        return EarlyCredit(error=err, min_at_risk=shortest)
    try:
        hazard = fit_hazard_did(loans, "npl")
        return EarlyCredit(curves, hazard, min_at_risk=shortest, by_quarter=by_quarter)
    except CaseStudyError as err:
        return EarlyCredit(curves, error=err, min_at_risk=shortest, by_quarter=by_quarter)
