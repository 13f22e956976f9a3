"""End to end, last: the real notebooks run on smoke data and publish reports a manager may open.

Checks what no unit test can: every published HTML is free of raw identifiers (names, phones,
USCCs, client and staff ids, note text) and of anything fetched from the internet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pytest

from journey_utils.params.run import load_params
from journey_utils.reporting import run_workbook
from journey_utils.reporting.results import RunResult

if TYPE_CHECKING:
    from conftest import SmokeRun

REPO = Path(__file__).resolve().parents[1]
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def published(smoke_run: Callable[[str], SmokeRun]) -> tuple[Path, Path]:
    """The session's English smoke run (tests/conftest.py): (run folder, raw data folder)."""
    run = smoke_run("en")
    return run.folder, run.raw_dir


def _identifiers(raw: Path) -> set[str]:
    """Every raw direct identifier of the smoke portfolio, long enough to search for safely."""
    clients = pd.read_csv(raw / "clients.csv", encoding="gbk", dtype=str)
    interactions = pd.read_csv(raw / "interactions.csv", dtype=str)
    values: set[str] = set()
    for col in ("client_id", "uscc", "name", "contact_name", "contact_phone"):
        values |= set(clients[col].dropna())
    values |= set(interactions["staff_id"].dropna())
    values |= {n for n in interactions["notes"].dropna() if len(n) >= 8}
    return {v for v in values if len(v) >= 3}


def test_every_notebook_published_with_index_and_manifest(published: tuple[Path, Path]) -> None:
    folder, _ = published
    params = load_params(REPO / "params" / "smoke.yaml")
    assert (folder / "index.html").is_file() and (folder / "manifest.json").is_file()
    per_case = [f"06_case_study-{cs.name}" for cs in params.case_studies]
    for name in [*(n for n in params.notebooks if n != "06_case_study"), *per_case]:
        assert (folder / f"{name}.html").stat().st_size > 10_000
        assert list((folder / "tables" / name).glob("*.parquet")), f"{name}: no table saved"


def test_reports_show_no_raw_identifier(published: tuple[Path, Path]) -> None:
    folder, raw = published
    identifiers = _identifiers(raw)
    assert len(identifiers) > 1_000  # the scan must have something to look for
    for page in [*folder.glob("*.html"), folder / "manifest.json"]:
        text = page.read_text(encoding="utf-8")
        leaked = sorted(v for v in identifiers if v in text)
        assert not leaked, f"{page.name} shows raw identifiers: {leaked[:5]}"


def test_processed_tables_and_quarantine_hold_no_raw_identifier(
    published: tuple[Path, Path],
) -> None:
    _, raw = published
    identifiers = sorted(_identifiers(raw), key=len, reverse=True)
    processed = raw.parent / "processed"
    files = [*processed.rglob("*.parquet"), *processed.rglob("*.csv"), *processed.rglob("*.json")]
    assert any(f.parent.name == "quarantine" and f.suffix == ".csv" for f in files)
    for path in files:
        if path.suffix == ".parquet":
            frame = pd.read_parquet(path)
            cells = [str(v) for v in frame.to_numpy(dtype=object).ravel()]
            text = "\x1f".join([*cells, *map(str, frame.columns)])
        else:
            text = path.read_text(encoding="utf-8-sig")
        padded = f"\x1f{text}\x1f"
        leaked = [v for v in identifiers if (len(v) >= 8 and v in text) or f"\x1f{v}\x1f" in padded]
        assert not leaked, f"{path.name} holds raw identifiers: {leaked[:5]}"


def test_reports_fetch_nothing_and_show_no_code(published: tuple[Path, Path]) -> None:
    folder, _ = published
    for page in folder.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not EXTERNAL.search(text), f"{page.name} references an external URL"
        assert "<script src" not in text.lower()
        assert "import journey_utils" not in text, f"{page.name} shows code"
        assert not re.search(r'class="[^"]*jp-InputArea-editor', text), f"{page.name}: code cell"


def _run_real_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, block: str, data: Path
) -> RunResult:
    """Run the shipped params/<name>.yaml in a throw-away project, its `block.path` pointing at
    the real file beside the repo, with a test pseudonymisation key (real data needs one)."""
    import yaml

    (tmp_path / "params").mkdir()
    values = yaml.safe_load((REPO / "params" / f"{name}.yaml").read_text(encoding="utf-8"))
    values[block]["path"] = str(data)
    (tmp_path / "params" / f"{name}.yaml").write_text(yaml.safe_dump(values), encoding="utf-8")
    monkeypatch.setenv("JOURNEY_PROJECT_ROOT", str(tmp_path))
    monkeypatch.setenv("JOURNEY_PSEUDO_KEY", f"test-key-for-the-{name}-data-0123456789")
    return run_workbook(tmp_path / "params" / f"{name}.yaml", notebooks_dir=REPO / "notebooks")


