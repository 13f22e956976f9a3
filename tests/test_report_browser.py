"""The smoke run's reports in a real browser, in English and Chinese, as a manager opens and
prints them: headless system Chromium (Playwright, never a downloaded browser) with the network
off, on screen at 1280 px and in print at A4 width.

What only a browser shows: a request that leaves the page, a table cut off on paper, a Chinese
cell one character wide, an image a screen reader cannot describe, a raw `nan` on screen, the
summary's "Act on" box and RAG tiles, and an effect claimed although the pre-trend check failed.
Screenshots of every page go to <run folder>/screenshots and, when JOURNEY_ARTIFACTS_DIR is set
(.ci/run sets it), to <that folder>/screenshots/<lang>/ so CI keeps them. Without a browser the
tests skip and say why (.ci/run installs Debian's `chromium`).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

from journey_utils.case_study.messages import MESSAGES as CASE_STUDY

if TYPE_CHECKING:
    from conftest import SmokeRun

REPO = Path(__file__).resolve().parents[1]
LANGS = ("en", "zh")
ARTIFACTS_ENV = "JOURNEY_ARTIFACTS_DIR"
"""A folder that outlives the test session (CI's artefacts): screenshots are copied there."""
RAG = {"green", "amber", "red"}
VERDICTS_HEADINGS = {"Verdicts", "结论"}
"""The h2 above a case study's verdicts table (notebooks/06_case_study.ipynb, en and zh)."""
Browsed = Callable[[str], dict[str, Any]]
"""The `browsed` fixture: a language's pages by name, each a browse_reports.PageReport."""


def _browse_reports() -> ModuleType:
    """checks/browse_reports.py as a module (checks/ is scripts, not a package); registered in
    sys.modules before it runs, as its dataclasses need."""
    name = "browse_reports"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "checks" / "browse_reports.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


browse_reports = _browse_reports()
PageReport = browse_reports.PageReport


def _keep_artifacts(shots: Path, lang: str, pages: dict[str, Any]) -> None:
    """Copy the screenshots to $JOURNEY_ARTIFACTS_DIR/screenshots/<lang>/ (replacing an earlier
    session's) with findings.txt, every finding of the run in one file."""
    target = os.environ.get(ARTIFACTS_ENV)
    if not target:
        return
    folder = Path(target) / "screenshots" / lang
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(shots, folder)
    findings = [line for page in pages.values() for line in page.findings]
    (folder / "findings.txt").write_text("".join(f"{f}\n" for f in findings), encoding="utf-8")


def _why_no_browser() -> str | None:
    """Why no headless Chromium can be started here (browse_reports' reason), or None."""
    try:
        with browse_reports.offline_browser():
            return None
    except RuntimeError as exc:
        return str(exc)


@pytest.fixture(scope="session")
def browsed(smoke_run: Callable[[str], SmokeRun]) -> Browsed:
    """`(lang) -> {page name: PageReport}`: every page of that language's smoke run opened once
    per session. Skips with the reason when no browser can be started, found out before any
    run, so a machine without Chromium does not publish the Chinese run for nothing."""
    pages: dict[str, dict[str, Any]] = {}
    no_browser: list[str | None] = []

    def get(lang: str) -> dict[str, Any]:
        if not no_browser:
            no_browser.append(_why_no_browser())
        if no_browser[0] is not None:
            pytest.skip(f"no browser for the report tests: {no_browser[0]}")
        if lang not in pages:
            folder = smoke_run(lang).folder
            shots = folder / "screenshots"
            reports = browse_reports.browse_run(folder, shots)
            pages[lang] = {report.name: report for report in reports}
            _keep_artifacts(shots, lang, pages[lang])
        return pages[lang]

    return get


def _check(pages: dict[str, Any], name: str) -> list[str]:
    """One check of browse_reports over every page: its findings (each names its page)."""
    assert {"00_summary", "index"} <= pages.keys(), f"pages browsed: {sorted(pages)}"
    return [line for page in pages.values() for line in browse_reports.CHECKS[name](page)]


@pytest.mark.parametrize("lang", LANGS)
def test_no_request_leaves_file_or_data(browsed: Browsed, lang: str) -> None:
    """A manager opens the reports offline: a font, script or image from the internet would
    be missing there (and would tell a third party the report was opened)."""
    found = _check(browsed(lang), "offline")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_no_table_is_wider_than_an_a4_page_in_print(browsed: Browsed, lang: str) -> None:
    """Printed on A4, a wider table loses its right-hand columns."""
    found = _check(browsed(lang), "print_width")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_no_table_cell_is_narrower_than_two_cjk_characters(browsed: Browsed, lang: str) -> None:
    """A squeezed column breaks Chinese text one character a line, unreadable."""
    found = _check(browsed(lang), "cjk_cells")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_every_image_has_its_own_alt_text(browsed: Browsed, lang: str) -> None:
    """A chart without alt text (or nbconvert's default) says nothing to a screen reader."""
    found = _check(browsed(lang), "alt_text")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_no_nan_inf_none_or_dtype_is_shown(browsed: Browsed, lang: str) -> None:
    """Missing or infinite numbers and pandas' internals read as a broken report."""
    found = _check(browsed(lang), "raw_values")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_summary_shows_the_act_on_box(browsed: Browsed, lang: str) -> None:
    """The summary opens with what to act on: a .journey-act-on box listing at least one item."""
    items = browsed(lang)["00_summary"].content["act_on"]
    assert items is not None, "00_summary: no .journey-act-on box"
    assert items >= 1, "00_summary: the .journey-act-on box lists nothing (no li)"


@pytest.mark.parametrize("lang", LANGS)
def test_summary_shows_rag_tiles(browsed: Browsed, lang: str) -> None:
    """Headline figures carry a red/amber/green status against their targets."""
    tiles = browsed(lang)["00_summary"].content["rag"]
    assert tiles, "00_summary: no .journey-tile[data-rag]"
    odd = sorted(set(tiles) - RAG)
    assert not odd, f"00_summary: tiles with data-rag {odd} (allowed: green, amber, red)"


def _column(table: dict[str, Any], names: set[str], page: str) -> int:
    """The position of the first header in `names` (the table's own words in either language)."""
    for i, header in enumerate(table["header"]):
        if header in names:
            return i
    raise AssertionError(f"{page}: no column {sorted(names)} in the table {table['header']}")


@pytest.mark.parametrize("lang", LANGS)
def test_no_effect_found_where_the_pre_trend_check_failed(browsed: Browsed, lang: str) -> None:
    """Treated and control already drifting apart before the start means the estimate cannot be
    told from that drift: neither the case study's verdicts table nor the summary's may say
    "effect found" for that outcome (verdict.verdict_kind calls it uncertain)."""
    pages = browsed(lang)
    found = CASE_STUDY("verdict_kind.found", lang)
    prefix = CASE_STUDY.template("parallel_trends", lang).partition("{tested}")[0]
    violated = prefix.format(verdict=CASE_STUDY("parallel_trends_violated", lang))
    said = f"although its section says {violated.rstrip(': ：')!r}"
    outcome_header = {CASE_STUDY("header.outcome", la) for la in LANGS}
    verdict_header = {CASE_STUDY("header.verdict", la) for la in LANGS}
    summary_rows = [
        (row, links)
        for table in pages["00_summary"].content["tables"]
        for row, links in zip(table["rows"], table["links"], strict=True)
    ]
    studies = sorted(name for name in pages if name.startswith("06_case_study-"))
    assert studies, "no 06_case_study-*.html page in the run"
    problems = []
    for name in studies:
        content = pages[name].content
        table = next((t for t in content["tables"] if t["heading"] in VERDICTS_HEADINGS), None)
        assert table is not None, f"{name}: no table under a {sorted(VERDICTS_HEADINGS)} heading"
        at_outcome = _column(table, outcome_header, name)
        at_verdict = _column(table, verdict_header, name)
        sections = {s["title"]: s["text"] for s in content["sections"][::-1] if s["level"] == 3}
        outcomes = [row[at_outcome] for row in table["rows"]]
        assert set(outcomes) & sections.keys(), f"{name}: no h3 section for any of {outcomes}"
        for row in table["rows"]:
            outcome = row[at_outcome]
            if violated not in sections.get(outcome, ""):
                continue
            if row[at_verdict] == found:
                problems.append(f"{name}: the verdict on {outcome} is {found!r} {said}")
            for cells, links in summary_rows:
                if f"{name}.html" in links and outcome in cells and found in cells:
                    problems.append(f"00_summary: {name}'s {outcome} says {found!r} {said}")
    assert not problems, "\n".join(problems)
