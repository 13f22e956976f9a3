"""Inference that holds with few clusters (issue 13, ADR 0030): a wild cluster bootstrap with the
null imposed (WCR, Webb's six-point weights) whose interval comes from inverting the test, and a
randomization-inference p-value that moves the treatment across units.

Cluster-robust errors over-reject when units are few (ten segments, five treated): the t
distribution with G - 1 degrees of freedom does not fix it. The bootstrap and the permutation
test use the data's own spread between units instead.

The bootstrap works at the cluster level. With the null beta_k = r imposed, every bootstrap
numerator and every cluster's score is affine in r, so one pass over the draws gives the p-value
at any r, and the interval's ends are found by bisection without refitting
(Roodman, MacKinnon, Nielsen and Webb 2019, "Fast and wild", section 3)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import comb

import numpy as np
import pandas as pd

FEW_CLUSTERS = 40
"""Below this many units the verdict rests on the bootstrap, not the analytic interval."""

BOOTSTRAP_DRAWS = 999
"""Wild bootstrap draws (an odd count minus one divisible by 20 and 40: exact 5% and 2.5%)."""

PERMUTATIONS = 999
"""Random treatment assignments for the randomization p-value when exact enumeration is long."""

MAX_EXACT_ASSIGNMENTS = 5_000
"""Every assignment of the treated units is enumerated up to this many (10 units, 5 treated:
252), else PERMUTATIONS are drawn."""

WEBB_WEIGHTS = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])
"""Webb's six-point weights: mean 0, variance 1, and far more distinct draws than Rademacher's
two points when clusters are very few."""


@dataclass(frozen=True)
class FewClusterInference:
    """The wild cluster bootstrap's p-value and interval, and the randomization p-value."""

    clusters: int
    wild_p_value: float
    wild_ci_low: float
    wild_ci_high: float
    ri_p_value: float
    draws: int
    assignments: int


@dataclass(frozen=True)
class _ClusterSums:
    """Per-cluster sums the bootstrap needs, for the coefficient `k` of an OLS fit."""

    beta_k: float
    a_kk: float
    h_u: np.ndarray  # sum over the cluster of h_i * u_i (h = X A e_k, u = OLS residuals)
    h_h: np.ndarray  # sum over the cluster of h_i ** 2
    xu: np.ndarray  # (G, p): X_g' u_g
    xh: np.ndarray  # (G, p): X_g' h_g
    a: np.ndarray  # (p, p): (X'X)^-1
    scale: float  # CR1 small-sample factor G/(G-1) * (n-1)/(n-p)


def _cluster_sums(x: np.ndarray, y: np.ndarray, groups: np.ndarray, k: int) -> _ClusterSums:
    n, p = x.shape
    n_groups = int(groups.max()) + 1
    a = np.linalg.inv(x.T @ x)
    beta = a @ (x.T @ y)
    u = y - x @ beta
    h = x @ a[:, k]
    h_u = np.bincount(groups, weights=h * u, minlength=n_groups)
    h_h = np.bincount(groups, weights=h * h, minlength=n_groups)
    xu = np.zeros((n_groups, p))
    xh = np.zeros((n_groups, p))
    np.add.at(xu, groups, x * u[:, None])
    np.add.at(xh, groups, x * h[:, None])
    scale = n_groups / (n_groups - 1) * (n - 1) / (n - p)
    return _ClusterSums(float(beta[k]), float(a[k, k]), h_u, h_h, xu, xh, a, scale)


def _t_statistics(s: _ClusterSums, weights: np.ndarray, r: float) -> tuple[float, np.ndarray]:
    """The original t-statistic of beta_k = r (CR1) and the bootstrap ones under that null."""
    shift = (s.beta_k - r) / s.a_kk  # restricted residuals: u_r = u + shift * h
    h_ur = s.h_u + shift * s.h_h  # per cluster: sum h_i u_r,i
    z = s.xu + shift * s.xh  # per cluster: X_g' u_r,g
    cross = s.xh @ s.a @ z.T  # (G, G): (X_g' h_g)' A Z_g'
    numerator = weights @ h_ur
    scores = weights * h_ur - weights @ cross.T  # (B, G)
    se_boot = np.sqrt(s.scale * (scores**2).sum(axis=1))
    se = np.sqrt(s.scale * (s.h_u**2).sum())
    return (s.beta_k - r) / se, numerator / se_boot


def _p_value(s: _ClusterSums, weights: np.ndarray, r: float) -> float:
    t, t_boot = _t_statistics(s, weights, r)
    return float(np.mean(np.abs(t_boot) >= abs(t)))


