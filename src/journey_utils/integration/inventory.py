"""What went into a run: the inputs' files, hashes and row counts, from the integration's or the
event-log import's own report when they wrote one, else from the raw files (provenance for the
manifest and for the summary's "change since the last period")."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from journey_utils.params.run import RunParams

INTEGRATION_REPORT = "integration_report.json"


EVENT_LOG_REPORT = "event_log_report.json"


_CHUNK = 1 << 20


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
