"""Segmentation: known archetypes recovered, reproducibility, predict, bad k, diagnostics,
stability and the saved segment table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from conftest import OTHER_SEEDS
from journey_utils.errors import InputError
from journey_utils.params.run import load_params
from journey_utils.segmentation.fit import fit_segments
from journey_utils.segmentation.model import (
    k_diagnostics_reading,
    k_diagnostics_table,
    load_segment_model,
    load_segments,
    plot_k_diagnostics,
    plot_stability,
    predict_segments,
    save_segments,
    segments_saved_reading,
    stability_reading,
    stability_table,
)
from text_checks import has_cjk, same_numbers

REPO = Path(__file__).resolve().parents[2]


ARCHETYPE_ARI_FLOOR = 0.82
"""Adjusted Rand index of the fitted segments against the planted archetypes, measured with
params/default.yaml (k = 10) by generating, integrating and segmenting each portfolio and
scoring `adjusted_rand_score(archetype, labels)` (a throw-away script, not kept):

- 20,000 clients, seeds 20240601 (default), 1, 2, 3, 4: 0.879, 0.878, 0.902, 0.904, 0.878;
- 5,000 clients, seeds 20240601, 1 to 9: 0.880, 0.881, 0.884, 0.878, 0.882, 0.878, 0.888,
  0.883, 0.907, 0.889.

