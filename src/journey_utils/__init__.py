"""Loan Journey Workbook: the shared, tested logic that every notebook calls.

A flat public surface with predictable verbs (`load_*`, `integrate`, `plot_*`, `*_reading`), as in
pm4py's simplified interface; modules hold the details.
"""

from journey_utils.catalog import SOURCES, STAGES
from journey_utils.column_profile import column_profile, correlation_table, format_profile
from journey_utils.config import RunParams, load_params, notebook_params, project_root
from journey_utils.demand import (
    calibration_reading,
    calibration_table,
    demand_frame,
    demand_model,
    expected_demand_table,
)
from journey_utils.disclosure import drop_small_groups, mask_small_cells, mask_small_groups
from journey_utils.errors import InputError, JourneyError, ParamsError
from journey_utils.financial_health import (
    plot_ratio_distributions,
    ratio_distribution_table,
    ratio_reading,
)
from journey_utils.integration import (
    IntegrationResult,
    integrate,
    load_client_360,
    load_integration_report,
    load_journey_log,
    load_processed,
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
from journey_utils.journey.cases import add_client_attributes, case_table, largest_groups
from journey_utils.journey.cohorts import cohort_table, plot_cohorts
from journey_utils.journey.dataset import JourneyData, load_journey_data
from journey_utils.journey.drivers import (
    DriverModelError,
    driver_effects_table,
    driver_frame,
    driver_model,
    plot_driver_effects,
)
from journey_utils.journey.dropoff import dropoff_table, dropoff_timing_table, plot_dropoff
from journey_utils.journey.eventlog import import_event_log, read_event_log
from journey_utils.journey.flow import flow_table, plot_flow
from journey_utils.journey.funnel import (
    compare_funnels,
    funnel_matrix_table,
    funnel_table,
    plot_funnel,
    plot_funnel_comparison,
    plot_funnel_matrix,
    with_period,
)
from journey_utils.journey.headline import journey_kpis
from journey_utils.journey.log_quality import check_log
from journey_utils.journey.paths import rework_table, transition_matrix, variants_table
from journey_utils.journey.readings import (
    cohort_reading,
    comparison_reading,
    drivers_reading,
    dropoff_reading,
    funnel_reading,
    journey_data_reading,
    paths_reading,
    satisfaction_reading,
    survival_reading,
    timing_reading,
)
from journey_utils.journey.reference import published_check, throughput_check
from journey_utils.journey.satisfaction import plot_satisfaction, satisfaction_table
from journey_utils.journey.timing import (
    plot_stage_durations,
    plot_survival,
    stage_durations_table,
    survival_difference,
    survival_table,
    time_between_table,
    time_to_decision_table,
)
from journey_utils.journey.xes import read_xes
from journey_utils.pain_points import pain_point_groups_table, pain_point_reading, plot_pain_points
from journey_utils.pipeline import ensure_integrated, prepare_sources
from journey_utils.plotting import (
    apply_house_style,
    format_cny,
    format_count,
    format_pct,
    style_table,
)
from journey_utils.pricing import pricing_reading, risk_based_price_table
from journey_utils.profiling import (
    credit_grade_band,
    grade_reading,
    grade_table,
    industry_region_reading,
    industry_region_table,
    lifecycle_reading,
    lifecycle_stage,
    lifecycle_table,
    plot_grades,
    plot_industry_region,
    plot_lifecycle,
    size_band,
)
from journey_utils.quality import column_quality
from journey_utils.rate_sensitivity import (
    acceptance_curve_table,
    elasticity_reading,
    elasticity_table,
    offer_frame,
    plot_acceptance_curves,
)
from journey_utils.risk_features import iv_table, pd_frame, woe_table
from journey_utils.risk_model import (
    PDModel,
    PDModelError,
    fit_pd_model,
    plot_calibration,
    psi_table,
)
from journey_utils.risk_model import (
    calibration_table as pd_calibration_table,
)
from journey_utils.sba import (
    read_sba_loans,
    sba_pd_frame,
    startup_default_reading,
    startup_default_table,
)
from journey_utils.segment_features import feature_audit_reading
from journey_utils.segment_profiles import (
    feature_differences,
    plot_segment_map,
    plot_segment_outcomes,
    segment_profile_reading,
    segment_profile_table,
    segment_strategy_table,
    strategy_reading,
)
from journey_utils.segmentation import (
    SegmentModel,
    SegmentResult,
    k_diagnostics_reading,
    k_diagnostics_table,
    load_segment_model,
    load_segments,
    plot_k_diagnostics,
    plot_stability,
    predict_segments,
    save_segments,
    segment_clients,
    segments_saved_reading,
    stability_reading,
    stability_table,
)
from journey_utils.summary import kpi_tiles_html, kpis_frame, kpis_table, summary_kpis

__all__ = [
    "SOURCES",
    "STAGES",
    "DriverModelError",
    "InputError",
    "IntegrationResult",
    "JourneyData",
    "JourneyError",
    "PDModel",
    "PDModelError",
    "ParamsError",
    "RunParams",
    "SegmentModel",
    "SegmentResult",
    "acceptance_curve_table",
    "add_client_attributes",
    "apply_house_style",
    "calibration_reading",
    "calibration_table",
    "case_table",
    "check_log",
    "cohort_reading",
    "cohort_table",
    "column_profile",
    "column_quality",
    "compare_funnels",
    "comparison_reading",
    "correlation_table",
    "credit_grade_band",
    "demand_frame",
    "demand_model",
    "driver_effects_table",
    "driver_frame",
    "driver_model",
    "drivers_reading",
    "drop_small_groups",
    "dropoff_reading",
    "dropoff_table",
    "dropoff_timing_table",
    "elasticity_reading",
    "elasticity_table",
    "ensure_integrated",
    "expected_demand_table",
    "feature_audit_reading",
    "feature_differences",
    "fit_pd_model",
    "flow_table",
    "format_cny",
    "format_count",
    "format_pct",
    "format_profile",
    "funnel_matrix_table",
    "funnel_reading",
    "funnel_table",
    "grade_reading",
    "grade_table",
    "import_event_log",
    "industry_region_reading",
    "industry_region_table",
    "intake_reading",
    "integrate",
    "integrity_reading",
    "iv_table",
    "journey_data_reading",
    "journey_kpis",
    "k_diagnostics_reading",
    "k_diagnostics_table",
    "kpi_tiles_html",
    "kpis_frame",
    "kpis_table",
    "largest_groups",
    "lifecycle_reading",
    "lifecycle_stage",
    "lifecycle_table",
    "load_client_360",
    "load_integration_report",
    "load_journey_data",
    "load_journey_log",
    "load_params",
    "load_processed",
    "load_segment_model",
    "load_segments",
    "mask_small_cells",
    "mask_small_groups",
    "notebook_params",
    "offer_frame",
    "pain_point_groups_table",
    "pain_point_reading",
    "paths_reading",
    "pd_calibration_table",
    "pd_frame",
    "plot_acceptance_curves",
    "plot_calibration",
    "plot_cohorts",
    "plot_column_quality",
    "plot_date_ranges",
    "plot_driver_effects",
    "plot_dropoff",
    "plot_flow",
    "plot_funnel",
    "plot_funnel_comparison",
    "plot_funnel_matrix",
    "plot_grades",
    "plot_industry_region",
    "plot_intake",
    "plot_k_diagnostics",
    "plot_lifecycle",
    "plot_pain_points",
    "plot_quarantine_reasons",
    "plot_ratio_distributions",
    "plot_satisfaction",
    "plot_segment_map",
    "plot_segment_outcomes",
    "plot_stability",
    "plot_stage_durations",
    "plot_survival",
    "predict_segments",
    "prepare_sources",
    "pricing_reading",
    "privacy_statement",
    "project_root",
    "psi_table",
    "published_check",
    "quality_by_source",
    "ratio_distribution_table",
    "ratio_reading",
    "read_event_log",
    "read_sba_loans",
    "read_xes",
    "rework_table",
    "risk_based_price_table",
    "satisfaction_reading",
    "satisfaction_table",
    "save_segments",
    "sba_pd_frame",
    "segment_clients",
    "segment_profile_reading",
    "segment_profile_table",
    "segment_strategy_table",
    "segments_saved_reading",
    "size_band",
    "stability_reading",
    "stability_table",
    "stage_durations_table",
    "startup_default_reading",
    "startup_default_table",
    "strategy_reading",
    "style_table",
    "summary_kpis",
    "survival_difference",
    "survival_reading",
    "survival_table",
    "throughput_check",
    "time_between_table",
    "time_to_decision_table",
    "timing_reading",
    "transition_matrix",
    "variants_table",
    "with_period",
    "woe_table",
]
