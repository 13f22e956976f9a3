"""One case study end to end for the report: per outcome the cases, the naive before/after, the
DiD (or ITS) estimate, the event study and the pre-trend check, or the reason it cannot be
measured; verdicts saved for the management summary."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from journey_utils.case_study.credit import (
    EarlyCredit,
    plot_vintages,
    plot_vintages_by_quarter,
    study_early_credit,
)
from journey_utils.case_study.did import (
    DidResult,
    PreTrendCheck,
    event_study_table,
    fit_did,
    plot_event_study,
    pre_trend_check,
)
from journey_utils.case_study.its import ItsResult, fit_its, plot_its
from journey_utils.case_study.messages import MESSAGES
from journey_utils.case_study.naive import (
    NaiveResult,
    comparison_reading,
    comparison_table,
    few_clusters_reading,
    naive_before_after,
)
from journey_utils.case_study.outcomes import OUTCOMES, CaseTables, load_case_tables, outcome_cases
from journey_utils.case_study.staggered import (
    BaconDecomposition,
    bacon_decomposition,
    fit_imputation,
    imputation_event_table,
    imputation_pre_trend,
)
from journey_utils.case_study.verdict import reason, verdict, verdict_table
from journey_utils.params.intervention import (
    ALL_OTHERS,
    CLIENT_UNIT_COLUMNS,
    CaseStudyError,
    InterventionSpec,
)
from journey_utils.params.run import RunParams
from journey_utils.parquet_files import write_parquet_atomic
from journey_utils.plotting import md_escape, style_table

VERDICTS_FILE = "case_study_verdicts.parquet"
"""Saved in the processed folder: every case study's verdicts, for the summary page."""


VERDICT_COLUMNS = ("outcome", "verdict", "estimate", "ci_low", "ci_high", "unit")
"""The verdict columns the report shows."""


@dataclass(frozen=True)
class OutcomeStudy:
    """One outcome of a case study: its estimates, or the reason it cannot be measured."""

    outcome: str
    cases: pd.DataFrame | None = None
    naive: NaiveResult | None = None
    did: DidResult | None = None
    its: ItsResult | None = None
    event_study: pd.DataFrame | None = None
    pre_trend: PreTrendCheck | None = None
    error: CaseStudyError | None = None
    twfe: DidResult | None = None
    """For a roll-out in waves: two-way fixed effects, shown beside the imputation estimate."""
    bacon: BaconDecomposition | None = None

    @property
    def main(self) -> DidResult | ItsResult | CaseStudyError:
        """The estimate the verdict rests on (DiD, else ITS), or the error."""
        return self.did or self.its or self.error  # type: ignore[return-value]


@dataclass(frozen=True)
class CaseStudy:
    """A measured intervention: its spec and one OutcomeStudy per outcome."""

    spec: InterventionSpec
    outcomes: dict[str, OutcomeStudy] = field(default_factory=dict)
    credit: EarlyCredit | None = None
    """Vintage curves and the first-NPL hazard ratio when an outcome is NPL."""


def study_outcome(
    tables: CaseTables,
    spec: InterventionSpec,
    outcome: str,
    params: RunParams,
    units: pd.DataFrame | None = None,
) -> OutcomeStudy:
    """Measure one outcome; a CaseStudyError (date outside the data, no controls, too few
    pre-periods, nothing mature yet) is kept as the outcome's reason, never raised."""
    what = f"{spec.name}: {outcome}"
    try:
        cases = outcome_cases(tables, spec, outcome, params, units)
        naive = naive_before_after(cases, what=what)
        if spec.design == "its":
            return OutcomeStudy(outcome, cases, naive, its=fit_its(cases, what=what))
        if spec.staggered:
            return _staggered_outcome(outcome, cases, naive, params, what)
        with warnings.catch_warnings():  # the check's verdict is shown in the report instead
            warnings.simplefilter("ignore")
            trend = pre_trend_check(cases, what=what)
        events = event_study_table(cases, what=what)
        events = events[events["n_treated_cases"] >= params.min_cell_size]
        return OutcomeStudy(
            outcome,
            cases,
            naive,
            did=fit_did(cases, what=what),
            event_study=events,
            pre_trend=trend,
        )
    except CaseStudyError as err:
        return OutcomeStudy(outcome, error=err)


def _staggered_outcome(
    outcome: str,
    cases: pd.DataFrame,
    naive: NaiveResult,
    params: RunParams,
    what: str,
) -> OutcomeStudy:
    """A roll-out in waves: the imputation estimate (the verdict's) and its event study, with
    TWFE and its Goodman-Bacon decomposition beside them."""
    events = imputation_event_table(cases, what=what)
    events = events[events["n_treated_cases"] >= params.min_cell_size]
    return OutcomeStudy(
        outcome,
        cases,
        naive,
        did=fit_imputation(cases, what=what),
        event_study=events,
        pre_trend=_pre_trend_or_none(cases, what),
        twfe=replace(fit_did(cases, what=what), method="twfe"),
        bacon=bacon_decomposition(cases),
    )


