"""A run's manifest.json: params, inputs (hashes, rows), versions, git commit, timings, status."""

from __future__ import annotations

import json
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from journey_utils.integration.inventory import display_path, input_inventory
from journey_utils.params.run import RunParams
from journey_utils.reporting.results import NotebookResult, RunStatus
from journey_utils.reporting.run_folder import MANIFEST_FILE, write_text_atomic

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
