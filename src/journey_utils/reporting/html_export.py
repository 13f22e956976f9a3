"""An executed notebook as one self-contained HTML report: code hidden, house look, no CDN."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:  # nbformat, nbconvert and bs4 load on first export (1.6 s and more)
    import nbformat
    from bs4 import Tag
    from nbconvert import HTMLExporter

from journey_utils.i18n import first_sentences
from journey_utils.reporting.assets import REPORT_TEMPLATE, TEMPLATES_DIR, labels
from journey_utils.reporting.nb_imports import skip_iri_grammar

OFFLINE_DATA_PRIORITY: tuple[str, ...] = (
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/latex",
    "image/png",
    "image/jpeg",
    "text/plain",
)
"""Output types a report shows, best first; JavaScript and widgets need the network, so never."""

REMOVE_CELL_TAGS = ("remove-cell", "remove_cell")
ANSWER_TAG = "answer"
"""A cell tagged `answer` (the report's findings, computed last) opens the published page."""
METHOD_TAG = "method"
"""Cells tagged `method` (rules, features, diagnostics, model tables) close the published page
inside one collapsed "How this was computed" block, expanded when printed."""
ALT_LIMIT = 400
"""Longest alt text of a chart: its heading and the first sentences of its reading."""
REMOVE_OUTPUT_TAGS = ("remove-output", "remove_output")

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.+?)\s*#*\s*$", re.MULTILINE)
_INLINE_MARKUP = re.compile(r"[*_`]+")
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(
    r"""(?:url\(\s*["']?|@import\s+["'])(?P<url>(?:[a-z][a-z0-9+.-]*:)?//[^"')\s]+)""",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"""[-+−]?\s*(?:¥|CNY\s?|\$)?\s*
        (?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?
        \s*(?:%|‰|pp|bp|亿|万|bn|m|k|x|s|h|d)?""",
    re.IGNORECASE | re.VERBOSE,
)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_MISSING = frozenset({"", "–", "-", "—", "nan", "NaN", "<NA>", "None", "NaT"})
_RESOURCE_ATTRS = ("src", "href", "data", "poster", "srcset", "background")
_OPEN_DETAILS_FOR_PRINT = (
    "window.addEventListener('beforeprint', function () {"
    " document.querySelectorAll('details').forEach(function (d) { d.open = true; }); });"
)


@dataclass(frozen=True)
class ReportHeader:
    """What the header of a report says about its run."""

    title: str
    run_id: str
    as_of: str
    data_set: str
    status: str
    lang: str = "en"
    index_href: str = "index.html"

    def resources(self) -> dict[str, Any]:
        """The header as the template sees it (`resources.journey`)."""
        words = labels(self.lang)
        return {
            "title": self.title,
            "run_id": self.run_id,
            "as_of": self.as_of,
            "data_set": self.data_set,
            "status": self.status,
            "status_label": words.get(self.status, self.status),
            "index_href": self.index_href,
            "labels": words,
        }


def report_title(nb: nbformat.NotebookNode, default: str, lang: str = "en") -> str:
    """The text of the notebook's first markdown heading among the cells of report language
    `lang`, else `default`. A bilingual title ("Management summary · 管理层摘要") reads in the
    report's language first: a Chinese report's title is "管理层摘要 · Management summary"."""
    for cell in for_language(nb, lang).cells:
        if cell.cell_type != "markdown":
            continue
        match = _HEADING.search(cell.source)
        if match:
            title = _INLINE_MARKUP.sub("", match.group("text")).strip() or default
            if lang == "zh":
                return _chinese_first(title)
            return title
    return default


_TITLE_HALVES = re.compile(r"(?P<first>[^·]*[^\s·])\s+·\s+(?P<second>[^·]+)")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _chinese_first(title: str) -> str:
    """'English · 中文' as '中文 · English'; any other title as it is."""
    halves = _TITLE_HALVES.fullmatch(title)
    if halves is None or _CJK.search(halves["first"]) or not _CJK.search(halves["second"]):
        return title
    return f"{halves['second']} · {halves['first']}"


LANG_TAG_PREFIX = "lang-"
"""A cell tagged `lang-zh` (or `lang-en`) is narrative in that language only: a report in the
other language leaves it out, so notebooks carry both and `lang` picks one."""


