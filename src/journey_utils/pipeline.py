"""Make a notebook's inputs ready whatever ran before: sources generated, integration current."""

from __future__ import annotations

import json
from pathlib import Path

from journey_utils.catalog import SOURCES
from journey_utils.config import RunParams
from journey_utils.errors import InputError


def prepare_sources(params: RunParams) -> bool:
    """Generate the synthetic sources if this is a synthetic run and they are missing or stale.

    Real data sets are never generated: their files must exist (a missing one is named).
    Returns whether anything was generated.
    """
    if params.synthetic:
        from journey_utils.synthetic import ensure_synthetic_sources

        return ensure_synthetic_sources(params)
    for name in SOURCES:
        path = params.source_path(name)
        if not path.is_file():
            raise InputError(path, f"source '{name}' not found")
    return False


def integration_is_current(params: RunParams) -> bool:
    """True when the integration report exists and is newer than every source file."""
    report = params.processed_dir / "integration_report.json"
    if not report.is_file():
        return False
    try:
        json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    built = report.stat().st_mtime
    paths = [params.source_path(name) for name in SOURCES]
    return all(p.is_file() and p.stat().st_mtime <= built for p in paths)


def ensure_integrated(params: RunParams):  # -> IntegrationResult (import kept lazy)
    """The integration result for these params, integrating first if it is missing or stale.

    Lets any notebook run on its own (e.g. the summary opened alone in JupyterLab).
    """
    from journey_utils.integration import integrate, load_integration_report

    prepare_sources(params)
    if integration_is_current(params):
        return load_integration_report(params)
    return integrate(params)


def check_ready_to_run(params: RunParams, notebooks_dir: Path) -> None:
    """Stop before any kernel starts when a run cannot succeed: a notebook file is missing,
    a real source is missing, or real data has no pseudonymisation key. One line each."""
    for name in params.notebooks:
        path = notebooks_dir / f"{name}.ipynb"
        if not path.is_file():
            raise InputError(path, f"notebook '{name}' named in params key 'notebooks' not found")
    from journey_utils.privacy import pseudonymiser

    pseudonymiser(params)
    prepare_sources(params)
