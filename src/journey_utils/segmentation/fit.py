"""Fit the segmentation: encode the client features, run seeded k-means and name each segment
from its profile (the one step that needs both the model and the profiles)."""

from __future__ import annotations

import pandas as pd
from sklearn.cluster import KMeans

from journey_utils.errors import InputError
from journey_utils.segmentation.features import (
    build_encoder,
    derive_features,
    feature_audit,
    require_source_columns,
)
from journey_utils.segmentation.model import (
    N_INIT,
    SegmentModel,
    SegmentResult,
    _distinct_rows,
    _segment_numbers,
    check_k,
)
from journey_utils.segmentation.profiles import name_segments, segment_traits


def fit_segments(
    client_360: pd.DataFrame,
    k: int = 10,
    seed: int = 0,
    *,
    min_cell_size: int = 10,
) -> SegmentResult:
    """Segment the clients of a client 360 frame into `k` groups (seeded, reproducible) and name
    them from their profiles."""
    require_source_columns(client_360)
    if "client_id" not in client_360.columns:
        raise InputError("client_360", "no client_id column", column="client_id")
    features = derive_features(client_360)
    audit = feature_audit(features)
    encoder = build_encoder(audit)
    encoded = encoder.fit_transform(features)
    check_k(k, len(client_360), _distinct_rows(encoded, seed), min_cell_size=min_cell_size)
    kmeans = KMeans(n_clusters=k, n_init=N_INIT, random_state=seed).fit(encoded)
    numbers = _segment_numbers(kmeans.labels_, k)
    model = SegmentModel(encoder=encoder, kmeans=kmeans, segment_of_label=numbers)
    segments = pd.DataFrame(
        {
            "client_id": client_360["client_id"].to_numpy(),
            "segment": numbers[kmeans.labels_],
        }
    )
    result = SegmentResult(model, segments, audit, encoded, seed, min_cell_size)
    traits = segment_traits(client_360, result)
    model.names, model.names_zh = name_segments(traits)
    return result
