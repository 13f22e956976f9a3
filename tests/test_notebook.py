"""A notebook's wiring in one call: params, language and minimum cell size from its namespace,
and one `show` for tables, readings, refused steps and figures."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from IPython.display import HTML, Markdown

from journey_utils import notebook
from journey_utils.errors import InputError
from journey_utils.notebook import open_report


def _report(write_params, **namespace: object):
    path: Path = write_params("nb", lang="en", min_cell_size=7)
    return open_report({"params_file": str(path), **namespace})


def test_params_language_and_cell_size_come_from_the_params_file(write_params) -> None:
    rep = _report(write_params)
    assert (rep.lang, rep.min_cell_size) == ("en", 7)
    assert rep.params.run_name == "nb"


def test_a_key_set_in_the_notebook_overrides_the_file(write_params) -> None:
    rep = _report(write_params, lang="zh", min_cell_size=None)
    assert rep.lang == "zh" and rep.min_cell_size == 7  # None means "not set here"


def test_show_styles_a_frame_in_the_report_language(write_params) -> None:
    rep = _report(write_params, lang="zh")
    html = rep.show(pd.DataFrame({"stage": ["approval"], "cases": [1200]})).to_html()
    assert "审批与决策" in html and "1,200" in html


def test_show_displays_a_reading_and_a_refusal_once(
    write_params, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[object] = []
    monkeypatch.setattr(notebook, "display", shown.append)
    rep = _report(write_params)
    rep.show("**Most cases** reach approval.")
    assert isinstance(shown[0], Markdown) and "Most cases" in shown[0].data

    def refuse() -> None:
        raise InputError("model", "too few events")

    refused = rep.attempt("The drop-out model", refuse)
    note = rep.show(refused)
    assert isinstance(note, Markdown) and "too few events" in note.data
    assert rep.show(refused) is None  # explained once, not under every chart


def test_show_passes_a_figure_and_refuses_what_it_cannot_show(write_params) -> None:
    rep = _report(write_params)
    fig, _ = plt.subplots()
    assert rep.show(fig) is fig
    plt.close(fig)
    with pytest.raises(TypeError, match="cannot show a int"):
        rep.show(3)


def test_a_table_can_name_its_own_headers(write_params) -> None:
    rep = _report(write_params, lang="zh")
    frame = pd.DataFrame({"stage": ["approval"], "cases": [1200]})
    html = rep.table(frame, headers={"cases": "受影响案件"}).to_html()
    assert "受影响案件" in html and "案件数" not in html  # the other columns keep the usual words
    assert "阶段" in html
    assert "受影响案件" in rep.show(frame, headers={"cases": "受影响案件"}).to_html()


def test_text_and_headings_read_in_the_report_language(
    write_params, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[object] = []
    monkeypatch.setattr(notebook, "display", shown.append)
    rep = _report(write_params, lang="zh")
    assert rep.text("client_journey") == "客户旅程"
    rep.heading("client_journey", full_report="03_journey_funnel.html")
    rep.heading("data_behind")
    assert [item.data for item in shown] == [
        "## 客户旅程 · [完整报告](03_journey_funnel.html)",
        "## 图表背后的数据",
    ]


def test_html_shows_built_markup_as_it_is(write_params, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[object] = []
    monkeypatch.setattr(notebook, "display", shown.append)
    _report(write_params).html('<div class="kpi">1,200</div>')
    assert isinstance(shown[0], HTML) and shown[0].data == '<div class="kpi">1,200</div>'


def test_draw_shows_a_refused_chart_as_its_note_and_a_drawn_one_as_nothing(write_params) -> None:
    """A chart cell needs no trailing `;`: a drawn chart returns nothing to print, a refused
    one its note in the report language."""
    rep = _report(write_params, lang="zh")
    drawn = rep.attempt("图", lambda: 3)
    assert rep.draw(drawn, lambda value: plt.subplots()[1]) is None
    plt.close("all")

    def refuse() -> None:
        raise InputError("segments", "no saved segments")

    note = rep.draw(rep.attempt("分群地图", refuse), lambda value: None)
    assert isinstance(note, Markdown) and "分群地图未显示" in note.data


def test_answer_leads_with_the_remembered_readings_in_the_order_asked(
    write_params, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[object] = []
    monkeypatch.setattr(notebook, "display", shown.append)
    rep = _report(write_params)
    rep.reading("Most cases reach approval. Details follow here.", key="funnel")
    rep.reading("Pricing is off by 469 bp.", key="pricing")
    rep.reading("Not a finding.")
    shown.clear()
    rep.answer("pricing", "funnel", "refused_step")
    (box,) = shown
    assert isinstance(box, Markdown)
    lines = box.data.splitlines()
    assert lines[0] == "## In short"
    assert lines[2:] == [
        "- Pricing is off by 469 bp.",
        "- Most cases reach approval. Details follow here.",
    ]
    shown.clear()
    rep.answer("refused_step")
    assert shown == []  # nothing to say: no empty box
