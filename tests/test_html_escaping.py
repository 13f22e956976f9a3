"""Hostile input: markup in cell values, headers and error messages shows as text in every
table and note the workbook renders, never as HTML."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from journey_utils.attempts import attempt, attempt_in
from journey_utils.case_study import report
from journey_utils.case_study.spec import CaseStudyError, InterventionSpec
from journey_utils.errors import InputError
from journey_utils.plotting import style_table
from journey_utils.summary_page import case_study_view, verdict_links_table

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
QUOTES = "R&D \"quoted\" 'single'"
HOSTILE = [SCRIPT, IMG, QUOTES]


def _hostile_frame() -> pd.DataFrame:
    """Hostile text in plain, code-labelled (stage, outcome, industry) and mixed columns, a
    share column and p-values beside them, and a hostile header."""
    return pd.DataFrame(
        {
            "name": HOSTILE,
            "stage": HOSTILE,
            "outcome": HOSTILE,
            "segment": HOSTILE,
            "industry": HOSTILE,
            "notes": pd.Series([SCRIPT, 3, None], dtype=object),
            "conversion_share": [0.1, 0.2, 0.3],
            "p_value": [0.0001, 0.5, None],
            SCRIPT: [IMG, "a", "b"],
        }
    )


def _assert_text_only(page: str, values: list[str]) -> None:
    """No element came from the data, the raw markup is absent, each value shows as text in a
    cell or header, and nothing was escaped twice."""
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find_all(["script", "img"]) == []
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;lt;" not in page and "&amp;amp;" not in page
    shown = [cell.get_text() for cell in soup.find_all(["td", "th"])]
    for value in values:
        assert value in shown, value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_style_table_escapes_every_cell_and_header(lang: str) -> None:
    page = style_table(_hostile_frame(), lang=lang).to_html()
    _assert_text_only(page, [SCRIPT, IMG, QUOTES])
    soup = BeautifulSoup(page, "html.parser")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.find("tbody").find_all("tr")]
    assert rows[0][:4] == [SCRIPT] * 4  # name, stage, outcome, segment: the text as given
    assert rows[0][5] == SCRIPT and rows[1][5] == "3" and rows[2][5] == "–"
    assert rows[0][6] == "10.0%" and rows[0][7] == "< 0.001"  # formatters still apply


def test_style_table_escapes_the_index_when_shown() -> None:
    styler = style_table(pd.DataFrame({"n": [1]}, index=[SCRIPT]))
    styler.hide_index_ = [False]  # style_table hides the index; its labels are escaped anyway
    assert "&lt;script&gt;" in styler.to_html() and "<script" not in styler.to_html()


def test_style_table_keeps_known_codes_readable() -> None:
    frame = pd.DataFrame({"stage": ["application"], "industry": ["software_it"]})
    page = style_table(frame).to_html()
    assert "Application" in page and "Software &amp; IT" in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_case_table_escapes_cells_and_headers(lang: str) -> None:
    table = pd.DataFrame(
        {"outcome": HOSTILE, "verdict": HOSTILE, "estimate": [1.0, 2.0, 3.0], IMG: HOSTILE}
    )
    _assert_text_only(report.case_table(table, lang).to_html(), [SCRIPT, IMG, QUOTES])


def _verdicts(title: str, case_study: str = "form") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "case_study": [case_study],
            "title": [title],
            "outcome": [SCRIPT],
            "verdict": [IMG],
            "estimate": [float("nan")],
            "text": [f"x — {SCRIPT}"],
        }
    )


def test_verdict_links_escape_the_title_and_stay_links(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "load_verdicts", lambda params: _verdicts(SCRIPT, 'a"b'))
    page = case_study_view(params=None).to_html()
    _assert_text_only(page, [SCRIPT, IMG])
    links = BeautifulSoup(page, "html.parser").find_all("a")
    assert [(a["href"], a.get_text()) for a in links] == [('06_case_study-a"b.html', SCRIPT)]
    assert verdict_links_table(_verdicts("Form")).loc[0, "case_study"] == (
        '<a href="06_case_study-form.html">Form</a>'
    )


def test_attempt_note_escapes_the_refusal_but_keeps_its_markdown() -> None:
    def bad_file() -> None:
        raise InputError("loans.csv", f"unknown column {IMG}", column=SCRIPT)

    for run in (attempt, attempt_in("zh")):
        note = run(SCRIPT, bad_file).note().data
        assert note.startswith("> **&lt;script&gt;")
        assert "&lt;img src=x onerror=alert(1)&gt;" in note
        assert "<script" not in note and "<img" not in note
    dependent = attempt(IMG, bad_file).then("Pricing", lambda v: v).note().data
    assert "&lt;img" in dependent and "<img" not in dependent


def test_case_study_verdict_and_reading_escape_data(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[object] = []
    monkeypatch.setattr(report, "display", shown.append)
    error = CaseStudyError("spec", f"no case of the treated units {SCRIPT}")
    report.show_outcome(report.OutcomeStudy("completion", error=error), spec=None)
    texts = [m.data for m in shown]
    assert any("&lt;script&gt;" in t for t in texts)
    assert not any("<script" in t for t in texts)
    spec = InterventionSpec(
        name="x", title=IMG, title_zh=SCRIPT, start=date(2024, 1, 1), treated=("b1",),
        outcomes=("completion",),
    )  # fmt: skip
    for lang in ("en", "zh"):
        reading = report.intervention_reading(spec, lang)
        assert reading.startswith("**&lt;") and "<img" not in reading and "<script" not in reading
