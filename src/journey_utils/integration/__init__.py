"""Stage 01, the data layer: read every source (files and event logs), hold it to its contract,
quarantine what cannot be read, pseudonymise, conform and publish the one client view the later
stages read.

Data flows one way, each step a function of the previous step's output (`processed.integrate`):
read (`sources.iter_source`, chunk by chunk) -> coerce to the contract (`contracts`) -> validate
and quarantine (`quarantine.validate_source`: contract, duplicates, orphans, owners; raw keys
stay in memory for the children's checks) -> pseudonymise (`privacy`, accepted and quarantined
rows alike, before anything is written) -> conform (`conform`: outcomes, journey log, client 360)
-> publish (staging folder renamed into `processed/`, then the report).
"""

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names as type checkers and editors see them
    from journey_utils.integration.event_log import import_event_log, read_event_log
    from journey_utils.integration.log_checks import check_log
    from journey_utils.integration.pipeline import ensure_integrated, prepare_sources
    from journey_utils.integration.processed import (
        IntegrationResult,
        integrate,
        load_client_360,
        load_integration_report,
        load_journey_log,
        load_processed,
    )
    from journey_utils.integration.quality import column_quality_table
    from journey_utils.integration.report import (
        date_ranges_table,
        intake_reading,
        intake_table,
        integrity_reading,
        notes_reading,
        plot_column_quality,
        plot_date_ranges,
        plot_intake,
        plot_quarantine_reasons,
        privacy_statement,
        quality_by_source,
        quarantine_reasons_table,
        reading_notes_table,
    )
    from journey_utils.integration.xes import read_xes

EXPORTS: dict[str, str] = {
    "IntegrationResult": "journey_utils.integration.processed",
    "check_log": "journey_utils.integration.log_checks",
    "column_quality_table": "journey_utils.integration.quality",
    "date_ranges_table": "journey_utils.integration.report",
    "ensure_integrated": "journey_utils.integration.pipeline",
    "import_event_log": "journey_utils.integration.event_log",
    "intake_reading": "journey_utils.integration.report",
    "intake_table": "journey_utils.integration.report",
    "integrate": "journey_utils.integration.processed",
    "integrity_reading": "journey_utils.integration.report",
    "load_client_360": "journey_utils.integration.processed",
    "load_integration_report": "journey_utils.integration.processed",
    "load_journey_log": "journey_utils.integration.processed",
    "load_processed": "journey_utils.integration.processed",
    "notes_reading": "journey_utils.integration.report",
    "plot_column_quality": "journey_utils.integration.report",
    "plot_date_ranges": "journey_utils.integration.report",
    "plot_intake": "journey_utils.integration.report",
    "plot_quarantine_reasons": "journey_utils.integration.report",
    "prepare_sources": "journey_utils.integration.pipeline",
    "privacy_statement": "journey_utils.integration.report",
    "quality_by_source": "journey_utils.integration.report",
    "quarantine_reasons_table": "journey_utils.integration.report",
    "read_event_log": "journey_utils.integration.event_log",
    "read_xes": "journey_utils.integration.xes",
    "reading_notes_table": "journey_utils.integration.report",
}
"""Each public name and the module that holds it, loaded on first use (PEP 562)."""


__all__ = [
    "IntegrationResult",
    "check_log",
    "column_quality_table",
    "date_ranges_table",
    "ensure_integrated",
    "import_event_log",
    "intake_reading",
    "intake_table",
    "integrate",
    "integrity_reading",
    "load_client_360",
    "load_integration_report",
    "load_journey_log",
    "load_processed",
    "notes_reading",
    "plot_column_quality",
    "plot_date_ranges",
    "plot_intake",
    "plot_quarantine_reasons",
    "prepare_sources",
    "privacy_statement",
    "quality_by_source",
    "quarantine_reasons_table",
    "read_event_log",
    "read_xes",
    "reading_notes_table",
]


def __getattr__(name: str) -> object:
    """A public name, imported from its module on first use (and kept)."""
    if name not in EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(EXPORTS[name]), name)
    globals()[name] = value
    return value
