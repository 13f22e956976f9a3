"""Stage 04: client segments (features, seeded k-means, names, stability, profiles, strategy)."""

from journey_utils.segmentation.features import feature_audit_reading, feature_audit_table
from journey_utils.segmentation.fit import segment_clients
from journey_utils.segmentation.model import (
    SegmentModel,
    SegmentResult,
    k_diagnostics_reading,
    k_diagnostics_table,
    load_segment_model,
    load_segments,
    named_segments,
    plot_k_diagnostics,
    plot_stability,
    predict_segments,
    save_segments,
    segments_saved_reading,
    stability_reading,
    stability_table,
)
from journey_utils.segmentation.profiles import (
    feature_differences,
    plot_segment_map,
    plot_segment_outcomes,
    segment_profile_reading,
    segment_profile_table,
    segment_strategy_table,
    strategy_reading,
)

__all__ = [
    "SegmentModel",
    "SegmentResult",
    "feature_audit_reading",
    "feature_audit_table",
    "feature_differences",
    "k_diagnostics_reading",
    "k_diagnostics_table",
    "load_segment_model",
    "load_segments",
    "named_segments",
    "plot_k_diagnostics",
    "plot_segment_map",
    "plot_segment_outcomes",
    "plot_stability",
    "predict_segments",
    "save_segments",
    "segment_clients",
    "segment_profile_reading",
    "segment_profile_table",
    "segment_strategy_table",
    "segments_saved_reading",
    "stability_reading",
    "stability_table",
    "strategy_reading",
]
