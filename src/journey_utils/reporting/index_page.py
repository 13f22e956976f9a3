"""The index pages: a run's index.html and the reports folder's index.html listing every run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from journey_utils.params.run import RunParams
from journey_utils.reporting.assets import (
    PAGES_DIR,
    format_duration,
    format_time,
    house_css,
    labels,
)
from journey_utils.reporting.results import NOT_RUN, NotebookResult, RunStatus

SUMMARY_NOTEBOOK = "00_summary"
INDEX_FILE = "index.html"


@dataclass(frozen=True)
class RunListing:
    """One line of the reports folder's index (read back from a published run's manifest)."""

    run_id: str
    status: str
    run_name: str
    data_set: str
    as_of: str
    started: str
    """ISO timestamp (sorts newest first); pages show it formatted."""
    duration: str

    @property
    def started_label(self) -> str:
        return format_time(self.started)


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(PAGES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _render(template: str, lang: str, **context: Any) -> str:
    page = _environment().get_template(template)
    return page.render(css=Markup(house_css()), lang=lang, words=labels(lang), **context)


def data_set_label(params: RunParams) -> str:
    """How pages name the data set: its folder, flagged when synthetic."""
    suffix = f" ({labels(params.lang)['synthetic']})" if params.synthetic else ""
    return f"{params.data_dir}{suffix}"


def summary_first(notebooks: Sequence[NotebookResult]) -> list[NotebookResult]:
    """Notebooks by number, the one-page summary (`00_summary`) on top: the order a reader
    expects, whatever order the run needed (segments before the journey report)."""
    return sorted(notebooks, key=lambda nb: (nb.name != SUMMARY_NOTEBOOK, nb.name))


SYNTHETIC_ONLY: frozenset[str] = frozenset({"seed", "n_clients", "dirty_share"})
"""Keys that only steer the generator: not shown for real data."""

PORTFOLIO_ONLY: frozenset[str] = frozenset({"sources", "lpr_1y", "lpr_5y"})
"""Keys that only concern the nine-source portfolio: not shown for an event log."""


def _applies(key: str, params: RunParams) -> bool:
    if key in SYNTHETIC_ONLY and not params.synthetic:
        return False
    is_event_log = getattr(params, "event_log", None) is not None
    is_loan_book = getattr(params, "loan_book", None) is not None
    if key in PORTFOLIO_ONLY and (is_event_log or is_loan_book):
        return False
    if key == "loan_book" and not is_loan_book:
        return False
    return not (key == "event_log" and not is_event_log)


def _text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or value == {}:
        return "–"
    return str(value)


def _flat(key: str, value: object) -> list[tuple[str, str]]:
    """Nested params (an event-log mapping) as one readable row per leaf: 'event_log.stages.x'."""
    if isinstance(value, dict) and value:
        return [row for k, v in value.items() for row in _flat(f"{key}.{k}", v)]
    return [(key, _text(value))]


def param_rows(params: RunParams) -> list[tuple[str, str]]:
    """The params that apply to this run as (key, readable value) pairs, nested ones flattened,
    in the order RunParams declares them."""
    return [
        row
        for key, value in params.as_notebook_parameters().items()
        if _applies(key, params)
        for row in _flat(key, value)
    ]


def render_run_index(
    params: RunParams,
    notebooks: Sequence[NotebookResult],
    *,
    run_id: str,
    status: RunStatus,
    started: str,
    finished: str,
    params_file: str,
) -> str:
    """A run's index.html: header, one row per notebook (status, duration, link), the params."""
    words = labels(params.lang)
    rows = [
        {
            "name": nb.name,
            "title": nb.title,
            "status": nb.status,
            "html": nb.html,
            "duration": format_duration(nb.duration_s),
            "note": words["not_run_reason"] if nb.status == NOT_RUN else (nb.error or ""),
            "external_references": nb.external_references,
        }
        for nb in summary_first(notebooks)
    ]
    run = {
        "run_id": run_id,
        "status": status,
        "as_of": params.as_of.isoformat(),
        "data_set": data_set_label(params),
        "started": format_time(started),
        "finished": format_time(finished),
        "params_file": params_file,
        "notebooks": rows,
        "params": param_rows(params),
    }
    return _render(
        "run_index.html.j2", params.lang, page_title=f"{words['title_run']} {run_id}", run=run
    )


def listing_from_manifest(manifest: dict[str, Any]) -> RunListing:
    """A reports-index line from a run's manifest (tolerant of older manifests)."""
    params = manifest.get("params") or {}
    synthetic = f" ({labels(str(params.get('lang', 'en')))['synthetic']})"
    data_set = str(params.get("data_dir", "–")) + (synthetic if params.get("synthetic") else "")
    duration = manifest.get("duration_s")
    return RunListing(
        run_id=str(manifest.get("run_id", "?")),
        status=str(manifest.get("status", "?")),
        run_name=str(params.get("run_name", "–")),
        data_set=data_set,
        as_of=str(params.get("as_of", "–")),
        started=str(manifest.get("started", "")),
        duration=format_duration(duration if isinstance(duration, int | float) else None),
    )


def render_reports_index(runs: Sequence[RunListing], latest: str | None, lang: str = "en") -> str:
    """The reports folder's index.html: every published run, newest first, with its status."""
    newest_first = sorted(runs, key=lambda r: (r.started, r.run_id), reverse=True)
    words = labels(lang)
    return _render(
        "reports_index.html.j2",
        lang,
        page_title=words["title_runs"],
        runs=newest_first,
        latest=latest,
    )


def index_path(folder: Path) -> Path:
    """Where a folder's index page lives."""
    return folder / INDEX_FILE