def _pre_trend_or_none(cases: pd.DataFrame, what: str) -> PreTrendCheck | None:
    """The roll-out's pre-trend check, or None when no unit has pre-periods enough to test
    (the report then says so; the estimate stands)."""
    try:
        return imputation_pre_trend(cases, what=what)
    except CaseStudyError:
        return None


def run_case_study(params: RunParams, name: str) -> CaseStudy:
    """Every outcome of the case study `name` of the run's params (segments from the saved
    segmentation when the units are segments, the clients table for a client attribute)."""
    spec = params.case_study(name)
    tables = load_case_tables(params)
    units = None
    if spec.unit_column in CLIENT_UNIT_COLUMNS:
        units = tables.clients[["client_id", spec.unit_column]]  # read once, shared
    if spec.unit_column == "segment":
        path = params.processed_dir / "segments.parquet"
        units = pd.read_parquet(path) if path.is_file() else None
        if units is None:
            err = CaseStudyError(path, "no saved segments: run the segmentation report first")
            return CaseStudy(spec, {o: OutcomeStudy(o, error=err) for o in spec.outcomes})
    return CaseStudy(
        spec,
        {o: study_outcome(tables, spec, o, params, units) for o in spec.outcomes},
        study_early_credit(tables, spec, params, units),
    )


def case_verdicts(study: CaseStudy, lang: str = "en") -> pd.DataFrame:
    """One row per outcome: name, verdict, estimate with interval, unit and the sentence."""
    pre_trends = {o: s.pre_trend for o, s in study.outcomes.items()}
    return verdict_table({o: s.main for o, s in study.outcomes.items()}, lang, pre_trends)


def show_outcome(study: OutcomeStudy, spec: InterventionSpec, lang: str = "en") -> None:
    """The outcome's section of the report: heading, verdict, the estimates side by side with
    why they differ, the pre-trend check and the event-study (or ITS) chart."""
    outcome = OUTCOMES[study.outcome]
    unit = outcome.display_unit(lang)
    display(Markdown(f"### {outcome.display(lang)}"))
    sentence = verdict(study.outcome, study.main, lang, study.pre_trend)
    display(Markdown(md_escape(sentence)))  # may quote the data
    if study.error is not None:
        return
    comparison = comparison_table(study.naive, study.did, study.its, lang, twfe=study.twfe)
    display(style_table(comparison, lang=lang, headers=case_study_headers(lang)))
    if study.did is not None:
        display(Markdown(comparison_reading(study.naive, study.did, unit, lang)))
        did = study.did
        used = MESSAGES("units_used", lang, treated=did.n_treated_units,
                        control=did.n_control_units, cases=f"{did.n_cases:,}",
                        noun=MESSAGES(f"unit_word.{spec.unit_column}", lang))  # fmt: skip
        display(Markdown(used))
        if did.n_left_out:
            display(Markdown(MESSAGES("imputation_left_out", lang, n=f"{did.n_left_out:,}")))
        if spec.covariates:
            left = study.cases.attrs.get("no_covariates", 0) if study.cases is not None else 0
            names = covariate_names(spec, lang)
            display(Markdown(MESSAGES("covariates_used", lang, names=names, left=f"{left:,}")))
        if study.bacon is not None:
            display(Markdown(staggered_reading(spec, study.bacon, lang)))
        if did.few_clusters is not None:
            display(Markdown(few_clusters_reading(did, lang)))
        trend = study.pre_trend
        display(
            Markdown(
                f"*{trend.message_in(lang) if trend else MESSAGES('no_pre_trend_test', lang)}*"
            )
        )
        if not study.event_study.empty:
            _show(plot_event_study(study.event_study, unit, lang))
    else:
        _show(plot_its(study.cases, study.its, unit, lang))


def case_study_table(verdicts: pd.DataFrame) -> pd.DataFrame:
    """The verdicts as the report shows them: per outcome its verdict, estimate, interval and
    unit (from `case_verdicts`)."""
    return verdicts[list(VERDICT_COLUMNS)]


def case_study_headers(lang: str = "en") -> dict[str, str]:
    """The case-study tables' column headers in `lang` (the catalog's `header.<column>`), for
    `style_table(headers=...)`."""
    prefix = "header."
    return {
        key.removeprefix(prefix): MESSAGES(key, lang)
        for key in MESSAGES.entries
        if key.startswith(prefix)
    }


