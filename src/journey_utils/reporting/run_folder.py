"""The reports folder: run ids, a run's hidden temp folder, atomic publish, the `latest` file."""

from __future__ import annotations

import itertools
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

TMP_PREFIX = ".tmp-"
LATEST_FILE = "latest"
MANIFEST_FILE = "manifest.json"


def utc_now() -> datetime:
    """The current time in UTC (one place, so tests can pin it)."""
    return datetime.now(UTC)


def new_run_id(run_name: str, now: datetime | None = None) -> str:
    """`YYYYmmdd-HHMMSS-<run_name>` in UTC."""
    moment = (now or utc_now()).astimezone(UTC)
    return f"{moment:%Y%m%d-%H%M%S}-{run_name}"


def reserve_run_folder(
    reports_dir: Path, run_name: str, now: datetime | None = None
) -> tuple[str, Path]:
    """A fresh run id and its temp folder `<reports_dir>/.tmp-<run_id>/`, created here.

    Two runs in the same second get `…-<run_name>` and `…-<run_name>-2`: the id is taken by
    creating its temp folder (atomic), and skipped if a published run already has it.
    """
    reports_dir.mkdir(parents=True, exist_ok=True)
    base = new_run_id(run_name, now)
    for n in itertools.count(1):
        run_id = base if n == 1 else f"{base}-{n}"
        if (reports_dir / run_id).exists():
            continue
        tmp = reports_dir / f"{TMP_PREFIX}{run_id}"
        try:
            tmp.mkdir()
        except FileExistsError:
            continue
        return run_id, tmp
    raise AssertionError("unreachable")  # pragma: no cover


def publish_run(tmp: Path, reports_dir: Path, run_id: str) -> Path:
    """Rename the finished temp folder to `<reports_dir>/<run_id>/` (one atomic step)."""
    final = reports_dir / run_id
    if final.exists():
        raise FileExistsError(f"{final}: a run with this id is already published")
    tmp.rename(final)
    return final


def discard_run(tmp: Path) -> None:
    """Remove an unfinished run's temp folder (after a crash of the runner itself)."""
    shutil.rmtree(tmp, ignore_errors=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text file so readers see the old or the new content, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_latest(reports_dir: Path, run_id: str) -> Path:
    """Point `<reports_dir>/latest` (a text file, no symlink) at `run_id`."""
    path = reports_dir / LATEST_FILE
    write_text_atomic(path, run_id + "\n")
    return path


def read_latest(reports_dir: Path) -> str | None:
    """The run id in `<reports_dir>/latest`, or None before the first run."""
    path = reports_dir / LATEST_FILE
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8").strip() or None


def published_runs(reports_dir: Path) -> list[Path]:
    """Folders of published runs (those with a manifest; temp folders are hidden)."""
    if not reports_dir.is_dir():
        return []
    return sorted(
        p
        for p in reports_dir.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST_FILE).is_file()
    )
