"""The index pages: a run's index.html and the reports folder's index.html listing every run."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from journey_utils.i18n import first_sentences
from journey_utils.params.run import RunParams
from journey_utils.reporting.assets import (
    PAGES_DIR,
    format_duration,
    format_time,
    house_css,
    labels,
)
from journey_utils.reporting.html_export import ANSWER_TAG
from journey_utils.reporting.results import (
    NOT_RUN,
    NOT_SELECTED,
    NotebookResult,
    RunStatus,
    left_out,
)

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
    only: str | None = None
    """The notebook an `--only` run re-ran (its other reports are copies), else None."""

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


HEADLINE_LIMIT = 180
"""Longest headline of a report on the index: whole sentences, else the first one cut."""
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"\*\*|__|`|(?<![\w*])[*_]|[*_](?![\w*])")
_BULLET = re.compile(r"^\s*[-*+]\s+(?P<text>.+)$", re.MULTILINE)
_CLAUSE_END = re.compile(r"[,，;；]|\s[—–]\s|——")
_LABELLED_NOTE = re.compile(r"^\s*\*\*[^*\n]{1,80}?(?:[:.：。]\*\*|\*\*\s*[:.：。])")
"""A reading that opens with a bold label ("**Privacy.** …", "**NPL ratio on this page:** …"):
a definition or a note beside the findings, never the headline."""
_SENTENCE_STOP = (".", "!", "?", "。", "！", "？", ")", "）")


def plain_text(markdown: str) -> str:
    """Markdown as one line of plain text: links as their words, no emphasis or code marks."""
    text = _MD_LINK.sub(lambda m: m.group("text"), markdown)
    return " ".join(_MD_EMPHASIS.sub("", text).split())


def lead(markdown: str, limit: int = HEADLINE_LIMIT) -> str:
    """The first sentences of a Markdown text within `limit`, plain; a first sentence longer
    than that is cut at a word and ends in an ellipsis."""
    text = plain_text(markdown)
    cut = first_sentences(text, limit)
    if len(cut) < len(text) and len(cut) >= limit and not cut.endswith(_SENTENCE_STOP):
        words = cut[: limit - 1].rsplit(" ", 1)[0] if " " in cut else cut[: limit - 1]
        cut = words.rstrip(" ,;:，；：") + "…"
    return cut


_LIST_ITEM = re.compile(r"<li[^>]*>(.*?)</li>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def markdown_outputs(nb: Mapping[str, Any]) -> list[tuple[bool, str]]:
    """Every Markdown output of an executed notebook, in order: (in an `answer` cell, text); an
    `answer` cell's HTML list counts as Markdown bullets."""
    found = []
    for cell in nb.get("cells", []):
        answer = ANSWER_TAG in cell.get("metadata", {}).get("tags", [])
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            markdown = data.get("text/markdown")
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            if markdown:
                text = "".join(markdown) if isinstance(markdown, list) else str(markdown)
                found.append((answer, text))
            elif answer and data.get("text/html"):  # an answer built as HTML (the "Act on" box)
                markup = data["text/html"]
                markup = "".join(markup) if isinstance(markup, list) else str(markup)
                items = [_TAG.sub("", item) for item in _LIST_ITEM.findall(markup)]
                if items:
                    found.append((True, "\n".join(f"- {html.unescape(i)}" for i in items)))
    return found


def _heading(text: str) -> str | None:
    """The words of a Markdown heading, or None when the text is no heading."""
    match = _MD_HEADING.match(text.strip())
    return plain_text(match.group("text")) if match and "\n" not in text.strip() else None


def answer_lead(outputs: Sequence[tuple[bool, str]]) -> str | None:
    """The lead finding of the report's `answer` box (its first bullet), if it has one."""
    for answer, text in outputs:
        bullet = _BULLET.search(text) if answer else None
        if bullet:
            return lead(bullet.group("text"))
    return None


def verdict_clauses(outputs: Sequence[tuple[bool, str]]) -> str | None:
    """A case study's verdicts in a line ("Completion: effect found · Time: no detectable
    effect"): each reading that opens with the outcome named by the heading just above it,
    up to its first comma."""
    clauses = []
    for (_, above), (_, text) in pairwise(outputs):
        name = _heading(above)
        reading = plain_text(text)
        if name and reading.startswith((f"{name}:", f"{name}：")):
            clauses.append(_CLAUSE_END.split(reading, maxsplit=1)[0].rstrip("。."))
    return lead(" · ".join(clauses)) if clauses else None


def first_reading(outputs: Sequence[tuple[bool, str]]) -> str | None:
    """The first sentences of the first Markdown output that is neither a heading nor a
    labelled note."""
    for _, text in outputs:
        if _heading(text) is None and not _LABELLED_NOTE.match(text) and plain_text(text):
            return lead(text)
    return None


