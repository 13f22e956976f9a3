"""GramOLS gives statsmodels' OLS answer: estimates, clustered errors, intervals and joint tests
on a well-conditioned design; a rank-deficient design and HC errors take statsmodels' path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.regression.linear_model import OLS

from journey_utils.case_study.gram_ols import GramOLS


def _design(seed: int, n: int = 3_000) -> tuple[np.ndarray, pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    unit, period = rng.integers(0, 12, n), rng.integers(0, 8, n)
    x = pd.concat(
        [
            pd.Series(1.0, index=range(n), name="const"),
            pd.get_dummies(unit, prefix="u", drop_first=True, dtype=float),
            pd.get_dummies(period, prefix="p", drop_first=True, dtype=float),
            pd.Series(((unit < 4) & (period > 4)).astype(float), name="effect"),
        ],
        axis=1,
    )
    y = rng.normal(size=n) + 0.5 * x["effect"].to_numpy() + 0.1 * unit
    return y, x, unit


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_fit_as_statsmodels_with_clustered_errors(seed: int) -> None:
    y, x, unit = _design(seed)
    kw = {"cov_type": "cluster", "cov_kwds": {"groups": unit}, "use_t": True}
    ours, ref = GramOLS(y, x).fit(**kw), OLS(y, x).fit(**kw)
    np.testing.assert_allclose(ours.params, ref.params, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.bse, ref.bse, rtol=1e-9)
    np.testing.assert_allclose(ours.conf_int(), ref.conf_int(), rtol=1e-9, atol=1e-12)
    assert ours.df_resid == ref.df_resid and ours.df_model == ref.df_model
    names = [c for c in x.columns if c.startswith("p_")]
    joint = ", ".join(f"{n} = 0" for n in names)
    assert float(ours.f_test(joint).pvalue) == pytest.approx(float(ref.f_test(joint).pvalue))


def test_a_rank_deficient_design_keeps_the_svd_path() -> None:
    y, x, unit = _design(4)
    x = x.assign(copy=x["effect"])  # two identical columns
    with pytest.warns(Warning, match="rank-deficient"):
        ours = GramOLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": unit}, use_t=True)
    assert ours.model.rank == x.shape[1] - 1


def test_hc_errors_keep_statsmodels_path() -> None:
    y, x, _ = _design(5)
    ours, ref = GramOLS(y, x).fit(cov_type="HC1"), OLS(y, x).fit(cov_type="HC1")
    np.testing.assert_allclose(ours.bse, ref.bse, rtol=1e-12)
