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
