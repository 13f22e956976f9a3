"""The HTML export: house template, title and header, nothing fetched, numbers right-aligned."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from journey_utils.reporting.assets import TEMPLATES_DIR
from journey_utils.reporting.html_export import (
    ReportHeader,
    export_report,
    external_references,
    is_number,
    mark_numeric_cells,
    render_report,
    report_title,
    without_title,
)

HEADER = ReportHeader(
    title="Funnel",
    run_id="20250601-083005-smoke",
    as_of="2025-12-31",
    data_set="data/smoke (synthetic)",
    status="ok",
)


def _notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def _code(source: str, *outputs: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cell = new_code_cell(source)
    cell.outputs = list(outputs)
    return cell


def _body(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser").body


def test_title_is_the_first_markdown_heading() -> None:
    nb = _notebook(
        new_markdown_cell("Some intro without heading"),
        new_code_cell("# a comment, not a heading"),
        new_markdown_cell("Text\n\n## Where do clients **drop out**? ##\n\nMore"),
        new_markdown_cell("# Later heading"),
    )
    assert report_title(nb, "03_journey_funnel") == "Where do clients drop out?"
    assert report_title(_notebook(new_code_cell("1")), "03_journey_funnel") == "03_journey_funnel"


def _in(lang: str, source: str) -> nbformat.NotebookNode:
    """A markdown cell of one report language."""
    cell = new_markdown_cell(source)
    cell.metadata["tags"] = [f"lang-{lang}"]
    return cell


def test_a_chinese_report_title_reads_chinese_first() -> None:
    nb = _notebook(
        _in("en", "# Management summary · 管理层摘要\n\nThe question."),
        _in("zh", "# Management summary · 管理层摘要\n\n问题。"),
    )
    assert report_title(nb, "00_summary") == "Management summary · 管理层摘要"
    assert report_title(nb, "00_summary", lang="en") == "Management summary · 管理层摘要"
    assert report_title(nb, "00_summary", lang="zh") == "管理层摘要 · Management summary"
    colon = _notebook(new_markdown_cell("# Client journey: funnel and timing · 客户旅程"))
    assert report_title(colon, "03", lang="zh") == "客户旅程 · Client journey: funnel and timing"
    # a title already Chinese first, in one language, or without two halves stays as written
    for title in ("管理层摘要 · Management summary", "管理层摘要", "Funnel · timing"):
        assert report_title(_notebook(new_markdown_cell(f"# {title}")), "x", lang="zh") == title
    # the heading of the report language's own cell is the one read
    own = _notebook(_in("en", "# Summary"), _in("zh", "# 摘要 · Summary"))
    assert report_title(own, "x", lang="zh") == "摘要 · Summary"
    assert report_title(own, "x", lang="en") == "Summary"


def test_without_title_removes_only_the_heading() -> None:
    nb = _notebook(new_markdown_cell("# Title\n\nThe question."), new_markdown_cell("# Next"))
    trimmed = without_title(nb)
    assert [c.source for c in trimmed.cells] == ["The question.", "# Next"]
    assert nb.cells[0].source == "# Title\n\nThe question."  # the original is untouched
    alone = without_title(_notebook(new_markdown_cell("# Title"), new_markdown_cell("text")))
    assert [c.source for c in alone.cells] == ["text"]


def test_report_shows_outputs_not_code() -> None:
    nb = _notebook(
        new_markdown_cell("# Funnel\n\nWhere clients leave."),
        _code(
            "secret_code = 41 + 1\nsecret_code",
            new_output("execute_result", {"text/plain": "42"}, execution_count=1),
        ),
        _code("print('hello')", new_output("stream", name="stdout", text="hello printed\n")),
    )
    html = render_report(nb, HEADER)
    body = _body(html)
    assert "secret_code" not in html
    assert "42" in body.get_text() and "hello printed" in body.get_text()
    assert not body.select(".jp-InputArea-editor, .jp-InputPrompt, .jp-OutputPrompt")
    assert body.find("h1").get_text(strip=True) == "Funnel"
    assert len(body.find_all("h1")) == 1  # the notebook's own heading is in the header only


def test_failed_cells_show_the_error_line_not_the_traceback() -> None:
    error = new_output(
        "error",
        ename="InputError",
        evalue="clients.csv: source 'clients' not found",
        traceback=["Traceback (most recent call last)", "File pipeline.py:25 in secret_call()"],
    )
    html = render_report(_notebook(new_markdown_cell("# Funnel"), _code("x()", error)), HEADER)
    text = _body(html).get_text()
    assert "InputError: clients.csv: source 'clients' not found" in text
    assert "secret_call" not in html and "pipeline.py" not in html


def test_header_names_the_run_and_links_back() -> None:
    html = render_report(_notebook(new_markdown_cell("# Funnel")), HEADER)
    header = _body(html).find("header", class_="journey-header")
    text = header.get_text(" ", strip=True)
    for expected in ("20250601-083005-smoke", "2025-12-31", "data/smoke (synthetic)", "ok"):
        assert expected in text
    assert header.find("a")["href"] == "index.html"
    assert header.select_one(".journey-status-ok") is not None


def test_header_in_chinese() -> None:
    header = ReportHeader(**{**HEADER.__dict__, "lang": "zh", "status": "failed"})
    html = render_report(_notebook(new_markdown_cell("# 漏斗")), header)
    assert '<html lang="zh">' in html
    assert "运行编号" in html and "数据截至" in html and "失败" in html


@pytest.mark.filterwarnings("ignore:Your element with mimetype")  # the JavaScript-only output
def test_nothing_is_fetched_from_the_network() -> None:
    nb = _notebook(
        new_markdown_cell("# Math and diagrams\n\nInline $x^2$ and $$\\sum_i x_i$$"),
        _code(
            "js",
            new_output(
                "display_data",
                {"application/javascript": "alert(1)", "text/plain": "fallback text"},
            ),
        ),
        _code("only js", new_output("display_data", {"application/javascript": "alert(2)"})),
        _code(
            "mermaid",
            new_output(
                "display_data", {"text/vnd.mermaid": "graph TD; A-->B", "text/plain": "diagram"}
            ),
        ),
        _code(
            "latex", new_output("display_data", {"text/latex": "$\\alpha$", "text/plain": "alpha"})
        ),
    )
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    html = render_report(nb, HEADER)
    assert "<script" not in html
    assert "<link" not in html
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?//", html)
    assert not re.search(r"//[^\s\"'()]*(?:cdn|mathjax)", html, re.IGNORECASE)
    assert "alert(" not in html
    assert "fallback text" in html
    assert external_references(html) == ()


def test_template_files_reference_no_url() -> None:
    for path in (TEMPLATES_DIR / "journey_report").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), path


def test_png_outputs_are_inline(tmp_path: Path) -> None:
    png = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q"
        "DwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    nb = _notebook(
        new_markdown_cell("# Chart"),
        _code("plot", new_output("display_data", {"image/png": png, "text/plain": "<Figure>"})),
    )
    source = tmp_path / "chart.ipynb"
    nbformat.write(nb, source)
    target = tmp_path / "chart.html"
    assert export_report(source, target, HEADER) == ()
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
    assert soup.find("img")["src"] == f"data:image/png;base64,{png}"


def test_tagged_cells_can_be_removed() -> None:
    hidden = _code("x", new_output("stream", name="stdout", text="internal detail\n"))
    hidden.metadata["tags"] = ["remove-cell"]
    quiet = _code("y", new_output("stream", name="stdout", text="noisy output\n"))
    quiet.metadata["tags"] = ["remove-output"]
    html = render_report(_notebook(new_markdown_cell("# T"), hidden, quiet), HEADER)
    assert "internal detail" not in html and "noisy output" not in html


def test_external_references_finds_fetched_urls_only() -> None:
    html = """<html><head>
    <script src="https://cdn.example.com/lib.js"></script>
    <link rel="stylesheet" href="//fonts.example.com/font.css">
    <style>@import "https://example.com/a.css";
    body { background: url('http://example.com/b.png') }</style>
    </head><body>
    <img src="data:image/png;base64,AAAA"><img src="https://example.com/c.png">
    <div style="background-image: url(https://example.com/d.png)"></div>
    <a href="https://example.com/just-a-link">link</a><img src="local.png">
    </body></html>"""
    assert set(external_references(html)) == {
        "https://cdn.example.com/lib.js",
        "//fonts.example.com/font.css",
        "https://example.com/a.css",
        "http://example.com/b.png",
        "https://example.com/c.png",
        "https://example.com/d.png",
    }


@pytest.mark.parametrize(
    "text",
    ["1", "12,345", "-3.5", "12.5%", "CNY 3.2m", "¥1.2亿", "3,456.78", "1e-05", " 7 ", "−2"],
)
def test_numbers_as_printed(text: str) -> None:
    assert is_number(text)


@pytest.mark.parametrize("text", ["information", "AAA", "2024-01-31", "", "12 clients", "A1"])
def test_not_numbers(text: str) -> None:
    assert not is_number(text)


def test_numeric_columns_are_marked() -> None:
    html = """<table><thead><tr><th></th><th>stage</th><th>clients</th><th>share</th></tr></thead>
    <tbody><tr><th>0</th><td>information</td><td>12,345</td><td>12.5%</td></tr>
    <tr><th>1</th><td>2024</td><td>–</td><td>3.0%</td></tr></tbody></table>"""
    soup = BeautifulSoup(mark_numeric_cells(html), "html.parser")
    marked = [c.get_text() for c in soup.select(".num")]
    assert marked == ["clients", "share", "12,345", "12.5%", "–", "3.0%"]  # "stage" has text


def test_spanned_tables_are_marked_cell_by_cell() -> None:
    html = """<table><tbody><tr><th rowspan="2">east</th><td>a</td><td>1,000</td></tr>
    <tr><td>b</td><td>2,000</td></tr></tbody></table>"""
    soup = BeautifulSoup(mark_numeric_cells(html), "html.parser")
    assert [c.get_text() for c in soup.select("td.num")] == ["1,000", "2,000"]


def test_markdown_images_are_embedded_and_web_images_flagged(tmp_path: Path) -> None:
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    (tmp_path / "logo.png").write_bytes(png)
    nb = _notebook(
        new_markdown_cell("# T\n\n![logo](logo.png)\n\n![web](https://example.com/x.png)")
    )
    html = render_report(nb, HEADER, assets_dir=tmp_path)
    sources = [img["src"] for img in _body(html).find_all("img")]
    assert sources[0].startswith("data:image/png;base64,")
    assert external_references(html) == ("https://example.com/x.png",)


def test_narrative_cells_tagged_for_the_other_language_are_left_out() -> None:
    from dataclasses import replace

    english = new_markdown_cell("Where clients leave the journey.")
    english.metadata["tags"] = ["lang-en"]
    chinese = new_markdown_cell("客户在哪个环节流失。")
    chinese.metadata["tags"] = ["lang-zh"]
    nb = _notebook(new_markdown_cell("# Funnel · 漏斗"), english, chinese)
    en_text = _body(render_report(nb, HEADER)).get_text()
    zh_text = _body(render_report(nb, replace(HEADER, lang="zh"))).get_text()
    assert "Where clients leave" in en_text and "客户在哪个环节" not in en_text
    assert "客户在哪个环节" in zh_text and "Where clients leave" not in zh_text


PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q"
    "DwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def _tagged(cell: nbformat.NotebookNode, *tags: str) -> nbformat.NotebookNode:
    cell.metadata["tags"] = list(tags)
    return cell


def _shows(text: str) -> nbformat.NotebookNode:
    return _code("x", new_output("display_data", {"text/markdown": text, "text/plain": text}))


def test_the_answer_opens_the_page_and_the_method_closes_it_collapsed() -> None:
    nb = _notebook(
        new_markdown_cell("# Funnel\n\nThe question."),
        _tagged(new_markdown_cell("## Data rules"), "method"),
        _tagged(_shows("Rules table here."), "method"),
        new_markdown_cell("## The funnel"),
        _shows("Most cases reach approval."),
        _tagged(_shows("## In short\n\n- Answer line."), "answer"),
    )
    body = _body(render_report(nb, HEADER))
    text = body.get_text(" ", strip=True)
    assert text.index("Answer line") < text.index("The question") < text.index("Most cases")
    details = body.find("details", class_="journey-method")
    assert details is not None and details.get("open") is None  # collapsed on screen
    assert "Data rules" in details.get_text() and "Rules table here" in details.get_text()
    assert "Rules table" not in text[: text.index("Most cases")]  # nowhere before the answer
    assert "beforeprint" in str(body.find("script"))  # opened when printed


def test_a_page_without_tags_keeps_its_order_and_has_no_appendix() -> None:
    nb = _notebook(new_markdown_cell("# T\n\nFirst."), _shows("Second."))
    body = _body(render_report(nb, HEADER))
    assert body.find("details") is None and body.find("script") is None
    text = body.get_text(" ", strip=True)
    assert text.index("First.") < text.index("Second.")


def test_every_chart_gets_alt_text_from_its_heading_and_reading() -> None:
    image = new_output("display_data", {"image/png": PNG, "text/plain": "<Figure>"})
    nb = _notebook(
        new_markdown_cell("# T"),
        new_markdown_cell("## The funnel\n\nHow far cases get."),
        _code("plot", image),
        _shows("Of 100 cases, 37.3% were disbursed. The narrowest step is approval. More."),
        new_markdown_cell("## Timing\n\nDays per stage."),
        _code("plot", image),
        new_markdown_cell("## Next section\n\nNot about the chart above."),
    )
    alts = [img["alt"] for img in _body(render_report(nb, HEADER)).find_all("img")]
    assert alts[0].startswith("Chart: The funnel. Of 100 cases, 37.3% were disbursed.")
    assert alts[1] == "Chart: Timing. Days per stage."  # the section's text, not the next one's
    zh = ReportHeader(**{**HEADER.__dict__, "lang": "zh"})
    assert _body(render_report(nb, zh)).find("img")["alt"].startswith("图表：")


def test_infinite_bin_edges_show_as_infinity_signs() -> None:
    from journey_utils.plotting import style_table

    frame = pd.DataFrame({"low": [float("-inf"), 558.0], "high": [558.0, float("inf")]})
    html = style_table(frame).to_html()
    assert "−∞" in html and "+∞" in html and "inf" not in html.replace("−∞", "")
