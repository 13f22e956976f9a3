"""The index pages: a run's reports with status and links, and the list of all runs."""

from __future__ import annotations

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from journey_utils.params.run import RunParams, load_params
from journey_utils.reporting.index_page import (
    HEADLINE_LIMIT,
    RunListing,
    client_count,
    data_set_label,
    lead,
    listing_from_manifest,
    param_rows,
    plain_text,
    render_reports_index,
    render_run_index,
    report_headline,
    summary_first,
)
from journey_utils.reporting.results import NOT_RERUN_REASON, NOT_RUN_REASON, NotebookResult

NOTEBOOKS = (
    NotebookResult(
        "01_data_integration",
        "ok",
        "What arrived",
        duration_s=12.34,
        html="01_data_integration.html",
    ),
    NotebookResult(
        "03_journey_funnel",
        "failed",
        "Where clients drop out",
        duration_s=75.0,
        error="KeyError: 'stage'",
        html="03_journey_funnel.html",
    ),
    NotebookResult("00_summary", "not run", "00_summary", error=NOT_RUN_REASON),
)


@pytest.fixture
def params(write_params) -> RunParams:
    path = write_params("smoke", as_of="2025-06-30", notebooks=[nb.name for nb in NOTEBOOKS])
    return load_params(path)


def _run_page(params: RunParams, lang_params: RunParams | None = None) -> BeautifulSoup:
    html = render_run_index(
        lang_params or params,
        NOTEBOOKS,
        run_id="20250601-083005-smoke",
        status="failed",
        started="2025-06-01T08:30:05+00:00",
        finished="2025-06-01T08:31:40+00:00",
        params_file="params/smoke.yaml",
    )
    return BeautifulSoup(html, "html.parser")


def test_summary_is_listed_first() -> None:
    assert [nb.name for nb in summary_first(NOTEBOOKS)] == [
        "00_summary",
        "01_data_integration",
        "03_journey_funnel",
    ]


def test_run_index_rows(params: RunParams) -> None:
    soup = _run_page(params)
    rows = {r["data-notebook"]: r for r in soup.select("tr.journey-notebook")}
    assert list(rows) == ["00_summary", "01_data_integration", "03_journey_funnel"]
    ok = rows["01_data_integration"]
    assert ok["data-status"] == "ok"
    assert ok.find("a")["href"] == "01_data_integration.html"
    assert ok.find("a").get_text() == "What arrived"
    assert "12.3 s" in ok.get_text()
    failed = rows["03_journey_funnel"]
    assert "KeyError: 'stage'" in failed.get_text() and "1 min 15 s" in failed.get_text()
    not_run = rows["00_summary"]
    assert not_run.find("a") is None
    assert "not run" in not_run.get_text() and "an earlier notebook failed" in not_run.get_text()


def test_run_index_header_and_params(params: RunParams) -> None:
    soup = _run_page(params)
    header = soup.find("header").get_text(" ", strip=True)
    for expected in ("20250601-083005-smoke", "2025-06-30", "data/smoke (synthetic)", "failed"):
        assert expected in header
    assert soup.find("a", href="../index.html") is not None
    facts = {
        r.th.get_text(strip=True): r.td.get_text(strip=True)
        for r in soup.select(".journey-facts tbody tr")
    }
    assert facts["Started"] == "2025-06-01 08:30:05 UTC"
    assert facts["Finished"] == "2025-06-01 08:31:40 UTC"
    assert facts["Params file"] == "params/smoke.yaml"
    assert facts["Data set"] == "data/smoke (synthetic)" and facts["As of"] == "2025-06-30"
    assert facts["Language"] == "English" and "Clients" not in facts  # none given
    table = {
        r.th.get_text(strip=True): r.td.get_text(strip=True)
        for r in soup.select(".journey-params tbody tr")
    }
    assert table["run_name"] == "smoke"
    assert table["notebooks"] == "01_data_integration, 03_journey_funnel, 00_summary"
    assert table["sources"] == "–"


def test_run_index_is_self_contained(params: RunParams) -> None:
    html = str(_run_page(params))
    assert "<script" not in html and "<link" not in html and "http" not in html
    assert "Noto Sans CJK SC" in html