def staggered_reading(spec: InterventionSpec, bacon: BaconDecomposition, lang: str = "en") -> str:
    """Why a roll-out in waves is measured by imputation: the waves and the share of TWFE's
    weight on comparisons with already-treated units."""
    starts = sorted({w.start for w in spec.waves})
    return MESSAGES(
        "staggered_note",
        lang,
        waves=len(starts),
        starts=", ".join(str(d) for d in starts),
        share=f"{bacon.already_treated_share:.0%}",
        units=bacon.units,
    )


def covariate_names(spec: InterventionSpec, lang: str = "en") -> str:
    """The study's covariates in words, in the report language."""
    sep = MESSAGES("list_separator", lang)
    return sep.join(MESSAGES(f"covariate_name.{c}", lang) for c in spec.covariates)


def show_early_credit(study: CaseStudy, lang: str = "en") -> None:
    """The early credit section: the first-NPL hazard ratio in words with its follow-up, the
    method in a note, and the vintage curves of NPL and 30+ days past due by group; one line
    when the intervention has no credit outcome or it cannot be measured."""
    credit, spec = study.credit, study.spec
    if credit is None:
        display(Markdown(MESSAGES("early_credit_none", lang)))
        return
    noun = MESSAGES(f"unit_word.{spec.unit_column}", lang)
    if credit.hazard is not None:
        h = credit.hazard
        display(Markdown(MESSAGES(
            "hazard_reading", lang, ratio=f"{h.hazard_ratio:.2f}", low=f"{h.ci_low:.2f}",
            high=f"{h.ci_high:.2f}", p=f"{h.p_value:.3f}", months=h.max_months_on_book,
            loans=f"{h.n_loans:,}", events=f"{h.n_events:,}", treated=h.n_treated_units,
            control=h.n_control_units, noun=noun,
        )))  # fmt: skip
        cov = (
            MESSAGES("hazard_covariates", lang, names=covariate_names(spec, lang))
            if spec.covariates
            else ""
        )
        display(Markdown(MESSAGES("hazard_method", lang, used=f"{h.n_loans_used:,}", cov=cov)))
    if credit.error is not None:
        why = reason(credit.error.detail, lang)
        display(Markdown(md_escape(MESSAGES("early_credit_error", lang, reason=why))))
    for event, curves in credit.curves.items():
        if not curves.empty:
            _show(plot_vintages(curves, event, lang, spec.unit_column, spec.start))
    if credit.by_quarter is not None and not credit.by_quarter.empty:
        _show(plot_vintages_by_quarter(credit.by_quarter, lang))
    if credit.curves:
        display(Markdown(MESSAGES("vintage_curve_note", lang, n=credit.min_at_risk)))


def _show(ax: object) -> None:
    """Display a chart where it is drawn (inside a loop of sections), then free it."""
    display(ax.figure)
    plt.close(ax.figure)


def intervention_reading(spec: InterventionSpec, lang: str = "en") -> str:
    """What was done, where and when, and what it is compared with, in one or two sentences
    (Markdown; the title through `md_escape`)."""
    unit, period = spec.unit_column, spec.period
    if spec.design == "its":
        base = MESSAGES("no_control_group", lang)
    elif spec.control == ALL_OTHERS:
        base = MESSAGES(f"control_all.{unit}", lang)
    else:
        base = MESSAGES(f"control_some.{unit}", lang, n=len(spec.control))
    period_word = MESSAGES(f"period.{period}", lang)
    window = (
        MESSAGES("window_periods", lang, pre=spec.pre_periods, post=spec.post_periods,
                 period=period_word)
        if isinstance(spec.pre_periods, int) and isinstance(spec.post_periods, int)
        else MESSAGES("window_dates", lang, first=spec.pre_periods, last=spec.post_periods)
    )  # fmt: skip
    return MESSAGES(
        "intervention_reading",
        lang,
        title=md_escape(spec.display_title(lang)),
        start=spec.start,
        n=len(spec.treated),
        noun=MESSAGES(f"unit_noun.{unit}", lang),
        base=base,
        period=period_word,
        window=window,
    )


def save_verdicts(params: RunParams, study: CaseStudy, lang: str = "en") -> pd.DataFrame:
    """Replace this case study's rows in the saved verdicts (read by the summary page)."""
    path = params.processed_dir / VERDICTS_FILE
    rows = case_verdicts(study, lang).assign(
        case_study=study.spec.name, title=study.spec.display_title(lang)
    )
    old = pd.read_parquet(path) if path.is_file() else rows.iloc[0:0]
    table = pd.concat([old[old["case_study"] != study.spec.name], rows], ignore_index=True)
    write_parquet_atomic(table, path)
    return rows


def load_verdicts(params: RunParams) -> pd.DataFrame | None:
    """The saved verdicts of the case studies in the run's params (None when none were run)."""
    path = params.processed_dir / VERDICTS_FILE
    if not path.is_file():
        return None
    table = pd.read_parquet(path)
    return table[table["case_study"].isin([cs.name for cs in params.case_studies])]
