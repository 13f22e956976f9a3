"""manifest.json: inputs (integration report or raw hashes), versions, git state, timings."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from journey_utils.integration.inventory import display_path, input_inventory, sha256_file
from journey_utils.params.run import load_params
from journey_utils.reporting.manifest import (
    PACKAGES,
    build_manifest,
    git_state,
    package_versions,
    read_manifest,
    write_manifest,
)
from journey_utils.reporting.results import NotebookResult

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def test_package_versions_cover_the_stack() -> None:
    versions = package_versions()
    assert list(versions) == ["python", *PACKAGES]
    assert versions["python"] and versions["pandas"] and versions["papermill"]
    assert package_versions(["surely-not-installed-pkg"])["surely-not-installed-pkg"] is None


def test_sha256_file(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(b"x" * 3_000_000)
    assert sha256_file(path) == hashlib.sha256(b"x" * 3_000_000).hexdigest()


def test_display_path(tmp_path: Path) -> None:
    assert display_path(tmp_path / "data" / "raw", tmp_path) == "data/raw"
    assert display_path(Path("/elsewhere/x.csv"), tmp_path) == "/elsewhere/x.csv"


def test_inputs_from_the_integration_report(project: Path, write_params) -> None:
    params = load_params(write_params("smoke"))
    params.processed_dir.mkdir(parents=True)
    sources = {
        "clients": {
            "file": "clients.csv",
            "sha256": "f" * 64,
            "rows_in": 5,
            "accepted": 4,
            "quarantined": 1,
        }
    }
    report = {"sources": sources, "other": 1}
    (params.processed_dir / "integration_report.json").write_text(
        json.dumps(report), encoding="utf-8"
    )
    inventory = input_inventory(params, project)
    assert inventory == {
        "inputs_from": "data/smoke/processed/integration_report.json",
        "sources": sources,
    }


def test_inputs_hashed_when_no_integration_report(project: Path, write_params) -> None:
    outside = project / "elsewhere" / "apps.csv"
    outside.parent.mkdir()
    outside.write_bytes(b"application_id\n")
    params = load_params(
        write_params("smoke", sources={"applications": {"path": "elsewhere/apps.csv"}})
    )
    (params.raw_dir / "events").mkdir(parents=True)
    (params.raw_dir / "clients.csv").write_bytes(b"client_id\n")
    (params.raw_dir / "events" / "part-0.parquet").write_bytes(b"PAR1")
    inventory = input_inventory(params, project)
    assert inventory["inputs_from"] == "data/smoke/raw"
    assert list(inventory["sources"]) == [
        "data/smoke/raw/clients.csv",
        "data/smoke/raw/events/part-0.parquet",
        "elsewhere/apps.csv",
    ]
    entry = inventory["sources"]["data/smoke/raw/clients.csv"]
    assert entry == {
        "file": "data/smoke/raw/clients.csv",
        "sha256": hashlib.sha256(b"client_id\n").hexdigest(),
        "bytes": 10,
    }


def test_unreadable_integration_report_falls_back_to_hashes(project: Path, write_params) -> None:
    params = load_params(write_params("smoke"))
    params.processed_dir.mkdir(parents=True)
    (params.processed_dir / "integration_report.json").write_text("{not json", encoding="utf-8")
    assert input_inventory(params, project) == {"inputs_from": "data/smoke/raw", "sources": {}}


def test_no_git_repository(tmp_path: Path) -> None:
    assert git_state(tmp_path) is None


@needs_git
def test_git_commit_and_dirty_flag(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    git("add", "a.txt")
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "init")
    state = git_state(tmp_path)
    assert state is not None and len(state["commit"]) == 40 and state["dirty"] is False
    (tmp_path / "untracked.html").write_text("report", encoding="utf-8")
    assert git_state(tmp_path)["dirty"] is False  # outputs such as reports/ do not count
    (tmp_path / "a.txt").write_text("two", encoding="utf-8")
    assert git_state(tmp_path)["dirty"] is True


def test_build_write_and_read(project: Path, write_params) -> None:
    path = write_params("smoke")
    params = load_params(path)
    notebooks = [
        NotebookResult(
            "01_data_integration",
            "ok",
            "Data",
            duration_s=1.5,
            html="01_data_integration.html",
            headline="9 sources arrived.",
            reused_from="20250501-080000-smoke",
            reuse_reason="only",
        ),
        NotebookResult("00_summary", "not run", "00_summary", error="an earlier notebook failed"),
    ]
    manifest = build_manifest(
        params,
        notebooks,
        run_id="20250601-083005-smoke",
        status="failed",
        started="2025-06-01T08:30:05+00:00",
        finished="2025-06-01T08:30:07+00:00",
        duration_s=2.0004,
        params_file=path,
        only=None,
        root=project,
    )
    assert manifest["params_file"] == "params/smoke.yaml"
    assert manifest["duration_s"] == 2.0
    assert manifest["statuses"] == {"01_data_integration": "ok", "00_summary": "not run"}
    assert manifest["timings"] == {"01_data_integration": 1.5, "00_summary": None}
    assert manifest["notebooks"][0]["html"] == "01_data_integration.html"
    first = manifest["notebooks"][0]  # a copied report keeps its headline and says why
    assert first["headline"] == "9 sources arrived." and first["reuse_reason"] == "only"
    assert manifest["notebooks"][1]["headline"] is None
    assert manifest["params"]["run_name"] == "smoke"
    write_manifest(project, manifest)
    assert read_manifest(project) == manifest
    assert read_manifest(project / "absent") is None