def test_run_index_in_chinese(write_params) -> None:
    zh = load_params(write_params("zh", lang="zh"))
    soup = _run_page(zh)
    assert soup.html["lang"] == "zh"
    assert "失败" in soup.get_text() and "未运行" in soup.get_text()


def test_param_values_are_readable(write_params) -> None:
    params = load_params(write_params("src", sources={"clients": {"path": "in/c.csv"}}))
    rows = dict(param_rows(params))
    assert rows["synthetic"] == "true" and rows["seed"] == "20240601"
    assert rows["sources.clients.path"] == "in/c.csv"
    assert rows["sources.clients.encoding"] == "auto"
    assert "event_log" not in rows  # not an event-log run
    assert data_set_label(params) == "data/src (synthetic)"


def test_an_event_log_run_shows_its_mapping_not_the_generator_keys(write_params) -> None:
    event_log = {
        "path": "log.csv",
        "stages": {"application": ["submit", "fill"]},
        "published": {"cases": 12},
    }
    params = load_params(write_params("ev", synthetic=False, event_log=event_log))
    rows = dict(param_rows(params))
    assert rows["event_log.stages.application"] == "submit, fill"
    assert rows["event_log.published.cases"] == "12"
    assert not {"seed", "n_clients", "dirty_share", "lpr_1y", "sources"} & set(rows)


def test_reports_index_lists_runs_newest_first() -> None:
    runs = [
        RunListing(
            "20250601-080000-a",
            "ok",
            "a",
            "data/a",
            "2025-05-31",
            "2025-06-01T08:00:00+00:00",
            "1.0 s",
        ),
        RunListing(
            "20250602-080000-b",
            "failed",
            "b",
            "data/b",
            "2025-05-31",
            "2025-06-02T08:00:00+00:00",
            "2.0 s",
        ),
    ]
    soup = BeautifulSoup(render_reports_index(runs, latest="20250602-080000-b"), "html.parser")
    rows = soup.select("tr.journey-run")
    assert [r["data-run"] for r in rows] == ["20250602-080000-b", "20250601-080000-a"]
    assert [r["data-status"] for r in rows] == ["failed", "ok"]
    assert rows[0].find("a")["href"] == "20250602-080000-b/index.html"
    assert "latest" in rows[0].get_text() and "latest" not in rows[1].get_text()


def test_listing_from_a_manifest() -> None:
    manifest = {
        "run_id": "20250601-080000-a",
        "status": "ok",
        "started": "2025-06-01T08:00:00+00:00",
        "duration_s": 61,
        "params": {
            "run_name": "a",
            "data_dir": "data/a",
            "synthetic": False,
            "as_of": "2025-05-31",
        },
    }
    listing = listing_from_manifest(manifest)
    assert listing == RunListing(
        "20250601-080000-a",
        "ok",
        "a",
        "data/a",
        "2025-05-31",
        "2025-06-01T08:00:00+00:00",
        "1 min 01 s",
    )
    assert listing_from_manifest({}).status == "?"


def test_pages_escape_text(params: RunParams) -> None:
    evil = (NotebookResult("x", "failed", "<b>title</b>", error="<script>alert(1)</script>"),)
    html = render_run_index(
        params, evil, run_id="r", status="failed", started="", finished="", params_file="p"
    )
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


# A front page: each report's own title and headline, readable params -----------------------


def _executed(*cells: tuple[list[str], list[str]]) -> nbformat.NotebookNode:
    """An executed notebook whose code cells (tags, Markdown outputs) showed these texts."""
    code = []
    for tags, texts in cells:
        cell = new_code_cell("rep.reading(...)", metadata={"tags": tags})
        cell.outputs = [
            new_output("display_data", data={"text/markdown": t, "text/plain": "<Markdown>"})
            for t in texts
        ]
        code.append(cell)
    return new_notebook(cells=[new_markdown_cell("# A report"), *code])


def test_the_headline_is_the_answer_boxs_lead_finding_in_plain_text() -> None:
    nb = _executed(
        ([], ["## Who we serve", "**20,000 clients** in the client 360."]),
        (
            ["answer"],
            [
                "## In short\n\n- Of **32,414 cases**, *37.3%* got a loan. The rest left.\n"
                "- Second finding."
            ],
        ),
    )
    assert report_headline(nb) == "Of 32,414 cases, 37.3% got a loan. The rest left."


