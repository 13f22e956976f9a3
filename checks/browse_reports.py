"""Open a published run's reports in headless Chromium with the network off, as a manager would,
screen and print: save a screenshot of each and list what a reader would stumble on.

    python checks/browse_reports.py reports/<run_id>            # screenshots + findings
    python checks/browse_reports.py reports/<run_id> --strict   # exit 1 on any finding

Uses the system Chromium (Debian's `chromium`, or JOURNEY_CHROMIUM) through Playwright; no
browser is downloaded. `tests/test_report_browser.py` runs the same checks on the smoke run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

A4_PRINT_WIDTH_PX = 718
"""A4 (210 mm) less 12 mm margins each side, at 96 CSS px per inch: what a printed page holds."""
SCREEN = {"width": 1280, "height": 900}
DEFAULT_ALT = "No description has been provided for this image"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Without the background-networking flags Chromium keeps calling home, which a closed network
refuses many times a second."""
_RAW_TOKENS = re.compile(r"(?<![\w-])(?:nan|NaN|-?inf|NaT|<NA>|dtype|None)(?![\w-])")
"""Values a reader must never see: missing and infinite numbers, pandas' dtypes, Python's None."""
_RAW_PROSE = re.compile(r"(?<![\w-])(?:nan|NaN|-?inf|NaT|<NA>|dtype)(?![\w-])")
"""The same in running text, where English "None" is a word."""

_PAGE_FACTS = """() => {
  const cjk = /[\\u3400-\\u9fff\\uf900-\\ufaff]/;
  const vw = document.documentElement.clientWidth;
  const tables = [...document.querySelectorAll('table')].map((t, i) => {
    const r = t.getBoundingClientRect();
    return {index: i, right: Math.round(r.right), width: Math.round(r.width),
            visible: r.width > 0 && r.height > 0};
  });
  const narrow = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const text = cell.innerText.trim();
    if (!cjk.test(text) || text.length < 2) continue;
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const em = parseFloat(style.fontSize);
    if (cell.clientWidth > 0 && inner < 2 * em - 0.5) narrow.push(text.slice(0, 12));
  }
  const cells = [...document.querySelectorAll('td, th')].map(c => c.innerText.trim());
  const images = [...document.querySelectorAll('img')].map(i => i.getAttribute('alt'));
  return {viewport: vw, tables, narrow, cells, images, text: document.body.innerText};
}"""

_PAGE_CONTENT = """() => {
  const title = h => h.innerText.replace(/\u00b6/g, '').trim();
  const heads = [...document.querySelectorAll('h1, h2, h3')];
  const sections = heads.map((h, i) => {
    const range = document.createRange();
    range.setStartAfter(h);
    if (i + 1 < heads.length) range.setEndBefore(heads[i + 1]);
    else range.setEndAfter(document.body.lastChild);
    return {level: Number(h.tagName[1]), title: title(h), text: range.toString()};
  });
  const follows = (a, b) => a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING;
  const tables = [...document.querySelectorAll('table')].map(t => {
    const before = sections.filter((s, i) => follows(heads[i], t));
    const h2 = before.filter(s => s.level <= 2).pop();
    const text = c => c.innerText.trim();
    const body = [...t.querySelectorAll('tbody tr')];
    return {
      heading: h2 ? h2.title : null,
      header: [...t.querySelectorAll('thead th')].map(text),
      rows: body.map(r => [...r.querySelectorAll('th, td')].map(text)),
      links: body.map(r => [...r.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))),
    };
  });
  const actOn = document.querySelector('.journey-act-on');
  return {
    sections,
    tables,
    act_on: actOn ? actOn.querySelectorAll('li').length : null,
    rag: [...document.querySelectorAll('.journey-tile[data-rag]')].map(t => t.dataset.rag),
  };
}"""
"""What the page says, for tests of its content: each h1-h3 section's title and text (up to the
next heading), each table's rows under its h2, the "Act on" box's items and the RAG tiles."""


@dataclass
class PageReport:
    """What one page showed: its findings (empty when it reads cleanly) and facts for tests."""

    name: str
    findings: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    print_facts: dict[str, Any] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    content: dict[str, Any] = field(default_factory=dict)
    screenshot: Path | None = None