BPI_LOG = REPO.parent / "shared" / "data" / "bpic2012" / "BPI_Challenge_2012.xes.gz"


@pytest.mark.skipif(not BPI_LOG.is_file(), reason=f"BPI 2012 log not beside the repo: {BPI_LOG}")
def test_bpi_event_log_run_publishes_the_journey_and_skips_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    result = _run_real_data(tmp_path, monkeypatch, "bpi2012", "event_log", BPI_LOG)
    statuses = result.statuses
    assert statuses.pop("03_journey_funnel") == "ok"
    assert statuses and set(statuses.values()) == {"skipped"}  # they need the client 360
    assert result.ok
    html = (result.folder / "03_journey_funnel.html").read_text(encoding="utf-8")
    assert "13,087" in html and "262,200" in html and not EXTERNAL.search(html)
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    source = manifest["sources"]["event_log"]
    assert source["rows_in"] == source["accepted"] + source["quarantined"] == 262_200


def test_a_tiny_faulty_event_log_still_publishes_its_journey_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten events with a duplicate, a future event, an unknown activity, a single-event case and
    a case out of order, and no disbursement at all: every rule is counted and nothing crashes."""
    import json

    import yaml

    (tmp_path / "params").mkdir()
    values = {
        "run_name": "tiny",
        "data_dir": "data/tiny",
        "synthetic": False,
        "start_date": "2024-01-01",
        "as_of": "2024-02-29",
        "min_cell_size": 1,
        "notebooks": ["03_journey_funnel"],
        "event_log": {
            "path": str(REPO / "tests" / "data" / "tiny_event_log.csv"),
            "columns": {"case": "case_id", "activity": "activity", "timestamp": "timestamp",
                        "resource": "resource", "lifecycle": None},
            "stages": {"application": ["Submit"], "due_diligence": ["Review"],
                       "approval": ["Approve"], "contract_disbursement": ["Pay"]},
            "outcomes": {"disbursed": ["Pay"], "declined": ["Decline"]},
            "start_activities": ["Submit"],
        },
    }  # fmt: skip
    (tmp_path / "params" / "tiny.yaml").write_text(yaml.safe_dump(values), encoding="utf-8")
    monkeypatch.setenv("JOURNEY_PROJECT_ROOT", str(tmp_path))
    monkeypatch.setenv("JOURNEY_PSEUDO_KEY", "test-key-for-a-tiny-log-0123456789")
    result = run_workbook(tmp_path / "params" / "tiny.yaml", notebooks_dir=REPO / "notebooks")
    assert result.statuses == {"03_journey_funnel": "ok"}, result.notebooks[0].error
    report = json.loads(
        (tmp_path / "data" / "tiny" / "processed" / "event_log_report.json").read_text()
    )
    rules = {r["rule"]: r for r in report["rules"]}
    assert rules["duplicate event"]["events"] == 1
    assert rules["timestamp after as_of"]["events"] == 1
    assert rules["unknown activity"]["events"] == 1
    assert rules["case with a single event"]["cases"] == 1
    assert rules["events out of time order"]["cases"] == 1
    counts = report["counts"]
    assert counts["events_in"] == 10 == counts["events_accepted"] + counts["events_quarantined"]


SBA_FILE = REPO.parent / "shared" / "data" / "sba" / "SBAcase.11.13.17.csv"


@pytest.mark.skipif(not SBA_FILE.is_file(), reason=f"SBA loans not beside the repo: {SBA_FILE}")
def test_sba_loan_book_run_publishes_the_credit_risk_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run_real_data(tmp_path, monkeypatch, "sba", "loan_book", SBA_FILE)
    assert result.statuses == {"05b_loan_book_risk": "ok"}
    html = (result.folder / "05b_loan_book_risk.html").read_text(encoding="utf-8")
    assert "AUC of 0.81" in html and "not shown" not in html  # every step fitted
    assert "start-up loans charged off" in html and not EXTERNAL.search(html)
    names = pd.read_csv(SBA_FILE, encoding="utf-8-sig", dtype=str)["Name"].dropna()
    leaked = [n for n in names if len(n) >= 6 and n in html]
    assert not leaked, f"raw business names in the report: {leaked[:3]}"


def test_a_new_loan_book_csv_publishes_its_scorecard_report_from_params_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bank's own export the workbook has never seen: its own column names, a text target
    ("gut"/"schlecht"), text dates in its own format, a gap and a word among the numbers. A
    params file alone publishes the scorecard report; every row is accounted for and no loan
    number reaches the report."""
    import yaml

    from loan_books import simulated_book

    book, _ = simulated_book(seed=7, n=4000)
    days = pd.to_datetime("2019-01-01") + pd.to_timedelta(np.arange(len(book)) % 1400, unit="D")
    export = pd.DataFrame({
        "Kontonummer": [f"DE-{100000 + i}" for i in range(len(book))],
        "Kreditbetrag": book["amount"].round(0).astype("string"),
        "Quote": book["ratio"].round(3).astype(str), "Zweck": book["purpose"],
        "Filiale": book["branch_code"], "Antrag": days.strftime("%d.%m.%Y"),
        "Status": np.where(book["target"] == 1, "schlecht", "gut"),
    })  # fmt: skip
    export.loc[5, "Quote"] = "n/a"  # a word among the numbers: that row is quarantined
    (tmp_path / "export.csv").write_text(export.to_csv(index=False), encoding="utf-8")
    (tmp_path / "params").mkdir()
    params = {
        "run_name": "neue-bank", "data_dir": "data/neue_bank", "synthetic": False,
        "start_date": "2018-01-01", "as_of": "2023-12-31", "notebooks": ["05c_loan_book_scorecard"],
        "loan_book": {"path": "export.csv", "format": "table", "id": "Kontonummer",
                      "target": "Status", "bad": ["schlecht"], "good": ["gut"], "date": "Antrag",
                      "date_format": "%d.%m.%Y", "categorical": ["Zweck", "Filiale"]},
        "risk": {"train_until": "2021-06-01", "recent_default_rate": 0.1, "base_score": 500},
    }  # fmt: skip
    path = tmp_path / "params" / "neue_bank.yaml"
    path.write_text(yaml.safe_dump(params), encoding="utf-8")
    monkeypatch.setenv("JOURNEY_PROJECT_ROOT", str(tmp_path))
    monkeypatch.setenv("JOURNEY_PSEUDO_KEY", "test-key-for-a-new-bank-0123456789")
    result = run_workbook(path, notebooks_dir=REPO / "notebooks")
    assert result.statuses == {"05c_loan_book_scorecard": "ok"}, result
    html = (result.folder / "05c_loan_book_scorecard.html").read_text(encoding="utf-8")
    assert "4,000 rows read: 3,999 loans accepted" in html and "not a number" in html
    assert "the scorecard ranks defaults with an AUC of" in html and not EXTERNAL.search(html)
    assert "DE-1000" not in html
    assert "Shifted to the stated recent default rate of 10.0% (ranks unchanged)" in html


