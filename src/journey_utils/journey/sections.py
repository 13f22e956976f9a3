"""Parts of the journey report a data set may not offer (published figures, channels, segments,
form versions, work items, returning clients, driver data, surveys): each is an `Offered` step
whose value the notebook shows, or whose note says in one sentence why there is nothing to show.

The choice of what a data set can show lives here, so each notebook cell is one call, as
ADR 0019's refused steps are; the note is the reading itself, not a refusal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import pandas as pd
from IPython.display import Markdown, display
from matplotlib.axes import Axes

from journey_utils.attempts import Attempt
from journey_utils.i18n import check_lang
from journey_utils.journey.cases import add_client_attributes, largest_groups
from journey_utils.journey.cohorts import cohorts_table
from journey_utils.journey.dataset import JourneyData
from journey_utils.journey.drivers import (
    DriverData,
    DriverModel,
    DriverModelError,
    driver_effects_table,
    driver_frame,
    fit_driver_model,
)
from journey_utils.journey.funnel import funnel_matrix_table
from journey_utils.journey.masking import EVERY_GROUP
from journey_utils.journey.messages import MESSAGES
from journey_utils.journey.readings import work_items_reading
from journey_utils.journey.reference import published_check
from journey_utils.journey.satisfaction import satisfaction_table
from journey_utils.journey.timing import time_between_table
from journey_utils.plotting import md_escape

T = TypeVar("T")

FUNNEL_SPLIT = "channel"
"""The case attribute the funnel is split by, when the data records it."""

DECISION_SPLIT = "product"
"""The case attribute time to decision is compared across, when the data records it."""

FORM_COLUMN = "form_version"
"""The case attribute whose two most used values the funnel comparison sets side by side."""

TIME_TO_CONTRACT: tuple[str, str] = ("application", "contract_disbursement")
"""From which stage to which the time to contract (time to cash as the client feels it) runs."""

DRIVER_TABLES: tuple[str, ...] = ("applications", "digital_events")
"""The tables the pain-point drivers are measured from."""


@dataclass(frozen=True)
class Outputs:
    """Several outputs of one cell, shown in order as if each were passed to `display`."""

    items: tuple[Any, ...]

    def _ipython_display_(self) -> None:
        """IPython's hook: display each item, so the notebook keeps one output per item."""
        display(*self.items)


@dataclass(frozen=True)
class Offered(Attempt[T]):
    """A part of the report the data set may not offer: its value, or the reading that says why
    it is not shown (an empty message says nothing). Shown like an Attempt, the note once and
    then nothing, but the note is the plain reading, and `show` takes several renders."""

    def note(self) -> Markdown | None:
        """The reading that stands in for the missing part (already Markdown), if it has one."""
        return Markdown(self.message) if self.message else None

    def show(self, *renders: Callable[[T], Any]) -> Outputs | None:
        """Each render of the value, in order; charts (Axes) are drawn and shown by the notebook
        after the cell, so only tables and text are returned. Not offered: the note the first
        time, then nothing."""
        if not self.ok:
            note = super().show(lambda _value: None)
            return Outputs((note,)) if note is not None else None
        items = tuple(render(self.value) for render in renders)
        shown = tuple(i for i in items if i is not None and not isinstance(i, Axes))
        return Outputs(shown) if shown else None


def _offer(what: str, value: T, lang: str = "en") -> Offered[T]:
    """Offered: `value` is what the part shows."""
    return Offered(what, value=value, lang=check_lang(lang))


def _note(what: str, message: str, lang: str) -> Offered[Any]:
    """Not offered: `message` (a catalog sentence) says why."""
    return Offered(what, message=message, lang=lang)


def _silent(what: str) -> Offered[Any]:
    """Not offered, and nothing to say about it (the report simply goes on)."""
    return Offered(what, message="")


def published_figures(data: JourneyData, lang: str = "en") -> Offered[pd.DataFrame]:
    """The event log's published figures beside our counts (`published_check`), or the note
    that the data set states none."""
    table = published_check(data)
    if table.empty:
        return _note("published figures", MESSAGES("no_published_figures_note", lang), lang)
    return _offer("published figures", table, lang)


def published_source(data: JourneyData, lang: str = "en") -> str:
    """Where the event log's published figures come from, as one Markdown line (only an event
    log publishes figures)."""
    spec = data.params.event_log
    source = spec.published_source if spec is not None else ""
    return MESSAGES("published_source", lang, source=md_escape(source))


def funnel_split(log: pd.DataFrame, lang: str = "en") -> Offered[str]:
    """The column the funnel is split by (FUNNEL_SPLIT), or the note that the data set records
    no channel."""
    if FUNNEL_SPLIT not in log.columns:
        return _note("funnel split", MESSAGES("no_channel_note", lang), lang)
    return _offer("funnel split", FUNNEL_SPLIT, lang)


def segment_funnel(
    data: JourneyData, *, min_cell_size: int = 1, lang: str = "en"
) -> Offered[pd.DataFrame]:
    """The funnel matrix by client segment (`funnel_matrix_table`, segments smaller than
    `min_cell_size` left out), the segments named in the report language where the segmentation
    saved such names (segment_name_zh), or the note that no segments were saved."""
    segments = data.segments()
    if segments is None:
        return _note("segment funnel", MESSAGES("no_segments_note", lang), lang)
    named = f"segment_name_{check_lang(lang)}"
    name = named if named in segments.columns else "segment_name"
    by_segment = add_client_attributes(data.log, segments, [name])
    return _offer(
        "segment funnel", funnel_matrix_table(by_segment, name, min_cell_size=min_cell_size), lang
    )


