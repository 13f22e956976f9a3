"""Out-of-time checks a model-risk reviewer expects, on hand-made grades and simulated loans."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.risk.validation import (
    calibration_in_the_large,
    csi_table,
    monotone_grades,
    recalibrate_intercept,
)


def test_a_grade_out_of_order_is_named_and_pooled_with_its_neighbour() -> None:
    # the SBA case: E (0.8%) sits between D (50%) and F (62%)
    grades = pd.DataFrame({"grade": list("ABCDEFG"), "loans": [200, 200, 200, 100, 120, 100, 50],
                           "defaults": [2, 6, 20, 50, 1, 62, 40]})  # fmt: skip
    out = monotone_grades(grades).set_index("grade")
    assert list(out.index[out["breaks_order"]]) == ["E"]
    assert out.loc["D", "pooled_grade"] == out.loc["E", "pooled_grade"] == "DE"
    assert out["pooled_rate"].is_monotonic_increasing
    assert out.loc[out["pooled_grade"] == "DE", "pooled_rate"].iloc[0] == pytest.approx(51 / 220)
    ordered = monotone_grades(grades.assign(defaults=[1, 2, 4, 8, 16, 32, 40]))
    assert not ordered["breaks_order"].any() and ordered["pooled_grade"].tolist() == list("ABCDEFG")


def test_calibration_in_the_large_tells_a_miscalibrated_model() -> None:
    rng = np.random.default_rng(0)
    p = rng.uniform(0.01, 0.2, 20_000)
    y = (rng.random(20_000) < p).astype(int)
    fair = calibration_in_the_large(y, p)
    assert fair.p_value > 0.01 and fair.ratio == pytest.approx(1.0, abs=0.05)
    low = calibration_in_the_large(y, p / 2)  # the SBA case: predicted far below observed
    assert low.p_value < 1e-6 and low.ratio > 1.8


def test_recalibration_moves_the_level_and_keeps_the_ranks() -> None:
    p = np.array([0.01, 0.05, 0.2, 0.4])
    shifted = recalibrate_intercept(p, 0.3)
    assert shifted.mean() == pytest.approx(0.3)
    assert (np.argsort(shifted) == np.argsort(p)).all()
    with pytest.raises(InputError, match="not in"):
        recalibrate_intercept(p, 1.2)


def test_csi_finds_the_feature_that_shifted() -> None:
    rng = np.random.default_rng(1)
    dev = pd.DataFrame({"a": rng.normal(size=5000), "b": rng.normal(size=5000),
                        "c": rng.choice(["x", "y", "z"], 5000)})  # fmt: skip
    val = pd.DataFrame({"a": rng.normal(size=3000), "b": rng.normal(0.8, 1, 3000),
                        "c": rng.choice(["x", "y", "z"], 3000, p=[0.2, 0.2, 0.6])})  # fmt: skip
    val.loc[:299, "a"] = np.nan  # a gap that appears only later is a shift of its own
    table = csi_table(dev, val, ["a", "b", "c"], categorical=["c"]).set_index("feature")
    assert table.loc["b", "reading"] == "shifted" and table.loc["c", "csi"] > 0.1
    assert table.loc["a", "reading"] == "shifted"  # 10% missing where none were
    assert csi_table(dev, val.fillna(0.0), ["a"])["reading"].iloc[0] == "stable"
