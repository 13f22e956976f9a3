"""The index pages: a run's reports with status and links, and the list of all runs."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from journey_utils.params.run import RunParams, load_params
from journey_utils.reporting.index_page import (
    RunListing,
    data_set_label,
    listing_from_manifest,
    param_rows,
    render_reports_index,
    render_run_index,
    summary_first,
)
from journey_utils.reporting.results import NOT_RUN_REASON, NotebookResult

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
    for expected in (
        "20250601-083005-smoke",
        "2025-06-30",
        "data/smoke (synthetic)",
        "failed",
        "2025-06-01 08:30:05 UTC",
        "2025-06-01 08:31:40 UTC",
        "params/smoke.yaml",
    ):
        assert expected in header
    assert soup.find("a", href="../index.html") is not None
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