Minimum 0.878 over the 15 portfolios; the floor is that minus 0.05, rounded down. A
segmentation that merged two archetypes or lost a feature family falls below it."""


@pytest.mark.parametrize("seed", ["default", *OTHER_SEEDS])
def test_segments_recover_the_planted_archetypes(seed, default_segmented, segmented_at) -> None:
    """The k-means segments of the default portfolio (20,000 clients, default seed) and of the
    5,000-client ones with seeds 1-3 find the generator's archetypes again: one segment per
    archetype and an adjusted Rand index above the measured floor (ARCHETYPE_ARI_FLOOR)."""
    s = default_segmented if seed == "default" else segmented_at(seed)
    assert s.archetype.notna().all()
    assert s.result.k == s.params.n_segments == s.archetype.nunique()
    assert adjusted_rand_score(s.archetype, s.result.labels) >= ARCHETYPE_ARI_FLOOR


def test_same_seed_gives_identical_segments(default_segmented: Any) -> None:
    s = default_segmented
    p = s.params
    again = fit_segments(s.client_360, p.n_segments, p.seed, min_cell_size=p.min_cell_size)
    assert np.array_equal(again.labels, s.result.labels)
    assert again.model.names == s.result.model.names


def test_segments_are_numbered_from_the_largest(default_segmented: Any) -> None:
    sizes = default_segmented.result.segments["segment"].value_counts().sort_index()
    assert list(sizes.index) == list(range(1, 11))
    assert sizes.is_monotonic_decreasing


def test_predict_reproduces_the_training_labels(default_segmented: Any) -> None:
    s = default_segmented
    predicted = s.result.model.predict(s.client_360)
    assert np.array_equal(predicted.to_numpy(), s.result.labels)


def test_saved_table_and_model_round_trip(default_segmented: Any) -> None:
    s = default_segmented
    path = save_segments(s.params, s.result)
    table = load_segments(s.params)
    assert path.name == "segments.parquet"
    assert list(table.columns) == ["client_id", "segment", "segment_name", "segment_name_zh"]
    assert table["client_id"].is_unique and len(table) == len(s.client_360)
    model = load_segment_model(s.params)
    new = s.client_360.sample(300, random_state=1)
    assigned = predict_segments(model, new)
    expected = table.set_index("client_id").loc[new["client_id"], "segment"].to_numpy()
    assert np.array_equal(assigned["segment"].to_numpy(), expected)
    assert assigned["segment_name"].notna().all()


def test_loading_before_saving_says_what_to_run(tmp_path) -> None:
    params = load_params(REPO / "params" / "default.yaml", {"data_dir": str(tmp_path)})
    with pytest.raises(InputError, match="run notebook 04_segmentation"):
        load_segments(params)
    with pytest.raises(InputError, match="run notebook 04_segmentation"):
        load_segment_model(params)


def test_k_larger_than_the_data_supports_stops(toy: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="needs at least 250 clients"):
        fit_segments(toy, k=25, seed=0, min_cell_size=10)
    duplicated = pd.concat([toy.iloc[[0, 1]]] * 50, ignore_index=True)
    duplicated["client_id"] = [f"C-{i}" for i in range(len(duplicated))]
    with pytest.raises(InputError, match="more than the 2 distinct client profiles"):
        fit_segments(duplicated, k=3, seed=0, min_cell_size=1)
    with pytest.raises(InputError, match="at least 2 segments"):
        fit_segments(toy, k=1, seed=0)


def test_two_clear_groups_are_found_whatever_the_noise(toy: pd.DataFrame) -> None:
    toy.loc[:19, "leverage"] = np.nan
    toy["bureau_score"] = 600.0  # constant: dropped
    result = fit_segments(toy, k=2, seed=3, min_cell_size=10)
    old = toy["employees"] > 100
    assert adjusted_rand_score(old, result.labels) == 1.0
    assert "bureau_score" in set(result.exclusions["feature"])
    centres = result.coefficients  # one k-means centre per segment, in the encoded space
    assert list(centres.index) == [1, 2] and centres.shape[1] == result.encoded.shape[1]
    first = result.encoded[result.labels == 1].mean(axis=0)
    assert np.allclose(centres.loc[1].to_numpy(), first, atol=1e-6)
    assert (result.predict(toy).to_numpy() == result.labels).all()


def test_k_diagnostics_mark_the_chosen_k(default_segmented: Any) -> None:
    table = k_diagnostics_table(default_segmented.result, ks=(8, 10, 12), sample_size=4000)
    assert list(table["k"]) == [8, 10, 12]
    assert table.loc[table["chosen"], "k"].tolist() == [10]
    assert table["inertia_per_client"].is_monotonic_decreasing
    assert table["silhouette"].between(-1, 1).all()
    reading = k_diagnostics_reading(table)
    assert "k = 10" in reading and f"{table.set_index('k').silhouette[10]:.2f}" in reading
    fig = plot_k_diagnostics(table)
    assert len(fig.axes) == 3
    for ax, column in zip(fig.axes, ("inertia_per_client", "silhouette", "bic"), strict=True):
        curve, *marks = ax.get_lines()  # one point per k of the table, the chosen k marked
        assert list(curve.get_xdata()) == list(table["k"])
        assert np.allclose(curve.get_ydata(), table[column])
        assert [list(mark.get_xdata()) for mark in marks] == [[10, 10]]


def test_stability_is_high_on_the_default_portfolio(default_segmented: Any) -> None:
    table = stability_table(default_segmented.result, n_resamples=3, sample_size=5000)
    assert len(table) == 3 and (table["clients"] == int(0.8 * 5000)).all()  # default fraction
    assert table["adjusted_rand_index"].median() >= 0.6
    assert f"{table['adjusted_rand_index'].median():.2f}" in stability_reading(table)
    ax = plot_stability(table)
    points = ax.collections[0].get_offsets()
    assert np.allclose(points[:, 0], table["adjusted_rand_index"])  # one point per resample
    median = ax.get_lines()[0]
    assert np.allclose(median.get_xdata(), table["adjusted_rand_index"].median())


def test_stability_rejects_a_bad_fraction(default_segmented: Any) -> None:
    with pytest.raises(InputError, match="fraction"):
        stability_table(default_segmented.result, fraction=1.5)


def _diagnostics(chosen: int = 10) -> pd.DataFrame:
    """A hand-made k-diagnostics table: an elbow at 10, silhouette best at 6, BIC best at 12."""
    ks = np.arange(4, 15)
    return pd.DataFrame(
        {
            "k": ks,
            "inertia_per_client": np.where(ks <= 10, 20.0 - ks, 10.0 - 0.1 * (ks - 10)),
            "silhouette": 0.3 - 0.01 * np.abs(ks - 6),
            "calinski_harabasz": 1000.0 - ks,
            "bic": (ks - 12.0) ** 2,
            "chosen": ks == chosen,
        }
    )


@pytest.mark.parametrize("chosen", [10, 99])
def test_k_diagnostics_reading_in_chinese_states_the_same_numbers(chosen: int) -> None:
    table = _diagnostics(chosen)
    en, zh = k_diagnostics_reading(table), k_diagnostics_reading(table, lang="zh")
    assert has_cjk(zh) and not has_cjk(en)
    assert same_numbers(en, zh, distinct=True), (en, zh)
    assert k_diagnostics_reading(table.iloc[:0], lang="zh") == "客户太少，无法比较不同的分群数。"


def test_stability_reading_in_chinese_states_the_same_numbers() -> None:
    table = pd.DataFrame(
        {"resample": [1, 2, 3], "clients": [4000] * 3, "adjusted_rand_index": [0.91, 0.7, 0.85]}
    )
    en, zh = stability_reading(table), stability_reading(table, lang="zh")
    assert has_cjk(zh) and "4,000" in zh and "0.85" in zh and "稳定" in zh
    assert same_numbers(en, zh, distinct=True), (en, zh)
    ax = plot_stability(table, lang="zh")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["中位数", "稳定阈值"]


def test_saved_reading_in_chinese(default_segmented: Any) -> None:
    result = default_segmented.result
    path = Path("segments.parquet")
    en, zh = segments_saved_reading(path, result), segments_saved_reading(path, result, "zh")
    assert has_cjk(zh) and f"{len(default_segmented.client_360):,}" in zh
    assert same_numbers(en, zh, distinct=True), (en, zh)
