"""A report notebook's one line of wiring: `rep = ju.open_report(globals())` gives the run's
params, language and minimum cell size, applies the house style, and shows a table, a reading,
a chart or a refused step in one call, so notebooks hold narrative and calls, never plumbing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from IPython.display import HTML, Markdown, display
from matplotlib.figure import Figure

from journey_utils.attempts import Attempt, attempt_in
from journey_utils.i18n import first_sentences, text
from journey_utils.params.run import RunParams, notebook_params
from journey_utils.plotting import apply_house_style, style_table

FINDING_LIMIT = 320
"""Longest finding in the "In short" box: the lead sentences of a reading, whole."""


@dataclass(frozen=True)
class Report:
    """The open report: its params, language and minimum cell size, and how it shows things."""

    params: RunParams
    findings: dict[str, str] = field(default_factory=dict, compare=False)
    """Readings shown with a `key`, for the findings that open the page (`answer`)."""

    @property
    def lang(self) -> str:
        """The report language (`params.lang`)."""
        return self.params.lang

    @property
    def min_cell_size(self) -> int:
        """Groups smaller than this are masked in every table and chart (`params.min_cell_size`)."""
        return self.params.min_cell_size

    def table(
        self,
        frame: pd.DataFrame,
        *,
        pct_columns: Sequence[str] = (),
        cny_columns: Sequence[str] = (),
        html_columns: Sequence[str] = (),
        headers: Mapping[str, str] | None = None,
    ) -> pd.io.formats.style.Styler:
        """A table as the report shows it (`style_table` in the report language; `headers` gives
        named columns the table's own header, e.g. `case_study_headers(lang)`)."""
        return style_table(
            frame,
            pct_columns=pct_columns,
            cny_columns=cny_columns,
            lang=self.lang,
            html_columns=html_columns,
            headers=headers,
        )

    def text(self, key: str, **fields: object) -> str:
        """A message of the shared catalog (`i18n.text`) in the report language."""
        return text(key, self.lang, **fields)

    def heading(self, key: str, full_report: str | None = None) -> None:
        """Show a section heading (the catalog's `key` in the report language); with
        `full_report`, a link to the report page that has the whole section (the summary page)."""
        title = f"## {self.text(key)}"
        if full_report is not None:
            title += f" · [{self.text('full_report')}]({full_report})"
        self.reading(title)

    def html(self, markup: str) -> None:
        """Show markup the workbook built (its text already escaped), e.g. the KPI tiles."""
        display(HTML(markup))

    def reading(self, text: str, key: str | None = None) -> None:
        """Show a plain-language reading (Markdown written by a `*_reading` function); with a
        `key`, remember it as a finding `answer` may open the page with."""
        if key is not None:
            self.findings[key] = text
        display(Markdown(text))

    def answer(self, *keys: str, limit: int = FINDING_LIMIT) -> None:
        """The report's answer, first on the published page (its cell is tagged `answer`): the
        lead sentences of the readings remembered under `keys`, strongest first, in a box headed
        "In short". Keys whose step was refused (no reading) are left out."""
        lines = [
            f"- {first_sentences(self.findings[k], limit)}" for k in keys if self.findings.get(k)
        ]
        if lines:
            display(Markdown(f"## {self.text('in_short')}\n\n" + "\n".join(lines)))

    def attempt(self, what: str, step: Callable[..., Any], *args: Any, **kwargs: Any) -> Attempt:
        """Run a step that may refuse its input; the refusal becomes a note in the language."""
        return attempt_in(self.lang)(what, step, *args, **kwargs)

    def draw(self, step: Attempt, plot: Callable[[Any], Any]) -> Markdown | None:
        """A chart of a step that may have been refused: drawn (the figure shows itself, no
        `<Axes>` text under it), or the step's refusal note, once."""
        shown = step.show(plot)
        return shown if isinstance(shown, Markdown) else None

    def show(self, item: object, **table_options: Any) -> Any:
        """Show anything a report shows: a DataFrame as a styled table, text as a reading, a
        refused-or-done `Attempt` through its own `show`, a figure as it is."""
        if isinstance(item, pd.DataFrame):
            return self.table(item, **table_options)
        if isinstance(item, str):
            self.reading(item)
            return None
        if isinstance(item, Attempt):
            return item.show(lambda value: self.show(value, **table_options))
        if isinstance(item, Figure | Markdown):
            return item
        raise TypeError(f"a report cannot show a {type(item).__name__}")


def open_report(namespace: dict[str, Any]) -> Report:
    """The report of a notebook: params from its parameters cell (and what papermill injected),
    with the house style applied for every chart that follows."""
    apply_house_style()
    return Report(notebook_params(namespace))
