"""run_workbook end to end on tiny notebooks: injection, offline HTML, index, manifest, publish."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from journey_utils.errors import ParamsError
from journey_utils.params.run import RunParams, load_params
from journey_utils.reporting import RunResult, run_workbook
from journey_utils.reporting import runner as runner_module
from journey_utils.reporting.html_export import external_references
from journey_utils.reporting.runner import THREAD_VARIABLES, RunContext

AS_OF = "2025-06-30"
INTEGRATION_SOURCES = {
    "clients": {
        "file": "clients.csv",
        "sha256": "ab" * 32,
        "rows_in": 10,
        "accepted": 9,
        "quarantined": 1,
    },
}

REPO = Path(__file__).resolve().parents[2]


def _notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def _write_notebooks(folder: Path) -> None:
    folder.mkdir()
    parameters = new_code_cell(
        'params_file = "params/smoke.yaml"\nrun_name = "default"\nas_of = None'
    )
    parameters.metadata["tags"] = ["parameters"]
    hello = _notebook(
        new_markdown_cell("# Hello *report*\n\nWhat this test report answers."),
        parameters,
        new_code_cell('print(f"run_name={run_name} as_of={as_of}")'),
        new_code_cell(
            "import matplotlib.pyplot as plt\n"
            "fig, ax = plt.subplots(figsize=(2, 1.5))\n"
            "ax.plot([1, 3, 2])\n"
            "plt.show()"
        ),
        new_code_cell(
            'import pandas as pd\npd.DataFrame({"stage": ["a", "b"], "clients": [12345, 678]})'
        ),
    )
    boom = _notebook(
        new_markdown_cell("# Boom"),
        new_code_cell('raise ValueError("planted failure")'),
    )
    summary = _notebook(
        new_markdown_cell("# One-page summary"), new_code_cell('print("kpis here")')
    )
    after = _notebook(new_markdown_cell("# After"), new_code_cell('print("never")'))
    for name, nb in {
        "01_hello": hello,
        "02_boom": boom,
        "00_summary": summary,
        "03_after": after,
    }.items():
        nbformat.write(nb, folder / f"{name}.ipynb")


def _write_params(root: Path, name: str, notebooks: list[str], **extra: object) -> Path:
    values = {"run_name": name, "data_dir": f"data/{name}", "as_of": AS_OF, "notebooks": notebooks}
    path = root / "params" / f"{name}.yaml"
    path.write_text(yaml.safe_dump({**values, **extra}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A throw-away project: notebooks, params files, a raw file and an integration report."""
    root = tmp_path_factory.mktemp("workbook")
    (root / "params").mkdir()
    _write_notebooks(root / "notebooks")
    _write_params(root, "good", ["01_hello", "00_summary"])
    _write_params(root, "bad", ["00_summary", "02_boom", "03_after"], workers=1)
    _write_params(root, "parallel", ["01_hello", "00_summary", "03_after"], workers=2)
    raw = root / "data" / "good" / "raw"
    raw.mkdir(parents=True)
    (raw / "clients.csv").write_bytes(b"client_id\nC1\n")
    processed = root / "data" / "bad" / "processed"
    processed.mkdir(parents=True)
    report = {"sources": INTEGRATION_SOURCES, "steps": []}
    (processed / "integration_report.json").write_text(json.dumps(report), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JOURNEY_PROJECT_ROOT", str(root))
        yield root


@pytest.fixture(scope="module")
def good(workbook: Path) -> RunResult:
    return run_workbook(workbook / "params" / "good.yaml")


@pytest.fixture(scope="module")
def bad(workbook: Path, good: RunResult) -> RunResult:
    """Runs after `good`, so it is the latest run."""
    return run_workbook("params/bad.yaml")


def _html(result: RunResult, name: str) -> str:
    return (result.folder / f"{name}.html").read_text(encoding="utf-8")


def _manifest(result: RunResult) -> dict:
    return json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))


# A successful run ------------------------------------------------------------------------------


def test_good_run_is_published(good: RunResult, workbook: Path) -> None:
    assert good.ok
    assert good.statuses == {"01_hello": "ok", "00_summary": "ok"}
    assert re.fullmatch(r"\d{8}-\d{6}-good", good.run_id)
    assert good.folder == workbook / "reports" / good.run_id
    assert not list((workbook / "reports").glob(".tmp-*"))
    for name in ("index.html", "manifest.json", "01_hello.html", "00_summary.html"):
        assert (good.folder / name).is_file()


