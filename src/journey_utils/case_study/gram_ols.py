"""Ordinary least squares solved from X'X when the design has full rank: statsmodels' default
takes the SVD of the whole design (cases × unit and period dummies), which at bank scale
(800,000 applications × 90 effects) costs most of a minute and several copies of the design.
The normal equations give the same estimate and covariance (to about 1e-12 for a design this
well conditioned); a rank-deficient or ill-conditioned design keeps statsmodels' own path."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import linalg
from statsmodels.regression.linear_model import OLS, OLSResults, RegressionResultsWrapper

MIN_EIGEN_RATIO = 1e-8
"""Smallest / largest eigenvalue of X'X below which the SVD path is kept (its conditioning
would cost the normal equations more than about 1e-8 of relative accuracy)."""


NORMAL_EQUATION_COVARIANCES = ("nonrobust", "cluster")
"""Covariance types computed from X'X and the residuals alone."""


class GramOLS(OLS):
    """`statsmodels` OLS whose `fit` solves the normal equations by Cholesky when X'X is well
    conditioned; results, covariance types and tests are statsmodels' own."""

    def fit(
        self,
        method: str = "pinv",
        cov_type: str = "nonrobust",
        cov_kwds: dict[str, Any] | None = None,
        use_t: bool | None = None,
        **kwargs: Any,
    ) -> RegressionResultsWrapper:
        x = np.asarray(self.wexog, dtype=float)
        gram = x.T @ x
        eigen = np.linalg.eigvalsh(gram)
        # HC covariances read the pseudo-inverse of the design itself: statsmodels' path
        if cov_type not in NORMAL_EQUATION_COVARIANCES or eigen[0] <= MIN_EIGEN_RATIO * eigen[-1]:
            return super().fit(method, cov_type=cov_type, cov_kwds=cov_kwds, use_t=use_t, **kwargs)
        factor = linalg.cho_factor(gram)
        inverse = linalg.cho_solve(factor, np.eye(len(gram)))
        beta = linalg.cho_solve(factor, x.T @ np.asarray(self.wendog, dtype=float))
        self.normalized_cov_params = inverse
        self.wexog_singular_values = np.sqrt(eigen[::-1])
        self.rank = x.shape[1]
        if self._df_model is None:
            self._df_model = float(self.rank - self.k_constant)
        if self._df_resid is None:
            self.df_resid = self.nobs - self.rank
        result = OLSResults(
            self,
            beta,
            normalized_cov_params=inverse,
            cov_type=cov_type,
            cov_kwds=cov_kwds,
            use_t=use_t,
        )
        return RegressionResultsWrapper(result)
