"""Stage 00: the one-page management summary (KPIs, change since the last period, the page)."""

from journey_utils.summary.act_on import act_on_html, act_on_items, act_on_missing
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
from journey_utils.summary.journey_kpis import journey_kpis, largest_dropoff
from journey_utils.summary.kpis import kpi_tiles_html, kpis_frame, kpis_table, summary_kpis
from journey_utils.summary.page import (
    case_study_view,
    plot_segment_overview,
    segment_overview,
    segment_overview_table,
    segment_watchlist,
    verdict_links_table,
)
from journey_utils.summary.tiles import decision_tiles_html, npl_definition, status_table
from journey_utils.summary.trend import monthly_figures, trend_reading, trend_table

__all__ = [
    "act_on_html",
    "act_on_items",
    "act_on_missing",
    "case_study_view",
    "data_fingerprint",
    "decision_tiles_html",
    "journey_kpis",
    "kpi_change_reading",
    "kpi_changes",
    "kpi_history_path",
    "kpi_tiles_html",
    "kpi_tiles_with_change_html",
    "kpis_frame",
    "kpis_table",
    "largest_dropoff",
    "monthly_figures",
    "npl_definition",
    "plot_segment_overview",
    "previous_run_kpis",
    "run_identity",
    "save_run_kpis",
    "segment_overview",
    "segment_overview_table",
    "segment_watchlist",
    "status_table",
    "summary_kpis",
    "trend_reading",
    "trend_table",
    "verdict_links_table",
]