def chromium_path() -> str | None:
    """The system Chromium: JOURNEY_CHROMIUM, else `chromium` or `chromium-browser` on PATH."""
    named = os.environ.get("JOURNEY_CHROMIUM")
    if named and Path(named).is_file():
        return named
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def offline_browser() -> Iterator[Any]:
    """A headless Chromium (Playwright driving the system browser); raises RuntimeError with
    the reason when none can be started."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        raise RuntimeError("Playwright is not installed (pip install -e '.[dev]')") from exc
    path = chromium_path()
    if path is None:
        raise RuntimeError("no Chromium on this machine (apt-get install chromium)")
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(
                executable_path=path, headless=True, args=list(CHROMIUM_ARGS)
            )
        except Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise RuntimeError(f"Chromium ({path}) did not start: {first}") from exc
        try:
            yield browser
        finally:
            browser.close()


def _around(text: str, match: re.Match[str], width: int = 30) -> str:
    """The raw value with a little of the text around it (a whole params dict is one cell of
    the index page)."""
    start, end = max(match.start() - width, 0), match.end() + width
    return f"{'…' * (start > 0)}{text[start:end]}{'…' * (end < len(text))}"


def fetched(report: PageReport) -> list[str]:
    """Requests that left file:/data: (the page must open offline, nothing may call home)."""
    return [f"{report.name}: fetched {url}" for url in report.requests]


def too_wide_for_print(report: PageReport) -> list[str]:
    """Visible tables wider than an A4 page in print (their right columns would be cut off)."""
    printed = report.print_facts
    return [
        f"{report.name}: table {table['index'] + 1} is {table['width']} px wide in print "
        f"(an A4 page holds {printed['viewport']} px)"
        for table in printed["tables"]
        if table["visible"] and table["right"] > printed["viewport"] + 1
    ]


def narrow_cjk_cells(report: PageReport) -> list[str]:
    """Table cells with Chinese text narrower than two characters (one character a line)."""
    found = []
    for where, facts in (("on screen", report.facts), ("in print", report.print_facts)):
        narrow = sorted(set(facts["narrow"]))
        if narrow:
            found.append(
                f"{report.name}: {len(narrow)} CJK cells narrower than two characters "
                f"{where}: {narrow[:5]}"
            )
    return found


def missing_alt(report: PageReport) -> list[str]:
    """Images without alt text or with nbconvert's default one (a screen reader says nothing)."""
    images = report.facts["images"]
    bad_alt = [a for a in images if not a or a.strip() == DEFAULT_ALT]
    if not bad_alt:
        return []
    return [f"{report.name}: {len(bad_alt)} of {len(images)} images without alt text"]


def raw_values(report: PageReport) -> list[str]:
    """nan, inf, NaT, dtype, None and the like in table cells, and all but None in prose."""
    found = []
    matches = ((c, _RAW_TOKENS.search(c)) for c in report.facts["cells"])
    raw_cells = sorted({_around(c, m) for c, m in matches if m})
    if raw_cells:
        found.append(f"{report.name}: table cells show raw values: {raw_cells[:5]}")
    prose = sorted(set(_RAW_PROSE.findall(report.facts["text"])))
    if prose:
        found.append(f"{report.name}: the page shows {prose}")
    return found


CHECKS: dict[str, Callable[[PageReport], list[str]]] = {
    "offline": fetched,
    "print_width": too_wide_for_print,
    "cjk_cells": narrow_cjk_cells,
    "alt_text": missing_alt,
    "raw_values": raw_values,
}
"""Every check of a page by name, each listing what a reader would stumble on (the tests run
them one by one)."""


def browse(browser: Any, page_path: Path, shots: Path | None = None) -> PageReport:
    """Open one page offline on screen and in print; screenshot it into `shots` if given."""
    report = PageReport(page_path.stem)
    context = browser.new_context(viewport=SCREEN, offline=True, java_script_enabled=True)
    try:
        page = context.new_page()

        def guard(route: Any) -> None:
            url = route.request.url
            if url.startswith(("file:", "data:", "blob:", "about:")):
                route.continue_()
            else:
                report.requests.append(url)
                route.abort()

        page.route("**/*", guard)
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        report.facts = page.evaluate(_PAGE_FACTS)
        report.content = page.evaluate(_PAGE_CONTENT)
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            report.screenshot = shots / f"{page_path.stem}.png"
            page.screenshot(path=str(report.screenshot), full_page=True)
        page.set_viewport_size({"width": A4_PRINT_WIDTH_PX, "height": 1000})
        page.emulate_media(media="print")
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        report.print_facts = page.evaluate(_PAGE_FACTS)
    finally:
        context.close()
    report.findings = [line for check in CHECKS.values() for line in check(report)]
    return report


def browse_run(folder: Path, shots: Path | None = None) -> list[PageReport]:
    """Every HTML page of a run folder (reports and its index), with screenshots in `shots`."""
    pages = sorted(folder.glob("*.html"))
    with offline_browser() as browser:
        return [browse(browser, page, shots) for page in pages]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_folder", type=Path)
    parser.add_argument("--shots", type=Path, help="screenshot folder (default: <run>/screenshots)")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any finding")
    args = parser.parse_args(argv)
    shots = args.shots or args.run_folder / "screenshots"
    try:
        reports = browse_run(args.run_folder, shots)
    except RuntimeError as exc:
        print(f"browse_reports: {exc}", file=sys.stderr)
        return 2
    findings = [f for r in reports for f in r.findings]
    for line in findings:
        print(line)
    print(f"{len(reports)} pages, {len(findings)} findings; screenshots in {shots}")
    return 1 if findings and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
