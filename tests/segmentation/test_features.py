"""Segmentation features: derived columns, the audit of missing and dropped ones, the encoder."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.segmentation.features import (
    FEATURES,
    build_encoder,
    derive_features,
    dropped_features,
    feature_audit,
    feature_audit_reading,
    feature_audit_table,
    feature_label,
    feature_words,
    require_source_columns,
    used_columns,
)
from journey_utils.segmentation.messages import MESSAGES
from text_checks import has_cjk, same_numbers


def test_derived_features_take_logs_and_ratios(toy: pd.DataFrame) -> None:
    f = derive_features(toy)
    assert np.allclose(f["log_employees"], np.log1p(toy["employees"]))
    assert np.allclose(f["log_assets_to_revenue"], np.log(toy["total_assets"] / toy["revenue"]))
    assert f["disbursed_share"].isna().sum() == (toy["n_applications"] == 0).sum()
    assert set(f["high_tech"].unique()) == {0.0, 1.0}


def test_constant_and_all_missing_columns_are_dropped_with_a_note(toy: pd.DataFrame) -> None:
    toy["bureau_score"] = np.nan
    toy["listed"] = False
    audit = feature_audit(derive_features(toy))
    dropped = dropped_features(audit).set_index("feature")
    assert dropped.loc["bureau_score", "rule"] == "dropped: all values missing"
    assert dropped.loc["listed", "rule"] == "dropped: a single value, no information"
    structural, descriptive, _ = used_columns(audit)
    assert "listed" not in structural and "bureau_score" not in descriptive


def test_missing_values_are_counted_and_imputed(toy: pd.DataFrame) -> None:
    toy.loc[:9, "leverage"] = np.nan
    toy.loc[:4, "industry"] = None
    features = derive_features(toy)
    audit = feature_audit(features).set_index("feature")
    assert audit.loc["leverage", "missing"] == 10
    assert audit.loc["leverage", "rule"] == "median imputed, missing indicator added"
    assert audit.loc["industry", "missing"] == 5
    encoded = build_encoder(feature_audit(features)).fit_transform(features)
    assert not np.isnan(encoded).any()


def test_rare_levels_are_grouped(toy: pd.DataFrame) -> None:
    toy.loc[0, "region"] = "northwest"  # 1 of 200 clients: below the 1% threshold
    features = derive_features(toy)
    encoder = build_encoder(feature_audit(features)).fit(features)
    names = list(encoder.get_feature_names_out())
    assert "categorical__region_infrequent_sklearn" in names
    assert not any("northwest" in n for n in names)


def test_no_usable_feature_stops() -> None:
    frame = pd.DataFrame({"client_id": ["a", "b"], "employees": [5, 5]})
    with pytest.raises(InputError, match="no usable segmentation feature"):
        build_encoder(feature_audit(derive_features(frame)))
    with pytest.raises(InputError, match="none of the segmentation source columns"):
        require_source_columns(pd.DataFrame({"client_id": ["a"]}))


def test_audit_reading_in_chinese_states_the_same_numbers(toy: pd.DataFrame) -> None:
    toy["bureau_score"] = np.nan
    toy.loc[:9, "leverage"] = np.nan
    audit = feature_audit(derive_features(toy))
    en, zh = feature_audit_reading(audit), feature_audit_reading(audit, lang="zh")
    assert has_cjk(zh) and not has_cjk(en)
    assert same_numbers(en, zh, distinct=True) and "23.0%" in zh
    assert "bureau_score（全部缺失）" in zh
    table = feature_audit_table(audit, lang="zh").set_index("feature")
    assert table.loc["bureau_score", "rule"] == "已剔除：全部缺失"
    assert table.loc["leverage", "block"] == "结构性"
    assert feature_audit_table(audit).equals(audit)


def test_feature_words_and_labels_in_chinese() -> None:
    assert feature_label("log_firm_age") == "firm age"
    assert feature_label("log_firm_age", "zh") == "成立年限"
    assert feature_words("leverage", True) == "higher leverage"
    assert feature_words("leverage", False, "zh") == "杠杆更低"
    kinds = ("feature_label", "feature_higher", "feature_lower")
    assert all(f"{kind}.{f.name}" in MESSAGES for f in FEATURES for kind in kinds)
