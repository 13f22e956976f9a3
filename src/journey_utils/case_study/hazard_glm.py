"""A complementary log-log binomial GLM whose design is a few dense columns plus one-hot factors
(month on book, unit, period), fitted by Newton's method on sums built with `np.bincount`: at
bank scale the loan-month design (millions of rows × a hundred dummies) never exists as a dense
matrix, which cost 7 GB and most of a minute with statsmodels. Same likelihood, same estimate."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_ITERATIONS = 100
TOLERANCE = 1e-10
"""Newton stops when no coefficient moves by more than this."""


@dataclass(frozen=True)
class Factor:
    """A one-hot factor: integer codes 0..levels-1 per row; level 0 is the reference (dropped)."""

    codes: np.ndarray
    levels: int


@dataclass(frozen=True)
class CloglogFit:
    """The maximum-likelihood coefficients (dense columns first, then each factor's levels 1..),
    the observed information's inverse `bread`, and the per-cluster score sums at the estimate."""

    params: np.ndarray
    names: list[str]
    bread: np.ndarray
    cluster_scores: np.ndarray
    iterations: int

    def cluster_covariance(self) -> np.ndarray:
        """Cluster-robust covariance with the G/(G-1) small-sample factor."""
        g = len(self.cluster_scores)
        meat = self.cluster_scores.T @ self.cluster_scores
        return self.bread @ meat @ self.bread * g / (g - 1)


def factor(values: pd.Series) -> Factor:
    """The codes of `values` in sorted level order (the first sorted level is the reference,
    as `pd.get_dummies(drop_first=True)` leaves it out)."""
    codes, uniques = pd.factorize(values, sort=True)
    return Factor(codes.astype(np.int64), len(uniques))


def fit_cloglog(
    events: np.ndarray,
    trials: np.ndarray,
    dense: pd.DataFrame,
    factors: dict[str, Factor],
    clusters: np.ndarray,
) -> CloglogFit:
    """Fit P(event) = 1 - exp(-exp(x'b)) to `events` out of `trials` per row (binomial cells),
    x = the `dense` columns (include a constant) and the dummies of `factors`."""
    k = np.asarray(events, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = dense.to_numpy(dtype=float)
    design = _Design(z, list(factors.values()))
    names = [*dense.columns] + [
        f"{name}_{level}" for name, f in factors.items() for level in range(1, f.levels)
    ]
    beta = np.zeros(design.width)
    rate = k.sum() / n.sum()
    beta[list(dense.columns).index("const")] = np.log(-np.log1p(-rate))
    loglik = _loglik(design.eta(beta), k, n)
    iterations = 0
    while iterations < MAX_ITERATIONS:
        iterations += 1
        score, curvature = _derivatives(design.eta(beta), k, n)
        step = np.linalg.solve(-design.gram(curvature), design.cross(score))
        t = 1.0
        while True:  # halve the step until the likelihood does not fall (it is concave)
            trial = beta + t * step
            new = _loglik(design.eta(trial), k, n)
            if new >= loglik - 1e-9 * abs(loglik) or t < 1e-8:
                break
            t /= 2
        beta, loglik = trial, new
        if np.max(np.abs(t * step)) < TOLERANCE:
            break
    score, curvature = _derivatives(design.eta(beta), k, n)
    bread = np.linalg.inv(-design.gram(curvature))
    groups, g = _codes(clusters)
    return CloglogFit(beta, names, bread, design.cluster_sums(score, groups, g), iterations)


def _codes(clusters: np.ndarray) -> tuple[np.ndarray, int]:
    codes, uniques = pd.factorize(np.asarray(clusters))
    return codes.astype(np.int64), len(uniques)


def _derivatives(eta: np.ndarray, k: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the first and second derivative of the log-likelihood in the linear predictor."""
    mu = np.exp(eta)
    p = -np.expm1(-mu)  # P(event), accurate for small mu
    survive = np.exp(-mu)
    ratio = k * survive / p
    score = mu * (ratio - (n - k))
    curvature = score - mu * mu * ratio / p
    return score, curvature


def _loglik(eta: np.ndarray, k: np.ndarray, n: np.ndarray) -> float:
    mu = np.exp(eta)
    p = -np.expm1(-mu)
    with np.errstate(divide="ignore", invalid="ignore"):
        hits = np.where(k > 0, k * np.log(p), 0.0)
    return float(hits.sum() - ((n - k) * mu).sum())


class _Design:
    """The design [dense | dummies of each factor, level 0 left out], never materialised."""

    def __init__(self, dense: np.ndarray, factors: list[Factor]) -> None:
        self.dense = dense
        self.factors = factors
        self.offsets = []
        at = dense.shape[1]
        for f in factors:
            self.offsets.append(at)
            at += f.levels - 1
        self.width = at

    def eta(self, beta: np.ndarray) -> np.ndarray:
        out = self.dense @ beta[: self.dense.shape[1]]
        for f, at in zip(self.factors, self.offsets, strict=True):
            effects = np.concatenate([[0.0], beta[at : at + f.levels - 1]])
            out += effects[f.codes]
        return out

    def cross(self, v: np.ndarray) -> np.ndarray:
        """X'v."""
        out = np.empty(self.width)
        d = self.dense.shape[1]
        out[:d] = self.dense.T @ v
        for f, at in zip(self.factors, self.offsets, strict=True):
            out[at : at + f.levels - 1] = np.bincount(f.codes, v, minlength=f.levels)[1:]
        return out

    def gram(self, w: np.ndarray) -> np.ndarray:
        """X' diag(w) X, block by block from weighted counts."""
        d = self.dense.shape[1]
        out = np.zeros((self.width, self.width))
        weighted = self.dense * w[:, None]
        out[:d, :d] = self.dense.T @ weighted
        for i, (f, at) in enumerate(zip(self.factors, self.offsets, strict=True)):
            span = slice(at, at + f.levels - 1)
            out[span, span] = np.diag(np.bincount(f.codes, w, minlength=f.levels)[1:])
            for j in range(d):
                column = np.bincount(f.codes, weighted[:, j], minlength=f.levels)[1:]
                out[span, j] = out[j, span] = column
            for g, other in zip(self.factors[i + 1 :], self.offsets[i + 1 :], strict=True):
                pair = np.bincount(f.codes * g.levels + g.codes, w, minlength=f.levels * g.levels)
                block = pair.reshape(f.levels, g.levels)[1:, 1:]
                out[span, other : other + g.levels - 1] = block
                out[other : other + g.levels - 1, span] = block.T
        return out

    def cluster_sums(self, v: np.ndarray, groups: np.ndarray, g: int) -> np.ndarray:
        """Per cluster, X'v over the cluster's rows (G × width)."""
        d = self.dense.shape[1]
        out = np.empty((g, self.width))
        for j in range(d):
            out[:, j] = np.bincount(groups, v * self.dense[:, j], minlength=g)
        for f, at in zip(self.factors, self.offsets, strict=True):
            sums = np.bincount(groups * f.levels + f.codes, v, minlength=g * f.levels)
            out[:, at : at + f.levels - 1] = sums.reshape(g, f.levels)[:, 1:]
        return out
