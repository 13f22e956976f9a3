"""Stage 03: journey analytics over the conformed journey log (funnel, timing, drop-off, paths,
cohorts, satisfaction, drivers, work items)."""

from journey_utils.journey.cases import add_client_attributes, case_table, largest_groups
from journey_utils.journey.cohorts import cohorts_table, plot_cohorts
from journey_utils.journey.dataset import JourneyData, load_journey_data
from journey_utils.journey.drivers import (
    DriverModelError,
    driver_effects_table,
    driver_frame,
    fit_driver_model,
    plot_driver_effects,
)
from journey_utils.journey.dropoff import dropoff_table, dropoff_timing_table, plot_dropoff
from journey_utils.journey.flow import flow_table, plot_flow
from journey_utils.journey.funnel import (
    funnel_comparison_table,
    funnel_matrix_table,
    funnel_table,
    plot_funnel,
    plot_funnel_comparison,
    plot_funnel_matrix,
    with_period,
)
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
    variant_labels,
    work_items_reading,
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
from journey_utils.journey.work_items import task_times_table

__all__ = [
    "DriverModelError",
    "JourneyData",
    "add_client_attributes",
    "case_table",
    "cohort_reading",
    "cohorts_table",
    "comparison_reading",
    "driver_effects_table",
    "driver_frame",
    "drivers_reading",
    "dropoff_reading",
    "dropoff_table",
    "dropoff_timing_table",
    "fit_driver_model",
    "flow_table",
    "funnel_comparison_table",
    "funnel_matrix_table",
    "funnel_reading",
    "funnel_table",
    "journey_data_reading",
    "largest_groups",
    "load_journey_data",
    "paths_reading",
    "plot_cohorts",
    "plot_driver_effects",
    "plot_dropoff",
    "plot_flow",
    "plot_funnel",
    "plot_funnel_comparison",
    "plot_funnel_matrix",
    "plot_satisfaction",
    "plot_stage_durations",
    "plot_survival",
    "published_check",
    "rework_table",
    "satisfaction_reading",
    "satisfaction_table",
    "stage_durations_table",
    "survival_difference",
    "survival_reading",
    "survival_table",
    "task_times_table",
    "throughput_check",
    "time_between_table",
    "time_to_decision_table",
    "timing_reading",
    "transition_matrix",
    "variant_labels",
    "variants_table",
    "with_period",
    "work_items_reading",
]
