"""The factor cloglog GLM against statsmodels' GLM on the same cells: same estimates, same
cluster-robust covariance, and the planted hazard ratio recovered."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from journey_utils.case_study.hazard_glm import factor, fit_cloglog


def _cells(seed: int, n: int = 4_000, ratio: float = 1.6) -> pd.DataFrame:
    """Binomial cells with month, unit and period effects, a covariate and a planted effect."""
    rng = np.random.default_rng(seed)
    cells = pd.DataFrame(
        {
            "mob": rng.integers(0, 12, n),
            "unit": rng.choice([f"U{i:02d}" for i in range(9)], n),
            "period": rng.choice(["2023-01", "2023-02", "2023-03", "2023-04"], n),
            "x": rng.normal(size=n),
            "at_risk": rng.integers(1, 40, n),
        }
    )
    cells["effect"] = cells["unit"].isin(["U01", "U04", "U07"]) & cells["period"].ge("2023-03")
    eta = -4 + 0.05 * cells["mob"] + 0.3 * cells["x"] + np.log(ratio) * cells["effect"]
    eta += cells["unit"].str[-1].astype(int) * 0.04
    p = -np.expm1(-np.exp(eta))
    cells["events"] = rng.binomial(cells["at_risk"], p)
    return cells


def _statsmodels(cells: pd.DataFrame) -> tuple[float, float]:
    design = pd.concat(
        [
            pd.Series(1.0, index=cells.index, name="const"),
            pd.get_dummies(cells["mob"], prefix="m", drop_first=True, dtype=float),
            pd.get_dummies(cells["unit"], prefix="u", drop_first=True, dtype=float),
            pd.get_dummies(cells["period"], prefix="p", drop_first=True, dtype=float),
            cells[["x"]].astype(float),
            cells["effect"].astype(float),
        ],
        axis=1,
    )
    family = sm.families.Binomial(link=sm.families.links.CLogLog())
    model = sm.GLM(
        (cells["events"] / cells["at_risk"]).to_numpy(float),
        design,
        family=family,
        var_weights=cells["at_risk"].to_numpy(float),
    )
    fit = model.fit(tol=1e-12)
    k = design.columns.get_loc("effect")
    scores = pd.DataFrame(model.score_obs(fit.params.to_numpy()))
    s = scores.groupby(pd.factorize(cells["unit"])[0]).sum().to_numpy()
    bread = np.linalg.inv(-model.hessian(fit.params.to_numpy()))
    g = len(s)
    cov = bread @ (s.T @ s) @ bread * g / (g - 1)
    return float(fit.params.iloc[k]), float(np.sqrt(cov[k, k]))


def _ours(cells: pd.DataFrame) -> tuple[float, float]:
    dense = pd.DataFrame({"const": 1.0, "x": cells["x"], "effect": cells["effect"]})
    fit = fit_cloglog(
        cells["events"].to_numpy(float),
        cells["at_risk"].to_numpy(float),
        dense.astype(float),
        {"m": factor(cells["mob"]), "u": factor(cells["unit"]), "p": factor(cells["period"])},
        clusters=cells["unit"].to_numpy(),
    )
    k = fit.names.index("effect")
    return float(fit.params[k]), float(np.sqrt(fit.cluster_covariance()[k, k]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_estimate_and_clustered_error_as_statsmodels(seed: int) -> None:
    cells = _cells(seed)
    beta, se = _ours(cells)
    ref_beta, ref_se = _statsmodels(cells)
    assert beta == pytest.approx(ref_beta, rel=1e-7, abs=1e-9)
    assert se == pytest.approx(ref_se, rel=1e-6)


@pytest.mark.parametrize("seed", [4, 5])
def test_recovers_the_planted_hazard_ratio(seed: int) -> None:
    cells = _cells(seed, n=20_000, ratio=1.6)
    beta, se = _ours(cells)
    assert abs(beta - np.log(1.6)) < 3 * se + 0.02


def test_a_factor_codes_levels_in_sorted_order() -> None:
    f = factor(pd.Series(["b", "a", "c", "a"]))
    assert f.levels == 3 and f.codes.tolist() == [1, 0, 2, 0]