def _bound(s: _ClusterSums, weights: np.ndarray, alpha: float, inside: float, step: float) -> float:
    """The end of the interval on the side of `step` (its sign), by bisection on p(r) = alpha."""
    outside = inside + step
    for _ in range(60):
        if _p_value(s, weights, outside) <= alpha:
            break
        outside += step
    for _ in range(50):
        middle = (inside + outside) / 2
        if _p_value(s, weights, middle) > alpha:
            inside = middle
        else:
            outside = middle
    return (inside + outside) / 2


def wild_cluster_bootstrap(
    x: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    k: int,
    *,
    draws: int = BOOTSTRAP_DRAWS,
    confidence: float = 0.95,
    seed: int = 0,
) -> tuple[float, float, float]:
    """p-value of beta_k = 0 and the `confidence` interval of beta_k from a WCR wild cluster
    bootstrap (Webb weights, one draw per cluster, the same draws at every tested value)."""
    s = _cluster_sums(x, y, groups, k)
    rng = np.random.default_rng(seed)
    weights = rng.choice(WEBB_WEIGHTS, size=(draws, len(s.h_u)))
    alpha = 1 - confidence
    se = float(np.sqrt(s.scale * (s.h_u**2).sum()))
    step = max(se, 1e-12)
    low = _bound(s, weights, alpha, s.beta_k, -step)
    high = _bound(s, weights, alpha, s.beta_k, step)
    return _p_value(s, weights, 0.0), low, high


def _assignments(n_units: int, n_treated: int, seed: int) -> np.ndarray:
    """Boolean (assignments, units) matrix: every way to treat `n_treated` of the units when
    they are few enough, else PERMUTATIONS random ways; the observed one (the first
    `n_treated` units) is always in it."""
    if comb(n_units, n_treated) <= MAX_EXACT_ASSIGNMENTS:
        rows = [np.isin(np.arange(n_units), c) for c in combinations(range(n_units), n_treated)]
        return np.array(rows, dtype=bool)
    rng = np.random.default_rng(seed)
    observed = np.arange(n_units) < n_treated
    drawn = [rng.permutation(observed) for _ in range(PERMUTATIONS)]
    return np.array([observed, *drawn], dtype=bool)


def randomization_p_value(
    fixed: np.ndarray, y: np.ndarray, unit: np.ndarray, post: np.ndarray, treated_units: np.ndarray
) -> tuple[float, int]:
    """Share of treatment assignments across units (same number treated) whose two-way fixed
    effects estimate is at least as far from 0 as the observed one, and how many were used.
    `fixed` is the design without the effect column; `unit` indexes units 0..G-1."""
    n_units = int(unit.max()) + 1
    order = np.r_[np.flatnonzero(treated_units), np.flatnonzero(~treated_units)]
    position = np.empty(n_units, dtype=np.int64)
    position[order] = np.arange(n_units)  # the observed treated units come first
    assignments = _assignments(n_units, int(treated_units.sum()), seed=0)
    q, _ = np.linalg.qr(fixed)
    y_res = y - q @ (q.T @ y)
    # an assignment's effect column is `by_unit @ a` (a row's post flag in its unit's column),
    # so its residual is `r @ a`: residualise the G unit columns once, not each assignment
    by_unit = np.zeros((len(y), n_units))
    by_unit[np.arange(len(y)), position[unit]] = post
    r = by_unit - q @ (q.T @ by_unit)
    a = assignments.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        estimates = (a @ (r.T @ y_res)) / np.einsum("ag,gh,ah->a", a, r.T @ r, a)
    observed = abs(estimates[0])
    return float(np.mean(np.abs(estimates) >= observed - 1e-12)), len(assignments)


def few_cluster_inference(
    design: pd.DataFrame, cases: pd.DataFrame, term: str, confidence: float = 0.95
) -> FewClusterInference:
    """Wild cluster bootstrap and randomization inference for `term` of a two-way fixed-effects
    fit of `cases['value']` on `design` (its columns: the effect and the fixed effects)."""
    unit, _ = pd.factorize(cases["unit"])
    x = design.to_numpy(float)
    y = cases["value"].to_numpy(float)
    k = list(design.columns).index(term)
    p_wild, low, high = wild_cluster_bootstrap(x, y, unit, k, confidence=confidence)
    treated = cases.groupby(unit)["treated"].first().sort_index().to_numpy(bool)
    fixed = np.delete(x, k, axis=1)
    ri_p, n_assignments = randomization_p_value(
        fixed, y, unit, cases["post"].to_numpy(bool), treated
    )
    return FewClusterInference(
        clusters=int(unit.max()) + 1,
        wild_p_value=p_wild,
        wild_ci_low=low,
        wild_ci_high=high,
        ri_p_value=ri_p,
        draws=BOOTSTRAP_DRAWS,
        assignments=n_assignments,
    )