def test_without_an_answer_box_the_headline_is_the_first_reading() -> None:
    nb = _executed(
        (
            [],
            [
                "## Headline figures",
                "**NPL ratio on this page:** loans on the book.",
                "**Privacy.** Names were replaced.",
                "Since the run of `2025-05-01`: every figure unchanged.",
            ],
        ),
        ([], ["## Data quality · [Full report](01_data_integration.html)", "Later text."]),
    )
    assert report_headline(nb) == "Since the run of 2025-05-01: every figure unchanged."
    assert report_headline(_executed(([], ["## Only a heading"]))) is None


def test_a_case_studys_headline_is_its_verdicts() -> None:
    nb = _executed(
        ([], ["**Simplified form** started on 2024-06-01 in 24 treated branches."]),
        ([], ["### Completion", "Completion: effect found, +9.1 pp (95% interval +6 to +12)."]),
        ([], ["### Time to decision", "Time to decision: no detectable effect, -0.2 days."]),
        ([], ["### CSAT", "CSAT: cannot be measured — no cases of this outcome in the data."]),
        ([], ["### 审批用时", "审批用时：发现效应，估计 -2.1 天。"]),
    )
    assert report_headline(nb) == (
        "Completion: effect found · Time to decision: no detectable effect · "
        "CSAT: cannot be measured · 审批用时：发现效应"
    )


def test_a_long_first_sentence_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "word " * 100
    cut = lead(text.strip() + ".")
    assert cut.endswith("word…") and len(cut) <= HEADLINE_LIMIT
    assert plain_text("A **bold** _word_, `code`, [link](x.html) and snake_case.") == (
        "A bold word, code, link and snake_case."
    )


FRONT = (
    NotebookResult(
        "06_case_study-form",
        "ok",
        "Case study: Simplified application form",
        duration_s=3.0,
        html="06_case_study-form.html",
        headline="Completion: effect found",
    ),
    NotebookResult(
        "06_case_study-rates",
        "ok",
        "Case study: Segment pricing",
        duration_s=0.1,
        html="06_case_study-rates.html",
        headline="Approval time: no detectable effect <b>",
        reused_from="20250501-080000-smoke",
        reuse_reason="only",
    ),
    NotebookResult(
        "01_data_integration",
        "ok",
        "What arrived",
        duration_s=0.1,
        html="01_data_integration.html",
        reused_from="20250401-080000-smoke",
        reuse_reason="unchanged",
    ),
    NotebookResult("00_summary", "not run", "00_summary", error=NOT_RERUN_REASON),
)


def _front_page(params: RunParams, only: str | None = None) -> BeautifulSoup:
    html = render_run_index(
        params,
        FRONT,
        run_id="20250601-083005-smoke",
        status="ok",
        started="2025-06-01T08:30:05+00:00",
        finished="2025-06-01T08:31:40+00:00",
        params_file="params/smoke.yaml",
        only=only,
        clients=20_000,
    )
    return BeautifulSoup(html, "html.parser")


def test_each_report_shows_its_own_title_headline_and_where_it_came_from(params) -> None:
    soup = _front_page(params, only="06_case_study")
    rows = {r["data-notebook"]: r for r in soup.select("tr.journey-notebook")}
    form, rates = rows["06_case_study-form"], rows["06_case_study-rates"]
    assert form.find("a").get_text() == "Case study: Simplified application form"
    assert rates.find("a").get_text() == "Case study: Segment pricing"
    assert form.select_one(".journey-headline").get_text() == "Completion: effect found"
    assert "no detectable effect <b>" in rates.select_one(".journey-headline").get_text()
    assert "<b>" not in str(rates.select_one(".journey-headline"))  # escaped, not markup
    assert "reused from run 20250501-080000-smoke (not re-run: --only)" in rates.get_text()
    integration = rows["01_data_integration"].get_text()
    assert "reused from run 20250401-080000-smoke (nothing it depends on changed)" in integration
    summary = rows["00_summary"]
    assert summary.find("a") is None and "no earlier run" in summary.get_text()
    banners = " ".join(b.get_text() for b in soup.select(".journey-banner"))
    assert "Only 06_case_study was run (--only)" in banners
    assert "no earlier run has 00_summary" in banners and "not marked latest" in banners
    assert soup.select(".journey-status")[0].get_text() == "ok"


