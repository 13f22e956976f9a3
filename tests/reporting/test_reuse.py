"""The reuse key of a notebook execution: it changes with what the notebook reads and not with
what it or a later notebook writes; outputs are checked apart; file contents are hashed once and
remembered by size and time."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from journey_utils.params.run import load_params
from journey_utils.reporting.reuse import (
    HASHES_FILE,
    ContentHashes,
    Declared,
    Reuse,
    declared,
    matching,
    newest_reports,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Reuse, Path, Path]:
    """A throw-away project with a raw file, a processed table, a later notebook's output and a
    notebook; returns (reuse, data folder, notebook)."""
    (tmp_path / "params").mkdir()
    text = (REPO / "params" / "smoke.yaml").read_text(encoding="utf-8")
    (tmp_path / "params" / "smoke.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("JOURNEY_PROJECT_ROOT", str(tmp_path))
    params = load_params(tmp_path / "params" / "smoke.yaml")
    data = params.root
    for name, body in {
        "raw/clients.csv": "a,b\n1,2\n",
        "processed/client_360.parquet": "x",
        "processed/segments.parquet": "s",
        "kpi_history.parquet": "k",
    }.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(body, encoding="utf-8")  # fmt: skip
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(json.dumps({"metadata": {"journey": {"writes": ["processed/x*"]}}}))
    return Reuse(params, tmp_path / "reports"), data, notebook


def test_the_key_follows_what_is_read_not_what_later_notebooks_write(project) -> None:
    reuse, data, notebook = project
    decl = Declared(("**",), ())
    later = ["processed/segments.parquet", "kpi_history.parquet"]
    key = reuse.key(notebook, {"lang": "en", "run_id": "a"}, decl, later)
    assert reuse.key(notebook, {"lang": "en", "run_id": "b"}, decl, later) == key  # not the run
    (data / "processed" / "segments.parquet").write_text("changed", encoding="utf-8")
    assert reuse.key(notebook, {"lang": "en"}, decl, later) == key
    assert reuse.key(notebook, {"lang": "zh"}, decl, later) != key
    (data / "processed" / "client_360.parquet").write_text("changed", encoding="utf-8")
    assert reuse.key(notebook, {"lang": "en"}, decl, later) != key


def test_the_key_follows_the_pseudonymisation_key_and_the_notebook(project, monkeypatch) -> None:
    reuse, _, notebook = project
    decl = Declared(("**",), ())
    key = reuse.key(notebook, {}, decl)
    monkeypatch.setenv("JOURNEY_PSEUDO_KEY", "another-key-of-16-chars")
    assert reuse.key(notebook, {}, decl) != key
    monkeypatch.delenv("JOURNEY_PSEUDO_KEY")
    notebook.write_text(notebook.read_text() + " ", encoding="utf-8")
    assert reuse.key(notebook, {}, decl) != key


def test_outputs_cover_own_writes_only(project) -> None:
    reuse, data, _ = project
    decl = Declared(("**",), ("processed/**",))
    before = reuse.outputs(decl, later=["processed/segments.parquet"])
    (data / "processed" / "segments.parquet").write_text("later notebook's", encoding="utf-8")
    assert reuse.outputs(decl, later=["processed/segments.parquet"]) == before
    (data / "processed" / "client_360.parquet").unlink()
    assert reuse.outputs(decl, later=["processed/segments.parquet"]) != before


def test_content_is_hashed_once_and_remembered(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    path.write_bytes(b"one")
    hashes = ContentHashes(tmp_path)
    first = hashes.of(path)
    hashes.save()
    assert (tmp_path / HASHES_FILE).is_file()
    again = ContentHashes(tmp_path)
    assert again.of(path) == first and not again.changed
    path.write_bytes(b"two!")
    os.utime(path, ns=(1, 1))
    assert ContentHashes(tmp_path).of(path) != first


def test_declarations_default_to_reading_everything(tmp_path: Path) -> None:
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(json.dumps({"metadata": {}}), encoding="utf-8")
    assert declared(notebook) == Declared(("**", "sources"), ())
    assert declared(tmp_path / "missing.ipynb").writes == ()
    files = [tmp_path / "processed" / "a.parquet", tmp_path / "raw" / "b.csv"]
    assert matching(files, tmp_path, ["processed/*", "sources"]) == files[:1]


def test_every_notebook_that_writes_data_declares_it() -> None:
    """The notebooks that save tables for later ones say so (else a deleted output would not
    make them run again)."""
    writes = {p.stem: declared(p).writes for p in (REPO / "notebooks").glob("*.ipynb")}
    assert writes["01_data_integration"] == ("raw/**", "truth/**", "processed/**")
    assert "processed/segments.parquet" in writes["04_segmentation"]
    assert "processed/case_study_verdicts.parquet" in writes["06_case_study"]
    assert "kpi_history.parquet" in writes["00_summary"]


def _published(reports: Path, run_id: str, run_name: str, entries: list[dict]) -> None:
    folder = reports / run_id
    folder.mkdir(parents=True)
    for entry in entries:
        if entry.get("html"):
            (folder / entry["html"]).write_text("<html></html>", encoding="utf-8")
    manifest = {"run_id": run_id, "params": {"run_name": run_name}, "notebooks": entries}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_an_only_run_copies_each_report_from_the_newest_run_of_its_params(tmp_path: Path) -> None:
    """Newest ok report with its HTML present, from runs of the same run_name only."""
    ok = {"status": "ok", "html": "a.html"}
    _published(tmp_path, "20250101-000000-x", "x", [{"name": "a", **ok}, {"name": "b", **ok,
               "html": "b.html"}])  # fmt: skip
    _published(tmp_path, "20250102-000000-x", "x", [{"name": "a", "status": "failed",
               "html": "a.html"}, {"name": "b", "status": "ok", "html": None}])  # fmt: skip
    _published(tmp_path, "20250103-000000-y", "y", [{"name": "a", **ok}])
    found = newest_reports(tmp_path, "x")
    assert {name: folder.name for name, (folder, _) in found.items()} == {
        "a": "20250101-000000-x",
        "b": "20250101-000000-x",
    }
    _published(tmp_path, "20250104-000000-x", "x", [{"name": "a", **ok}])
    assert newest_reports(tmp_path, "x")["a"][0].name == "20250104-000000-x"
    assert newest_reports(tmp_path, "z") == {}
