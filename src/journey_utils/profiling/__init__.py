"""Stage 02: who the clients are (grades, lifecycle, industry and region, financial health, pain
points) and a profile of every column."""

from journey_utils.profiling.columns import column_profile, correlation_table, format_profile
from journey_utils.profiling.financial_health import (
    plot_ratio_distributions,
    ratio_distributions_table,
    ratio_reading,
)
from journey_utils.profiling.pain_points import (
    pain_point_groups_table,
    pain_point_reading,
    plot_pain_point_groups,
)
from journey_utils.profiling.portfolio import (
    client_360_intro,
    credit_grade_band,
    grade_reading,
    grade_rule_note,
    grades_table,
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

__all__ = [
    "client_360_intro",
    "column_profile",
    "correlation_table",
    "credit_grade_band",
    "format_profile",
    "grade_reading",
    "grade_rule_note",
    "grades_table",
    "industry_region_reading",
    "industry_region_table",
    "lifecycle_reading",
    "lifecycle_stage",
    "lifecycle_table",
    "pain_point_groups_table",
    "pain_point_reading",
    "plot_grades",
    "plot_industry_region",
    "plot_lifecycle",
    "plot_pain_point_groups",
    "plot_ratio_distributions",
    "ratio_distributions_table",
    "ratio_reading",
    "size_band",
]