def form_versions(log: pd.DataFrame, lang: str = "en") -> Offered[tuple[Any, Any]]:
    """The two most used form versions (FORM_COLUMN), to compare their funnels, or the note that
    the data set has no two."""
    versions = largest_groups(log, FORM_COLUMN) if FORM_COLUMN in log.columns else []
    if len(versions) != 2:
        return _note("form versions", MESSAGES("no_form_versions_note", lang), lang)
    return _offer("form versions", (versions[0], versions[1]), lang)


def recorded_work_items(data: JourneyData, lang: str = "en") -> Offered[pd.DataFrame]:
    """The work items of an imported event log (START / COMPLETE pairs), or the reading that
    says a stage's time cannot be split into working and waiting time."""
    items = data.imported.work_items if data.imported is not None else None
    reading = work_items_reading(items, lang)
    if reading:
        return Offered("work items", message=reading, lang=lang)
    return _offer("work items", items, lang)


def time_to_contract(
    log: pd.DataFrame, as_of: date | str, *, min_cell_size: int
) -> Offered[pd.DataFrame]:
    """Days from application to contract (`time_between_table` over TIME_TO_CONTRACT, groups
    smaller than `min_cell_size` masked); nothing when the log lacks either stage."""
    start, end = TIME_TO_CONTRACT
    if not {start, end} <= set(log["stage"].unique()):
        return _silent("time to contract")
    table = time_between_table(log, start, end, as_of, min_cell_size=min_cell_size)
    return _offer("time to contract", table)


def decision_split(log: pd.DataFrame) -> Offered[str]:
    """The column time to decision is compared across (DECISION_SPLIT); nothing when the data
    does not record it (its `value` is then None: one curve for all cases)."""
    if DECISION_SPLIT not in log.columns:
        return _silent("decision split")
    return _offer("decision split", DECISION_SPLIT)


@dataclass(frozen=True)
class ClientCohorts:
    """The cohorts of returning clients: every cohort, which the reading sums up, and those of at
    least the minimum cell size, which the chart draws."""

    every: pd.DataFrame
    shown: pd.DataFrame


def client_cohorts(
    data: JourneyData, as_of: date | str, months: int = 36, lang: str = "en", *, min_cell_size: int
) -> Offered[ClientCohorts]:
    """The cohorts of returning clients (`cohorts_table`: every cohort, and those of at least
    `min_cell_size` clients), or the note that every client has a single case."""
    if not data.repeat_clients:
        return _note("client cohorts", MESSAGES("no_returning_clients_note", lang), lang)
    every = cohorts_table(data.log, as_of, months=months, min_cell_size=EVERY_GROUP)
    shown = cohorts_table(data.log, as_of, months=months, min_cell_size=min_cell_size)
    return _offer("client cohorts", ClientCohorts(every, shown), lang)


@dataclass(frozen=True)
class DriverAnalysis:
    """The pain-point model of drop-out: its population, the fit and the drivers' effects."""

    population: DriverData
    model: DriverModel
    effects: pd.DataFrame


def driver_analysis(
    data: JourneyData, as_of: date | str, maturity_days: int, lang: str = "en"
) -> Offered[DriverAnalysis]:
    """The drop-out model on the mature cases (`driver_frame`, `fit_driver_model`) with the drivers'
    effects in the report language, or the note that the data set lacks the driver data or
    that the model could not be fitted (with why)."""
    if not all(data.has(t) for t in DRIVER_TABLES):
        return _note("pain-point drivers", MESSAGES("no_driver_data_note", lang), lang)
    population = driver_frame(
        data.table("applications"), data.log, data.path("digital_events"), as_of, maturity_days
    )
    try:
        model = fit_driver_model(population)
    except DriverModelError as exc:
        reason = md_escape(exc)
        message = MESSAGES("driver_model_not_fitted", lang, reason=reason)
        return _note("pain-point drivers", message, lang)
    effects = driver_effects_table(model, lang=lang)
    return _offer("pain-point drivers", DriverAnalysis(population, model, effects), lang)


@dataclass(frozen=True)
class SurveyResults:
    """The satisfaction surveys with the applications they belong to, summarised by the stage
    the survey was taken at and by how the case ended: every group with every statistic (what
    the reading and the charts read), and the tables the report shows (its summary statistics,
    groups smaller than the minimum cell size masked)."""

    surveys: pd.DataFrame
    applications: pd.DataFrame
    by_stage: pd.DataFrame
    by_outcome: pd.DataFrame
    shown_by_stage: pd.DataFrame
    shown_by_outcome: pd.DataFrame


def survey_results(
    data: JourneyData, lang: str = "en", *, min_cell_size: int
) -> Offered[SurveyResults]:
    """CSAT and NPS by stage and by outcome (`satisfaction_table`, in full and as shown with
    groups smaller than `min_cell_size` masked), or the note that the data set has no surveys."""
    if not data.has("surveys"):
        return _note("satisfaction", MESSAGES("no_surveys_note", lang), lang)
    surveys, apps = data.table("surveys"), data.table("applications")

    def split(by: str, *, min_cell_size: int, summary: bool = False) -> pd.DataFrame:
        """The surveys summarised by one column."""
        return satisfaction_table(
            surveys, apps, by=(by,), min_cell_size=min_cell_size, summary=summary
        )

    results = SurveyResults(
        surveys,
        apps,
        split("stage", min_cell_size=EVERY_GROUP),
        split("outcome", min_cell_size=EVERY_GROUP),
        split("stage", min_cell_size=min_cell_size, summary=True),
        split("outcome", min_cell_size=min_cell_size, summary=True),
    )
    return _offer("satisfaction", results, lang)
