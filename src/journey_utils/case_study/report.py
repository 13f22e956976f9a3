"""One case study end to end for the report: per outcome the cases, the naive before/after, the
DiD (or ITS) estimate, the event study and the pre-trend check, or the reason it cannot be
measured; verdicts saved for the management summary."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from journey_utils.case_study.credit import EarlyCredit, plot_vintages, study_early_credit
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
from journey_utils.case_study.verdict import verdict, verdict_table
from journey_utils.integration.processed import load_processed
from journey_utils.params.intervention import (
    ALL_OTHERS,
    CLIENT_UNIT_COLUMNS,
    CaseStudyError,
    InterventionSpec,
)
from journey_utils.params.run import RunParams
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


def run_case_study(params: RunParams, name: str) -> CaseStudy:
    """Every outcome of the case study `name` of the run's params (segments from the saved
    segmentation when the units are segments, the clients table for a client attribute)."""
    spec = params.case_study(name)
    tables = load_case_tables(params)
    units = None
    if spec.unit_column in CLIENT_UNIT_COLUMNS:
        units = load_processed(params, "clients")[["client_id", spec.unit_column]]
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
    comparison = comparison_table(study.naive, study.did, study.its, lang)
    display(style_table(comparison, lang=lang, headers=case_study_headers(lang)))
    if study.did is not None:
        display(Markdown(comparison_reading(study.naive, study.did, unit, lang)))
        did = study.did
        used = MESSAGES("units_used", lang, treated=did.n_treated_units,
                        control=did.n_control_units, cases=f"{did.n_cases:,}")  # fmt: skip
        display(Markdown(used))
        if did.few_clusters is not None:
            display(Markdown(few_clusters_reading(did, lang)))
        display(Markdown(f"*{study.pre_trend.message_in(lang)}*"))
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


def show_early_credit(study: CaseStudy, lang: str = "en") -> None:
    """The early credit section: the first-NPL hazard ratio in words with its follow-up and the
    loans it used, and the vintage curves of NPL and 30+ days past due by group; one line when
    the intervention has no credit outcome or it cannot be measured."""
    credit = study.credit
    if credit is None:
        display(Markdown(MESSAGES("early_credit_none", lang)))
        return
    if credit.hazard is not None:
        h = credit.hazard
        display(Markdown(MESSAGES(
            "hazard_reading", lang, ratio=f"{h.hazard_ratio:.2f}", low=f"{h.ci_low:.2f}",
            high=f"{h.ci_high:.2f}", p=f"{h.p_value:.3f}", months=h.max_months_on_book,
            loans=f"{h.n_loans:,}", used=f"{h.n_loans_used:,}", events=f"{h.n_events:,}",
            treated=h.n_treated_units, control=h.n_control_units,
        )))  # fmt: skip
    if credit.error is not None:
        display(Markdown(md_escape(MESSAGES("early_credit_error", lang, reason=credit.error))))
    for event, curves in credit.curves.items():
        if not curves.empty:
            _show(plot_vintages(curves, event, lang))


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
    tmp = path.with_suffix(".tmp")
    table.to_parquet(tmp, index=False)
    tmp.replace(path)
    return rows


def load_verdicts(params: RunParams) -> pd.DataFrame | None:
    """The saved verdicts of the case studies in the run's params (None when none were run)."""
    path = params.processed_dir / VERDICTS_FILE
    if not path.is_file():
        return None
    table = pd.read_parquet(path)
    return table[table["case_study"].isin([cs.name for cs in params.case_studies])]
