"""A run's manifest.json: params, inputs (hashes, rows), versions, git commit, timings, status."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from journey_utils.config import RunParams
from journey_utils.reporting.results import NotebookResult, RunStatus
from journey_utils.reporting.run_folder import MANIFEST_FILE, write_text_atomic

INTEGRATION_REPORT = "integration_report.json"
EVENT_LOG_REPORT = "event_log_report.json"
PACKAGES: tuple[str, ...] = (
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
)
_CHUNK = 1 << 20


def package_versions(packages: Sequence[str] = PACKAGES) -> dict[str, str | None]:
    """Python's and each package's installed version (None when not installed)."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in packages:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_state(folder: Path) -> dict[str, Any] | None:
    """`{"commit", "dirty"}` of the git repository holding `folder`, or None if there is none.

    Dirty means tracked files differ from the commit (untracked outputs such as reports/ do not
    count).
    """

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(folder), *args],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if not commit:
        return None
    changes = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(changes) if changes is not None else None}


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks (inputs can be gigabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def display_path(path: Path, root: Path) -> str:
    """`path` relative to the project root when inside it (POSIX style), else absolute."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def hash_inputs(params: RunParams, root: Path) -> dict[str, dict[str, Any]]:
    """Hash every file under the raw folder, plus source files the params place elsewhere."""
    files = (
        sorted(p for p in params.raw_dir.rglob("*") if p.is_file())
        if params.raw_dir.is_dir()
        else []
    )
    extra = [params.source_path(name) for name in params.sources]
    if getattr(params, "loan_book", None) is not None:
        extra.append(params.loan_book_path)
    for path in extra:
        if path.is_file() and path not in files:
            files.append(path)
    return {
        display_path(p, root): {
            "file": display_path(p, root),
            "sha256": sha256_file(p),
            "bytes": p.stat().st_size,
        }
        for p in files
    }


def input_inventory(params: RunParams, root: Path) -> dict[str, Any]:
    """What went in: the event-log import's or the integration's hashes and row counts if they
    wrote them, else hashes of the raw files (`inputs_from` says which)."""
    event_log = params.processed_dir / EVENT_LOG_REPORT
    if getattr(params, "event_log", None) is not None and event_log.is_file():
        try:
            imported = json.loads(event_log.read_text(encoding="utf-8"))
            counts = imported["counts"]
            source = {
                "file": display_path(params.event_log_path, root),
                "sha256": imported["input_sha256"],
                "rows_in": counts["events_in"],
                "accepted": counts["events_accepted"],
                "quarantined": counts["events_quarantined"],
            }
        except (OSError, ValueError, KeyError, TypeError):
            source = None
        if source is not None:
            return {"inputs_from": display_path(event_log, root), "sources": {"event_log": source}}
    report = params.processed_dir / INTEGRATION_REPORT
    if report.is_file():
        try:
            sources = json.loads(report.read_text(encoding="utf-8")).get("sources")
        except (OSError, ValueError, AttributeError):
            sources = None
        if isinstance(sources, dict):
            return {"inputs_from": display_path(report, root), "sources": sources}
    return {
        "inputs_from": display_path(params.raw_dir, root),
        "sources": hash_inputs(params, root),
    }


def build_manifest(
    params: RunParams,
    notebooks: Sequence[NotebookResult],
    *,
    run_id: str,
    status: RunStatus,
    started: str,
    finished: str,
    duration_s: float,
    params_file: Path,
    only: str | None,
    root: Path,
) -> dict[str, Any]:
    """Everything needed to tell later what this run did, with what, and how it went."""
    return {
        "run_id": run_id,
        "status": status,
        "started": started,
        "finished": finished,
        "duration_s": round(duration_s, 3),
        "params_file": display_path(params_file, root),
        "only": only,
        "params": params.as_notebook_parameters(),
        **input_inventory(params, root),
        "versions": package_versions(),
        "git": git_state(root),
        "statuses": {nb.name: nb.status for nb in notebooks},
        "timings": {nb.name: nb.duration_s for nb in notebooks},
        "notebooks": [
            {**asdict(nb), "external_references": list(nb.external_references)} for nb in notebooks
        ],
    }


def write_manifest(folder: Path, manifest: dict[str, Any]) -> Path:
    """Write `manifest.json` into a run folder."""
    path = folder / MANIFEST_FILE
    write_text_atomic(path, json.dumps(manifest, ensure_ascii=False, indent=2, default=str) + "\n")
    return path


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """A published run's manifest, or None if missing or unreadable."""
    try:
        data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