def for_language(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """A copy without the cells tagged for another report language."""
    kept = copy.deepcopy(nb)
    kept.cells = [
        cell
        for cell in kept.cells
        if not any(
            t.startswith(LANG_TAG_PREFIX) and t != f"{LANG_TAG_PREFIX}{lang}"
            for t in cell.get("metadata", {}).get("tags", [])
        )
    ]
    return kept


def without_title(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook without its first heading line (the report header shows it)."""
    trimmed = copy.deepcopy(nb)
    for index, cell in enumerate(trimmed.cells):
        if cell.cell_type != "markdown":
            continue
        match = _HEADING.search(cell.source)
        if match:
            cell.source = (cell.source[: match.start()] + cell.source[match.end() :]).strip()
            if not cell.source:
                del trimmed.cells[index]
            break
    return trimmed


def without_tracebacks(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy whose error outputs keep only "ename: evalue": reports show no code, even when a
    notebook failed. The full traceback stays in the executed notebook beside the report."""
    trimmed = copy.deepcopy(nb)
    for cell in trimmed.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = str(output.get("evalue", "")).splitlines()[:1]
                output["traceback"] = [f"{output.get('ename', 'Error')}: {''.join(first_line)}"]
    return trimmed


def strip_css_comments(css: str) -> Markup:
    """CSS without its comments (template filter: lab's stylesheets cite web pages in them)."""
    return Markup(_CSS_COMMENT.sub("", str(css)))


def report_exporter(lang: str = "en") -> HTMLExporter:
    """nbconvert's HTML exporter with the house template, code and prompts hidden, images inline."""
    skip_iri_grammar()
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.NbConvertBase.display_data_priority = list(OFFLINE_DATA_PRIORITY)
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
    config.TagRemovePreprocessor.remove_all_outputs_tags = set(REMOVE_OUTPUT_TAGS)
    exporter = HTMLExporter(
        config=config,
        template_name=REPORT_TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        theme="light",
        language_code=lang,
    )
    exporter.register_filter("strip_css_comments", strip_css_comments)
    return exporter


def render_report(
    nb: nbformat.NotebookNode, header: ReportHeader, assets_dir: Path | None = None
) -> str:
    """The report's HTML text; `assets_dir` is where the notebook's own images are found."""
    body = without_tracebacks(without_title(for_language(nb, header.lang)))
    body.metadata["title"] = header.title
    resources: dict[str, Any] = {"journey": header.resources()}
    if assets_dir is not None:
        resources["metadata"] = {"path": str(assets_dir)}
    html, _ = report_exporter(header.lang).from_notebook_node(body, resources=resources)
    return arrange_page(html, header.lang)


def arrange_page(html: str, lang: str = "en") -> str:
    """The exported page as a manager reads it: the `answer` cells first, the `method` cells in
    a collapsed appendix at the end, every chart with alt text from its heading and reading, and
    numeric table columns right-aligned."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    words = labels(lang)
    describe_images(soup, words)
    notebook = soup.select_one("main") or soup.body
    if notebook is not None:
        cells = notebook.select("div.jp-Cell")
        answer = [c for c in cells if _tagged(c, ANSWER_TAG)]
        method = [c for c in cells if _tagged(c, METHOD_TAG)]
        if answer and cells:
            first = cells[0]
            for cell in answer:
                first.insert_before(cell.extract())
        if method:
            details = soup.new_tag("details", attrs={"class": "journey-method"})
            summary = soup.new_tag("summary")
            summary.string = words["method"]
            details.append(summary)
            for cell in method:
                details.append(cell.extract())
            footer = notebook.select_one("footer.journey-footer")
            if footer is not None:
                footer.insert_before(details)
            else:
                notebook.append(details)
            script = soup.new_tag("script")
            script.string = _OPEN_DETAILS_FOR_PRINT
            (soup.body or notebook).append(script)
    for table in soup.find_all("table"):
        _mark_table(table)
    return str(soup)


def _tagged(cell: Any, tag: str) -> bool:
    """Whether an exported cell carries a tag (lab puts a code cell's tags on the cell and a
    Markdown cell's on its rendered text)."""
    name = f"celltag_{tag}"
    return name in (cell.get("class") or []) or cell.select_one(f".{name}") is not None


def describe_images(soup: Any, words: dict[str, str]) -> None:
    """Alt text on every image: "Chart: <heading>. <first sentences of its reading>", the
    reading being the text its own cell shows, else that of the next cell (when it opens no new
    section), else the last text of its section above it."""
    cells = soup.select("div.jp-Cell")
    heading, narrative = "", ""
    for index, cell in enumerate(cells):
        found = cell.find(["h1", "h2", "h3", "h4"])
        if found is not None:
            heading = _heading_text(found)
            narrative = ""
        images = cell.find_all("img")
        if not images:
            narrative = _cell_text(cell) or narrative
            continue
        after = cells[index + 1] if index + 1 < len(cells) else None
        follows = (
            _cell_text(after)
            if after is not None and after.find(["h1", "h2", "h3", "h4"]) is None
            else ""
        )
        reading = _cell_text(cell) or follows or narrative
        lead = words["chart"].format(heading=heading) if heading else words["chart_bare"]
        alt = first_sentences(f"{lead}{words['sentence_gap']}{reading}", ALT_LIMIT)
        for image in images:
            if not image.get("alt") or "No description" in image.get("alt", ""):
                image["alt"] = alt


def _heading_text(heading: Any) -> str:
    """A heading's own words: without its anchor mark and without links in it (`Full report`)."""
    words = [str(t) for t in heading.find_all(string=True) if t.find_parent("a") is None]
    return " ".join("".join(words).replace("¶", "").split()).strip(" ·")


def _cell_text(cell: Any) -> str:
    """The prose a cell shows (paragraphs of rendered Markdown, tables left out)."""
    parts = [p.get_text(" ", strip=True) for p in cell.select(".jp-RenderedMarkdown p")]
    return " ".join(p for p in parts if p)


def export_report(
    notebook: Path, target: Path, header: ReportHeader, assets_dir: Path | None = None
) -> tuple[str, ...]:
    """Write the executed `notebook` as HTML to `target`; return any URLs it would fetch."""
    skip_iri_grammar()
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    html = render_report(nb, header, assets_dir)
    target.write_text(html, encoding="utf-8")
    return external_references(html)


def external_references(html: str) -> tuple[str, ...]:
    """URLs a browser would fetch to show the page (scripts, styles, images, frames, fonts).

    Ordinary links (`<a href>`) are not fetched and are not counted.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    for tag in soup.find_all(True):
        if tag.name != "a":
            for attr in _RESOURCE_ATTRS:
                value = tag.get(attr)
                if isinstance(value, str) and _EXTERNAL.match(value):
                    found.append(value.strip())
        style = tag.get("style")
        if isinstance(style, str):
            found.extend(m.group("url") for m in _CSS_URL.finditer(style))
    for style_tag in soup.find_all("style"):
        found.extend(m.group("url") for m in _CSS_URL.finditer(style_tag.get_text()))
    return tuple(dict.fromkeys(found))


def is_number(text: str) -> bool:
    """Whether a table cell holds a number as printed (1,234 · 12.5% · CNY 3.2m · ¥1.2亿)."""
    return _NUMBER.fullmatch(text.strip()) is not None


def mark_numeric_cells(html: str) -> str:
    """Class `num` on the cells (and headers) of numeric table columns, for CSS to right-align."""
    from bs4 import BeautifulSoup

    if "<table" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for table in soup.find_all("table"):
        _mark_table(table)
    return str(soup)


def _mark_table(table: Tag) -> None:
    rows = table.find_all("tr")
    spanned = any(
        cell.get("colspan", "1") != "1" or cell.get("rowspan", "1") != "1"
        for row in rows
        for cell in row.find_all(["td", "th"], recursive=False)
    )
    if spanned:  # multi-index tables: decide cell by cell
        for cell in table.find_all("td"):
            if is_number(cell.get_text()):
                _add_class(cell, "num")
        return
    columns: dict[int, list[Tag]] = {}
    for row in rows:
        for position, cell in enumerate(row.find_all(["td", "th"], recursive=False)):
            columns.setdefault(position, []).append(cell)
    for cells in columns.values():
        values = [c.get_text().strip() for c in cells if c.name == "td"]
        present = [v for v in values if v not in _MISSING]
        if present and all(is_number(v) for v in present):
            for cell in cells:
                if cell.name == "td" or cell.find_parent("thead") is not None:
                    _add_class(cell, "num")


def _add_class(cell: Tag, name: str) -> None:
    classes = cell.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    if name not in classes:
        cell["class"] = [*classes, name]
