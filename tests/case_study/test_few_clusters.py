"""Inference with few clusters: the wild cluster bootstrap holds its size where units are few,
its interval is the set of values its test does not reject, and the randomization test
enumerates every assignment of the treated units when they are few."""

from __future__ import annotations

from math import comb

import numpy as np
import pandas as pd
import pytest

from journey_utils.case_study.did import fit_did, fixed_effects
from journey_utils.case_study.few_clusters import (
    FEW_CLUSTERS,
    few_cluster_inference,
    wild_cluster_bootstrap,
)


def _clustered(seed: int, n_units: int = 8, effect: float = 0.0) -> pd.DataFrame:
    """Cases whose units share a shock after the start (what clustering must absorb): half the
    units treated, a common trend, unit effects, noise; periods -6..5, ten cases each."""
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(n_units):
        treated = u < n_units // 2
        base, shock = rng.normal(10, 1), rng.normal(0, 0.5)
        for k in range(-6, 6):
            for _ in range(10):
                lift = (shock if k >= 0 else 0) + (effect if treated and k >= 0 else 0)
                rows.append((f"U{u}", k, treated, k >= 0, base + 0.3 * k + lift + rng.normal()))
    frame = pd.DataFrame(rows, columns=["unit", "rel_period", "treated", "post", "value"])
    frame["period"] = pd.Period("2024-06", "M") + frame["rel_period"]
    return frame


def _bootstrap(cases: pd.DataFrame, seed: int = 0) -> tuple[float, float, float]:
    design = fixed_effects(cases)
    design.insert(1, "effect", (cases["treated"] & cases["post"]).astype(float))
    unit, _ = pd.factorize(cases["unit"])
    x, y = design.to_numpy(float), cases["value"].to_numpy(float)
    return wild_cluster_bootstrap(x, y, unit, 1, seed=seed)


def test_the_bootstrap_holds_its_size_with_eight_clusters() -> None:
    """Under no effect, 100 data sets of 8 units (4 treated) with shared post-start shocks:
    the 5% test rejects at most 10 times (its size, with a margin of about two binomial
    standard errors), and each p-value agrees with its interval (p < 0.05 exactly when the
    interval leaves out 0)."""
    rejected = 0
    for seed in range(100):
        p, low, high = _bootstrap(_clustered(seed), seed=seed)
        rejected += p < 0.05
        assert (p < 0.05) == (not low <= 0 <= high), (seed, p, low, high)
    assert rejected <= 10


def test_a_clear_effect_is_found_and_its_interval_surrounds_the_estimate() -> None:
    cases = _clustered(seed=3, effect=2.0)
    did = fit_did(cases)
    p, low, high = _bootstrap(cases)
    assert p < 0.01 and low <= did.estimate <= high and low > 0


def test_few_units_put_the_verdict_on_the_bootstrap_and_keep_the_analytic_beside_it() -> None:
    cases = _clustered(seed=5, n_units=10, effect=2.0)
    did = fit_did(cases)
    few = did.few_clusters
    assert few is not None and few.clusters == 10 < FEW_CLUSTERS
    assert (did.ci_low, did.ci_high, did.p_value) == (few.wild_ci_low, few.wild_ci_high,
                                                      few.wild_p_value)  # fmt: skip
    assert did.analytic_ci_low is not None and did.analytic_ci_low < did.estimate
    assert few.assignments == comb(10, 5)  # every assignment of 5 treated among 10 units
    assert few.ri_p_value == pytest.approx(2 / comb(10, 5))  # only it and its mirror as far


def test_enough_units_keep_the_clustered_analytic_interval() -> None:
    cases = _clustered(seed=6, n_units=FEW_CLUSTERS, effect=2.0)
    did = fit_did(cases)
    assert did.few_clusters is None and did.analytic_ci_low is None


def test_the_randomization_p_value_is_large_without_an_effect() -> None:
    cases = _clustered(seed=4, n_units=10)
    design = fixed_effects(cases)
    design.insert(1, "effect", (cases["treated"] & cases["post"]).astype(float))
    few = few_cluster_inference(design, cases, "effect")
    assert few.ri_p_value > 0.05 and few.wild_p_value > 0.05