def test_a_full_run_has_no_banner(params: RunParams) -> None:
    assert not _front_page(params).select(".journey-banner")


def test_the_params_table_shows_no_python_literal(write_params) -> None:
    study = {"start": "2024-06-01", "treated": ["BR001"], "outcomes": ["completion"]}
    waves = [{"start": "2024-06-01", "treated": ["BR001"]}, {"start": "2024-09-01",
             "treated": ["BR002", "BR003"]}]  # fmt: skip
    studies = [
        {**study, "name": "form", "title": "Simplified application form", "title_zh": "申请表简化"},
        {"name": "waves", "title": "Waves", "waves": waves, "outcomes": ["completion"]},
    ]
    params = load_params(write_params("cs", case_studies=studies, as_of="2025-06-30"))
    soup = _front_page(params)
    details = soup.select_one("details.journey-all-params")
    assert details is not None and details.get("open") is None
    assert details.select_one("table.journey-params") is not None
    cells = {
        r.th.get_text(strip=True): r.td.get_text(strip=True)
        for r in details.select(".journey-params tbody tr")
    }
    values = "\n".join(cells.values())
    for literal in ("{'", "None", "[", "]", "(", "'"):
        assert literal not in values, literal
    assert cells["case_studies.form.title"] == "Simplified application form"
    assert cells["case_studies.form.treated"] == "BR001"
    assert cells["case_studies.waves.waves.2.treated"] == "BR002, BR003"
    assert cells["case_studies.form.covariates"] == "–"
    facts = {
        r.th.get_text(strip=True): r.td.get_text(strip=True)
        for r in soup.select(".journey-facts tbody tr")
    }
    assert facts["Case studies"] == "Simplified application form; Waves"
    assert facts["Clients"] == "20,000" and facts["Period"] == "2022-01-01 – 2025-06-30"


def test_the_front_page_in_chinese(write_params) -> None:
    study = {"start": "2024-06-01", "treated": ["BR001"], "outcomes": ["completion"]}
    studies = [{**study, "name": "form", "title": "Form", "title_zh": "申请表简化"}]
    zh = load_params(write_params("zh", lang="zh", case_studies=studies))
    soup = _front_page(zh, only="06_case_study")
    text = soup.get_text(" ", strip=True)
    assert "沿用运行 20250501-080000-smoke 的报告（未重新运行：--only）" in text
    assert "本次仅运行了 06_case_study" in text and "全部参数" in text
    facts = {
        r.th.get_text(strip=True): r.td.get_text(strip=True)
        for r in soup.select(".journey-facts tbody tr")
    }
    assert facts["语言"] == "中文" and facts["案例研究"] == "申请表简化"


def test_clients_come_from_the_integration_else_the_generator(write_params) -> None:
    synthetic = load_params(write_params("syn"))
    assert client_count({"clients": {"accepted": 1234}}, synthetic) == 1234
    assert client_count({}, synthetic) == 300
    real = load_params(write_params("real", synthetic=False))
    assert client_count({"event_log": {"accepted": 5}}, real) is None


def test_the_runs_list_marks_an_only_run() -> None:
    listing = listing_from_manifest({"run_id": "r", "only": "00_summary"})
    assert listing.only == "00_summary"
    soup = BeautifulSoup(render_reports_index([listing], latest=None), "html.parser")
    assert "(--only 00_summary)" in soup.get_text()


def test_an_answer_built_as_an_html_list_gives_the_headline() -> None:
    from journey_utils.reporting.index_page import report_headline

    box = (
        '<section class="journey-act-on"><h3>Act on</h3><ol><li><strong>Pricing</strong> · '
        "6 segments are priced below their risk &amp; more.</li><li>Second</li></ol></section>"
    )
    nb = {
        "cells": [
            {
                "metadata": {"tags": ["answer"]},
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": {"text/html": box, "text/plain": "<HTML>"},
                    }
                ],
            }
        ]
    }
    assert report_headline(nb).startswith("Pricing · 6 segments are priced below their risk & more")
