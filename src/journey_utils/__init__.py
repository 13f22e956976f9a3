"""Loan Journey Workbook: the shared, tested logic that every notebook calls.

A flat public surface with predictable verbs (`load_*`, `integrate`, `plot_*`, `*_reading`), as in
pm4py's simplified interface; modules hold the details.
"""

from journey_utils.catalog import SOURCES, STAGES
from journey_utils.config import RunParams, load_params, notebook_params, project_root
from journey_utils.disclosure import mask_small_groups
from journey_utils.errors import InputError, JourneyError, ParamsError
from journey_utils.integration import (
    IntegrationResult,
    integrate,
    load_client_360,
    load_integration_report,
    load_journey_log,
)
from journey_utils.integration_views import (
    intake_reading,
    integrity_reading,
    plot_column_quality,
    plot_date_ranges,
    plot_intake,
    plot_quarantine_reasons,
    privacy_statement,
    quality_by_source,
)
from journey_utils.pipeline import ensure_integrated, prepare_sources
from journey_utils.plotting import (
    apply_house_style,
    format_cny,
    format_count,
    format_pct,
    style_table,
)
from journey_utils.quality import column_quality
from journey_utils.summary import kpi_tiles_html, kpis_frame, kpis_table, summary_kpis

__all__ = [
    "SOURCES",
    "STAGES",
    "InputError",
    "IntegrationResult",
    "JourneyError",
    "ParamsError",
    "RunParams",
    "apply_house_style",
    "column_quality",
    "ensure_integrated",
    "format_cny",
    "format_count",
    "format_pct",
    "intake_reading",
    "integrate",
    "integrity_reading",
    "kpi_tiles_html",
    "kpis_frame",
    "kpis_table",
    "load_client_360",
    "load_integration_report",
    "load_journey_log",
    "load_params",
    "mask_small_groups",
    "notebook_params",
    "plot_column_quality",
    "plot_date_ranges",
    "plot_intake",
    "plot_quarantine_reasons",
    "prepare_sources",
    "privacy_statement",
    "project_root",
    "quality_by_source",
    "style_table",
    "summary_kpis",
]