def _rerun(root: Path, **kwargs) -> RunResult:
    """Run the fixture's project again (same params, same notebooks)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("JOURNEY_PROJECT_ROOT", str(root))
    mp.delenv("JOURNEY_PSEUDO_KEY", raising=False)
    try:
        return run_workbook(root / "params" / "smoke.yaml", notebooks_dir=REPO / "notebooks",
                            **kwargs)  # fmt: skip
    finally:
        mp.undo()


def _manifest(folder: Path) -> dict[str, dict]:
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {nb["name"]: nb for nb in data["notebooks"]}


def test_a_rerun_with_nothing_changed_executes_no_notebook(published: tuple[Path, Path]) -> None:
    """Told by the manifest, not by time: every report of the second run is the first run's,
    byte for byte; a forced run executes; a deleted output makes only its writer run again."""
    first, _ = published
    root = first.parent.parent
    again = _rerun(root)
    assert again.ok and again.folder != first
    entries = _manifest(again.folder)
    assert set(entries) == set(_manifest(first))
    for name, entry in entries.items():
        assert entry["reused_from"] == first.name, name
        assert entry["key"] == _manifest(first)[name]["key"]
        html = entry["html"]
        assert (again.folder / html).read_bytes() == (first / html).read_bytes()
    forced = _rerun(root, only="00_summary", force=True)
    assert _manifest(forced.folder)["00_summary"]["reused_from"] is None
    (root / "data" / "smoke" / "processed" / "segments.parquet").unlink()
    third = _rerun(root)
    entries = _manifest(third.folder)
    assert third.ok and entries["04_segmentation"]["reused_from"] is None
    assert entries["01_data_integration"]["reused_from"] is not None
    assert entries["02_client_profiling"]["reused_from"] is not None
