"""Stage 00: the one-page management summary (KPIs, change since the last period, the page)."""

from journey_utils.summary.history import (
    data_fingerprint,
    kpi_change_reading,
    kpi_changes,
    kpi_history_path,
    kpi_tiles_with_change_html,
    previous_run_kpis,
    run_identity,
    save_run_kpis,
)
from journey_utils.summary.journey_kpis import journey_kpis
from journey_utils.summary.kpis import kpi_tiles_html, kpis_frame, kpis_table, summary_kpis
from journey_utils.summary.page import (
    case_study_view,
    plot_segment_overview,
    segment_overview,
    segment_overview_table,
    segment_watchlist,
    verdict_links_table,
)

__all__ = [
    "case_study_view",
    "data_fingerprint",
    "journey_kpis",
    "kpi_change_reading",
    "kpi_changes",
    "kpi_history_path",
    "kpi_tiles_html",
    "kpi_tiles_with_change_html",
    "kpis_frame",
    "kpis_table",
    "plot_segment_overview",
    "previous_run_kpis",
    "run_identity",
    "save_run_kpis",
    "segment_overview",
    "segment_overview_table",
    "segment_watchlist",
    "summary_kpis",
    "verdict_links_table",
]