def report_headline(nb: Mapping[str, Any]) -> str | None:
    """One plain line for the index: the answer box's lead finding, else the case study's
    verdicts, else the first reading of the executed notebook (None if it shows no text)."""
    outputs = markdown_outputs(nb)
    return answer_lead(outputs) or verdict_clauses(outputs) or first_reading(outputs)


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
    """A leaf value as a reader writes it: lists comma-separated, `–` for nothing."""
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value) or "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or value == {}:
        return "–"
    return str(value)


def _item_key(value: object, position: int) -> str:
    """How a row names an item of a list of mappings: its `name`, else its position from 1."""
    name = value.get("name") if isinstance(value, dict) else None
    return name if isinstance(name, str) and name else str(position)


def _flat(key: str, value: object) -> list[tuple[str, str]]:
    """Nested params (an event-log mapping, the case studies) as one readable row per leaf:
    'event_log.stages.x', 'case_studies.form.waves.1.start'."""
    if isinstance(value, dict) and value:
        return [row for k, v in value.items() for row in _flat(f"{key}.{k}", v)]
    if isinstance(value, list | tuple) and any(isinstance(v, dict | list | tuple) for v in value):
        return [
            row
            for i, item in enumerate(value, 1)
            for row in _flat(f"{key}.{_item_key(item, i)}", item)
        ]
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


def client_count(sources: Mapping[str, Any], params: RunParams) -> int | None:
    """Clients the run covers: the integration's accepted client rows, else the generator's
    `n_clients` for synthetic data, else None (an event log or a loan book has no clients)."""
    clients = sources.get("clients")
    accepted = clients.get("accepted") if isinstance(clients, dict) else None
    if isinstance(accepted, int):
        return accepted
    return params.n_clients if params.synthetic else None


def run_facts(
    params: RunParams, clients: int | None, started: str, finished: str, params_file: str
) -> list[tuple[str, str]]:
    """The few facts a manager checks before reading: data, period, clients, language, case
    studies and when the run was made, as (label, value) rows."""
    words = labels(params.lang)
    studies = "; ".join(cs.display_title(params.lang) for cs in params.case_studies)
    rows = [
        (words["data_set"], data_set_label(params)),
        (words["as_of"], params.as_of.isoformat()),
        (words["period"], f"{params.start_date.isoformat()} – {params.as_of.isoformat()}"),
        (words["clients"], f"{clients:,}" if clients is not None else ""),
        (words["language"], words[f"language_{params.lang}"]),
        (words["case_studies"], studies),
        (words["started"], format_time(started)),
        (words["finished"], format_time(finished)),
        (words["params_file"], params_file),
    ]
    return [(label, value) for label, value in rows if value]


def notebook_notes(nb: NotebookResult, words: Mapping[str, str]) -> list[str]:
    """What a reader must know beside a report's status: why it did not run or failed, and
    which run it was copied from and why."""
    notes = []
    if nb.status == NOT_RUN:
        notes.append(words["not_rerun_reason"] if left_out(nb) else words["not_run_reason"])
    elif nb.error:
        notes.append(nb.error)
    if nb.reused_from:
        why = "reused_only" if nb.reuse_reason == NOT_SELECTED else "reused_unchanged"
        notes.append(words[why].format(run=nb.reused_from))
    return notes


def notebook_row(nb: NotebookResult, words: Mapping[str, str]) -> dict[str, Any]:
    """One report as the run index lists it (a copied report took no time of this run)."""
    return {
        "name": nb.name,
        "title": nb.title,
        "status": nb.status,
        "html": nb.html,
        "headline": nb.headline or "",
        "duration": format_duration(None if nb.reused_from else nb.duration_s),
        "notes": notebook_notes(nb, words),
        "external_references": nb.external_references,
    }


def run_banners(notebooks: Sequence[NotebookResult], only: str | None, lang: str) -> list[str]:
    """Lines over the reports of an `--only` run: which notebook it re-ran, and whether it is
    incomplete (then `latest` still points to the last complete run)."""
    if only is None:
        return []
    words = labels(lang)
    banners = [words["only_note"].format(only=only)]
    missing = [nb.name for nb in notebooks if left_out(nb)]
    if missing:
        banners.append(words["partial_note"].format(missing=", ".join(missing)))
    return banners


def render_run_index(
    params: RunParams,
    notebooks: Sequence[NotebookResult],
    *,
    run_id: str,
    status: RunStatus,
    started: str,
    finished: str,
    params_file: str,
    only: str | None = None,
    clients: int | None = None,
) -> str:
    """A run's index.html as a front page: each report's title, status, headline and link, the
    run's facts, and every parameter in a collapsed block."""
    words = labels(params.lang)
    run = {
        "run_id": run_id,
        "status": status,
        "as_of": params.as_of.isoformat(),
        "data_set": data_set_label(params),
        "banners": run_banners(notebooks, only, params.lang),
        "notebooks": [notebook_row(nb, words) for nb in summary_first(notebooks)],
        "facts": run_facts(params, clients, started, finished, params_file),
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
        only=str(manifest["only"]) if manifest.get("only") else None,
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
