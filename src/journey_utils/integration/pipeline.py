"""Make a notebook's inputs ready whatever ran before: sources generated, integration current."""

from __future__ import annotations

import json
from pathlib import Path

from journey_utils.catalog import SOURCES
from journey_utils.errors import InputError
from journey_utils.integration.event_log import (
    event_log_is_current,
    import_event_log,
    load_event_log_report,
)
from journey_utils.integration.privacy import pseudonymiser
from journey_utils.integration.processed import integrate, load_integration_report
from journey_utils.params.run import RunParams
from journey_utils.synthetic import ensure_synthetic_sources

PORTFOLIO_TABLES: frozenset[str] = frozenset({*SOURCES, "client_360", "journey_log"})
"""What a data set of the nine sources provides once integrated."""

EVENT_LOG_TABLES: frozenset[str] = frozenset({"journey_log"})
"""What a standard (CSV / XES) event log provides: only the journey log."""

LOAN_BOOK_TABLES: frozenset[str] = frozenset({"loan_book"})
"""What a real loan book with outcomes provides: loans, no journey."""
LAYOUT: dict[str, str] = {"sba_case": "sba", "table": "table"}
"""The table name a loan-book format adds, so each format's report runs only on its books."""


def is_event_log(params: RunParams) -> bool:
    """True when the run's data is a standard event log rather than the nine sources."""
    return getattr(params, "event_log", None) is not None


def is_loan_book(params: RunParams) -> bool:
    """True when the run's data is a real loan book (loans and outcomes only)."""
    return getattr(params, "loan_book", None) is not None


def available_tables(params: RunParams) -> frozenset[str]:
    """The processed tables this run's data set can provide (notebooks declare what they need):
    a loan book also names its layout (`sba_loan_book` or `table_loan_book`)."""
    if is_loan_book(params):
        return LOAN_BOOK_TABLES | {f"{LAYOUT[params.loan_book.format]}_loan_book"}
    return EVENT_LOG_TABLES if is_event_log(params) else PORTFOLIO_TABLES


def data_set_kind(params: RunParams) -> str:
    """A few words for notes and reports: what kind of data set this run reads."""
    if is_loan_book(params):
        return "a loan book"
    return "an event log" if is_event_log(params) else "the nine-source portfolio"


def prepare_sources(params: RunParams) -> bool:
    """Generate the synthetic sources if this is a synthetic run and they are missing or stale.

    Real data sets are never generated: their files must exist (a missing one is named).
    Returns whether anything was generated.
    """
    if is_event_log(params):
        path = params.event_log_path
        if not path.is_file():
            raise InputError(path, "event log named in params key 'event_log.path' not found")
        return False
    if is_loan_book(params):
        path = params.loan_book_path
        if not path.is_file():
            raise InputError(path, "loan book named in params key 'loan_book.path' not found")
        return False
    if params.synthetic:
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


def ensure_integrated(params: RunParams):  # -> IntegrationResult | EventLogImport (lazy imports)
    """The integration result for these params, integrating first if it is missing or stale.

    Lets any notebook run on its own (e.g. the summary opened alone in JupyterLab). For an event
    log data set this is the event-log import (read, map to stages, check, write the journey log).
    """

    prepare_sources(params)
    if is_event_log(params):
        if event_log_is_current(params):
            return load_event_log_report(params)
        return import_event_log(params)
    if integration_is_current(params):
        return load_integration_report(params)
    return integrate(params)


def check_ready_to_run(params: RunParams, notebooks_dir: Path) -> list[str]:
    """Stop before any kernel starts when a run cannot succeed: a notebook file is missing,
    a real source is missing, real data has no pseudonymisation key, or an event log's mapping
    names missing columns or matches no activity. One line each.

    An event log is imported here, so its mapping mistakes surface on the console; the lines
    returned name what the run will set aside (unknown activities with their counts, mapped
    activities absent from the log), for the command to print.
    """
    for name in params.notebooks:
        path = notebooks_dir / f"{name}.ipynb"
        if not path.is_file():
            raise InputError(path, f"notebook '{name}' named in params key 'notebooks' not found")

    pseudonymiser(params)
    prepare_sources(params)
    if not is_event_log(params):
        return []
    imported = ensure_integrated(params)
    notes = []
    unknown = sorted(imported.quality.unknown_activities.items(), key=lambda kv: (-kv[1], kv[0]))
    if unknown:
        listed = ", ".join(f"{a!r} ({n:,} events)" for a, n in unknown[:10])
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        notes.append(
            f"event log: {sum(n for _, n in unknown):,} events of {len(unknown)} activities "
            f"the mapping does not name were quarantined: {listed}{more}"
        )
    if imported.unused_activities:
        names = ", ".join(repr(a) for a in imported.unused_activities)
        notes.append(f"event log: mapped in params but absent from the log: {names}")
    return notes