def test_papermill_injected_the_params(good: RunResult, workbook: Path) -> None:
    executed = nbformat.read(good.folder / "notebooks" / "01_hello.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert 'run_name = "good"' in injected[0].source
    assert str(workbook / "params" / "good.yaml") in injected[0].source
    assert f"run_name=good as_of={AS_OF}" in _html(good, "01_hello")


@pytest.mark.parametrize("name", ["01_hello", "00_summary"])
def test_report_hides_code_and_fetches_nothing(good: RunResult, name: str) -> None:
    html = _html(good, name)
    assert "plt.subplots" not in html and "print(" not in html
    body = BeautifulSoup(html, "html.parser").body
    assert not body.select(".jp-InputArea-editor, .jp-InputPrompt, .jp-OutputPrompt")
    assert "Out[" not in body.get_text() and "In\xa0[" not in body.get_text()
    assert "<script" not in html
    assert not re.search(r"<(?:script|link)\b[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", html)
    urls = re.findall(r"(?:https?:)?//[^\s\"'<>)]+", html)
    assert not [u for u in urls if "cdn" in u.lower() or "mathjax" in u.lower()]
    assert "http://" not in html and "https://" not in html
    assert external_references(html) == ()


def test_images_are_embedded(good: RunResult) -> None:
    soup = BeautifulSoup(_html(good, "01_hello"), "html.parser")
    sources = [img["src"] for img in soup.find_all("img")]
    assert sources
    assert all(src.startswith("data:image/") for src in sources)
    assert any(src.startswith("data:image/png;base64,") for src in sources)


def test_report_has_a_header(good: RunResult) -> None:
    soup = BeautifulSoup(_html(good, "01_hello"), "html.parser")
    header = soup.find("header", class_="journey-header")
    assert header.find("h1").get_text(strip=True) == "Hello report"
    text = header.get_text(" ", strip=True)
    for expected in (good.run_id, AS_OF, "data/good", "ok"):
        assert expected in text
    assert header.find("a", href="index.html") is not None
    assert soup.title.get_text() == "Hello report"


def test_tables_mark_numbers_for_right_alignment(good: RunResult) -> None:
    soup = BeautifulSoup(_html(good, "01_hello"), "html.parser")
    cells = {td.get_text(strip=True): td.get("class") or [] for td in soup.select("table td")}
    assert "num" in cells["12345"]
    assert "num" not in cells["a"]
    house_style = "\n".join(style.get_text() for style in soup.find_all("style"))
    assert (
        '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC"' in house_style
    )


def test_run_index_lists_each_notebook(good: RunResult) -> None:
    soup = BeautifulSoup((good.folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("tr.journey-notebook")
    assert [r["data-notebook"] for r in rows] == ["00_summary", "01_hello"]  # summary first
    for row in rows:
        assert row["data-status"] == "ok"
        link = row.find("a")
        assert link["href"] == f"{row['data-notebook']}.html"
        assert (good.folder / link["href"]).is_file()
    text = soup.get_text(" ", strip=True)
    assert good.run_id in text and AS_OF in text and "data/good" in text
    params = {
        r.th.get_text(strip=True): r.td.get_text(strip=True)
        for r in soup.select(".journey-params tbody tr")
    }
    assert params["run_name"] == "good" and params["as_of"] == AS_OF
    assert "<script" not in str(soup) and "https://" not in str(soup)


def test_manifest_records_the_run(good: RunResult) -> None:
    manifest = _manifest(good)
    for key in (
        "run_id",
        "status",
        "started",
        "finished",
        "params",
        "sources",
        "versions",
        "git",
        "timings",
        "statuses",
        "notebooks",
    ):
        assert key in manifest
    assert manifest["run_id"] == good.run_id and manifest["status"] == "ok"
    assert manifest["params"]["as_of"] == AS_OF
    assert manifest["statuses"] == good.statuses
    assert all(t > 0 for t in manifest["timings"].values())
    for package in (
        "python",
        "pandas",
        "numpy",
        "papermill",
        "nbconvert",
        "statsmodels",
        "seaborn",
        "scikit-learn",
        "pandera",
        "duckdb",
        "pyarrow",
        "journey-utils",
    ):
        assert package in manifest["versions"]
    assert manifest["git"] is None  # the throw-away project is not a git repository
    # no integration report for this data set: the raw files are hashed
    assert manifest["inputs_from"] == "data/good/raw"
    entry = manifest["sources"]["data/good/raw/clients.csv"]
    assert entry["sha256"] == hashlib.sha256(b"client_id\nC1\n").hexdigest()


# A failing run ---------------------------------------------------------------------------------


def test_failing_notebook_fails_the_run(bad: RunResult, workbook: Path) -> None:
    assert not bad.ok
    assert bad.statuses == {"00_summary": "ok", "02_boom": "failed", "03_after": "not run"}
    boom = next(nb for nb in bad.notebooks if nb.name == "02_boom")
    assert boom.error == "ValueError: planted failure"
    assert bad.folder == workbook / "reports" / bad.run_id and bad.folder.is_dir()
    assert not list((workbook / "reports").glob(".tmp-*"))


def test_failed_report_is_published_with_the_error(bad: RunResult) -> None:
    html = _html(bad, "02_boom")
    assert "planted failure" in html and "ValueError" in html
    assert "journey-status-failed" in html
    assert "<script" not in html and "https://" not in html
    assert not (bad.folder / "03_after.html").exists()


def test_failed_run_index_and_manifest(bad: RunResult) -> None:
    soup = BeautifulSoup((bad.folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = {r["data-notebook"]: r for r in soup.select("tr.journey-notebook")}
    assert rows["02_boom"]["data-status"] == "failed"
    assert "ValueError: planted failure" in rows["02_boom"].get_text()
    assert rows["03_after"]["data-status"] == "not run"
    assert "an earlier notebook failed" in rows["03_after"].get_text()
    assert rows["03_after"].find("a") is None
    assert soup.select_one(".journey-header .journey-status").get_text(strip=True) == "failed"
    manifest = _manifest(bad)
    assert manifest["status"] == "failed"
    assert manifest["statuses"]["03_after"] == "not run"
    assert manifest["timings"]["03_after"] is None
    # the integration wrote a report for this data set: its per-source counts are copied
    assert manifest["sources"] == INTEGRATION_SOURCES
    assert manifest["inputs_from"] == "data/bad/processed/integration_report.json"


def test_latest_and_reports_index(good: RunResult, bad: RunResult, workbook: Path) -> None:
    reports = workbook / "reports"
    assert (reports / "latest").read_text(encoding="utf-8").strip() == bad.run_id
    assert not (reports / "latest").is_symlink()
    soup = BeautifulSoup((reports / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("tr.journey-run")
    listed = [r["data-run"] for r in rows]
    assert listed.index(bad.run_id) < listed.index(good.run_id)  # newest first
    statuses = {r["data-run"]: r["data-status"] for r in rows}
    assert statuses[bad.run_id] == "failed" and statuses[good.run_id] == "ok"
    assert rows[0].find("a")["href"] == f"{listed[0]}/index.html"


# Runner errors -----------------------------------------------------------------------------------


def test_crash_in_the_runner_publishes_nothing(
    workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_params(workbook, "crash", ["00_summary"], reports_dir="reports_crash")

    def broken_export(*args: object, **kwargs: object) -> tuple[str, ...]:
        raise RuntimeError("export broke")

    monkeypatch.setattr(runner_module, "export_report", broken_export)
    with pytest.raises(RuntimeError, match="export broke"):
        run_workbook("params/crash.yaml")
    reports = workbook / "reports_crash"
    leftovers = [p.name for p in reports.iterdir()] if reports.exists() else []
    assert all(name.startswith(".tmp-") for name in leftovers)
    assert not (reports / "latest").exists()


def test_missing_notebook_is_a_clear_failure(workbook: Path) -> None:
    _write_params(workbook, "missing", ["99_nowhere", "00_summary"], reports_dir="reports_missing",
                  workers=1)  # fmt: skip
    result = run_workbook("params/missing.yaml")
    assert not result.ok
    assert result.statuses == {"99_nowhere": "failed", "00_summary": "not run"}
    error = result.notebooks[0].error
    assert error.startswith("notebook not found:") and "99_nowhere.ipynb" in error
    assert result.folder.is_dir() and (result.folder / "index.html").is_file()


def test_only_runs_one_notebook(workbook: Path) -> None:
    """No earlier run has 00_summary: listed as not run, and `latest` is not moved."""
    _write_params(workbook, "only", ["00_summary", "99_nowhere"], reports_dir="reports_only")
    said: list[str] = []
    result = run_workbook("params/only.yaml", only="99_nowhere", say=said.append)
    assert result.statuses == {"00_summary": "not run", "99_nowhere": "failed"}
    assert _manifest(result)["only"] == "99_nowhere"
    assert not result.latest_moved and not (workbook / "reports_only" / "latest").exists()
    assert any(line.startswith("latest not moved") and "00_summary" in line for line in said)


def _index(result: RunResult) -> BeautifulSoup:
    return BeautifulSoup((result.folder / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_an_only_run_publishes_a_complete_run(workbook: Path) -> None:
    """The reports `--only` does not re-run are copied from the latest earlier run that has them
    (headline included), marked as reused, in the documented order; `latest` moves to it."""
    answer = new_code_cell(
        "from IPython.display import Markdown, display\n"
        'display(Markdown("## In short\\n\\n- **Half** the cases got a loan. More text.\\n- b"))'
    )
    answer.metadata["tags"] = ["answer"]
    nbformat.write(_notebook(new_markdown_cell("# Answers"), answer),
                   workbook / "notebooks" / "07_answer.ipynb")  # fmt: skip
    notebooks = ["07_answer", "01_hello", "00_summary"]
    _write_params(workbook, "whole", notebooks, reports_dir="reports_whole", workers=1)
    full = run_workbook("params/whole.yaml")
    assert full.ok and full.notebooks[0].headline == "Half the cases got a loan. More text."
    assert _manifest(full)["notebooks"][0]["headline"] == "Half the cases got a loan. More text."
    said: list[str] = []
    only = run_workbook("params/whole.yaml", only="00_summary", force=True, say=said.append)
    assert only.ok and only.latest_moved and list(only.statuses) == notebooks
    reports = workbook / "reports_whole"
    assert (reports / "latest").read_text(encoding="utf-8").strip() == only.run_id
    entries = {e["name"]: e for e in _manifest(only)["notebooks"]}
    assert list(entries) == notebooks and list(_manifest(only)["statuses"]) == notebooks
    assert entries["00_summary"]["reused_from"] is None
    for name in ("07_answer", "01_hello"):
        assert entries[name]["reused_from"] == full.run_id
        assert entries[name]["reuse_reason"] == "only"
        assert entries[name]["key"] == _manifest(full)["notebooks"][notebooks.index(name)]["key"]
        assert (only.folder / f"{name}.html").is_file()
        assert (only.folder / "notebooks" / f"{name}.ipynb").is_file()
    assert entries["07_answer"]["headline"] == "Half the cases got a loan. More text."
    rows = {r["data-notebook"]: r for r in _index(only).select("tr.journey-notebook")}
    for name in ("07_answer", "01_hello"):
        assert f"reused from run {full.run_id} (not re-run: --only)" in rows[name].get_text()
        assert (only.folder / rows[name].find("a")["href"]).is_file()
    assert "Half the cases got a loan." in rows["07_answer"].get_text()
    assert "reused" not in rows["00_summary"].get_text()
    assert any("07_answer reused from run" in line for line in said)
    again = run_workbook("params/whole.yaml")  # a later full run reuses what was copied
    assert all(nb.reused_from == full.run_id for nb in again.notebooks if nb.name != "00_summary")


def test_an_only_run_missing_a_report_leaves_latest_alone(workbook: Path) -> None:
    _write_params(workbook, "partial", ["01_hello"], reports_dir="reports_partial")
    complete = run_workbook("params/partial.yaml")
    _write_params(workbook, "partial", ["01_hello", "03_after"], reports_dir="reports_partial")
    partial = run_workbook("params/partial.yaml", only="01_hello")
    assert partial.statuses == {"01_hello": "ok", "03_after": "not run"}
    assert partial.ok and not partial.latest_moved  # nothing failed: it is incomplete
    reports = workbook / "reports_partial"
    assert (reports / "latest").read_text(encoding="utf-8").strip() == complete.run_id
    row = _index(partial).find("tr", attrs={"data-notebook": "03_after"})
    assert row.find("a") is None and "no earlier run" in row.get_text()
    banner = _index(partial).select_one(".journey-banner").get_text()
    assert "Only 01_hello was run (--only)" in banner


def test_only_must_name_a_notebook_of_the_run(workbook: Path) -> None:
    _write_params(workbook, "only2", ["00_summary"], reports_dir="reports_only2")
    with pytest.raises(ParamsError, match="valid: 00_summary"):
        run_workbook("params/only2.yaml", only="01_nope")
    assert not (workbook / "reports_only2").exists()


def test_bad_params_raise_params_error(workbook: Path) -> None:
    (workbook / "params" / "broken.yaml").write_text("run_name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ParamsError):
        run_workbook("params/broken.yaml")


def test_notebooks_dir_can_be_given(workbook: Path, tmp_path: Path) -> None:
    _write_params(workbook, "elsewhere", ["00_summary"], reports_dir="reports_elsewhere")
    result = run_workbook("params/elsewhere.yaml", notebooks_dir=tmp_path)
    assert result.statuses == {"00_summary": "failed"}
    assert str(tmp_path) in result.notebooks[0].error


# Notebooks whose data the data set lacks ------------------------------------------------------


def test_notebook_needing_a_missing_table_is_skipped_not_failed(
    workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    needy = _notebook(new_markdown_cell("# Needs clients"), new_code_cell("raise SystemExit(3)"))
    needy.metadata["journey"] = {"requires": ["client_360"]}
    nbformat.write(needy, workbook / "notebooks" / "05_needy.ipynb")
    _write_params(workbook, "eventlog", ["01_hello", "05_needy"])
    monkeypatch.setattr(runner_module, "available_tables", lambda _p: frozenset({"journey_log"}))
    result = run_workbook("params/eventlog.yaml")
    assert result.statuses == {"01_hello": "ok", "05_needy": "skipped"}
    assert result.ok
    skipped = result.notebooks[1]
    assert skipped.title == "Needs clients" and skipped.html is None
    assert "client_360" in (skipped.error or "")
    index = (result.folder / "index.html").read_text(encoding="utf-8")
    row = BeautifulSoup(index, "html.parser").find("tr", attrs={"data-notebook": "05_needy"})
    assert row is not None and "skipped" in row.get_text() and "client_360" in row.get_text()
    assert _manifest(result)["statuses"]["05_needy"] == "skipped"


def test_notebook_whose_tables_exist_runs(workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fine = _notebook(new_markdown_cell("# Needs the log"), new_code_cell("print('ran')"))
    fine.metadata["journey"] = {"requires": ["journey_log"]}
    nbformat.write(fine, workbook / "notebooks" / "06_fine.ipynb")
    _write_params(workbook, "logonly", ["06_fine"])
    monkeypatch.setattr(runner_module, "available_tables", lambda _p: frozenset({"journey_log"}))
    assert run_workbook("params/logonly.yaml").statuses == {"06_fine": "ok"}


def test_a_per_case_study_notebook_runs_once_per_intervention(workbook: Path) -> None:
    parameters = new_code_cell('params_file = "params/smoke.yaml"\ncase_study = None')
    parameters.metadata["tags"] = ["parameters"]
    per = _notebook(
        new_markdown_cell("# Case"), parameters, new_code_cell('print(f"measuring {case_study}")')
    )
    per.metadata["journey"] = {"per": "case_study"}
    nbformat.write(per, workbook / "notebooks" / "06_case.ipynb")
    study = {"start": "2024-06-01", "treated": ["BR001"], "outcomes": ["completion"]}
    studies = [
        {**study, "name": "form", "title": "Form"},
        {**study, "name": "rates", "title": "Rates"},
    ]
    _write_params(workbook, "cases", ["06_case"], reports_dir="reports_cases", case_studies=studies)
    result = run_workbook("params/cases.yaml")
    assert result.statuses == {"06_case-form": "ok", "06_case-rates": "ok"}
    assert "measuring rates" in _html(result, "06_case-rates")
    titles = {nb.name: nb.title for nb in result.notebooks}
    assert titles == {"06_case-form": "Case study: Form", "06_case-rates": "Case study: Rates"}
    for name, title in titles.items():
        page = BeautifulSoup(_html(result, name), "html.parser")
        assert page.select_one("header h1").get_text(strip=True) == title
        assert _index(result).find("a", href=f"{name}.html").get_text() == title
    _write_params(workbook, "nocases", ["06_case"], reports_dir="reports_nocases")
    none = run_workbook("params/nocases.yaml")
    assert none.statuses == {"06_case": "skipped"} and "case_studies" in none.notebooks[0].error


def test_two_workers_keep_the_documented_order(workbook: Path) -> None:
    """Independent notebooks run two at a time; results, index and manifest keep params' order."""
    result = run_workbook("params/parallel.yaml")
    assert list(result.statuses) == ["01_hello", "00_summary", "03_after"] and result.ok
    assert list(_manifest(result)["statuses"]) == ["01_hello", "00_summary", "03_after"]
    soup = BeautifulSoup((result.folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = [r["data-notebook"] for r in soup.select("tr.journey-notebook")]
    assert rows.index("01_hello") < rows.index("03_after")


def _context(params: RunParams) -> RunContext:
    return RunContext("r1", params, Path("p.yaml"), Path("."), Path("nb"), Path("out"))


def test_kernels_run_at_once_share_the_cores_between_their_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    params = load_params(REPO / "params" / "smoke.yaml")
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    for name in THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    two = _context(params.model_copy(update={"workers": 2})).kernel_env
    assert all(two[name] == "2" for name in THREAD_VARIABLES)
    one = _context(params.model_copy(update={"workers": 1})).kernel_env
    assert not set(THREAD_VARIABLES) & set(one)  # one at a time: every core for the kernel
    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # the user's own setting is kept
    assert _context(params.model_copy(update={"workers": 4})).kernel_env["OMP_NUM_THREADS"] == "3"
