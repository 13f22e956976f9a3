"""Shared statistics (leaf layer): one Wilson interval, one guarded logit with one set of refusal
rules, and one way to read estimate, standard error, interval and p-value off a statsmodels fit.

Every stage that reports a share with an interval or fits a logit uses these, so a funnel step,
an NPL rate and a satisfaction share get the same interval, and a PD model, a drop-out driver
model and an acceptance curve refuse a fit for the same reasons in the same words.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.stats import chi2
from statsmodels.stats.proportion import proportion_confint
from statsmodels.tools.sm_exceptions import (
    ConvergenceWarning,
    PerfectSeparationError,
    PerfectSeparationWarning,
)

from journey_utils.errors import JourneyError

EVENTS_PER_PARAMETER = 10
"""Refusal rule: a logit needs at least this many events and non-events per estimated parameter
(the usual 10-events-per-variable rule)."""

MAX_ITERATIONS = 100
"""Newton iterations before a logit counts as not converged."""

Refuse = Callable[..., JourneyError]
"""`(message, column=None) -> error`: the stage's own refusal (e.g. `PDModelError`)."""


def wilson_interval(
    count: Sequence[float] | np.ndarray | pd.Series,
    nobs: Sequence[float] | np.ndarray | pd.Series,
    confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Share `count / nobs` with its Wilson interval, elementwise; NaN where the share is
    there is no base. With more successes than trials (a non-monotone funnel) no interval exists
    and both bounds are the share. At 0 or n a bound equals the share up to rounding: the interval
    is kept around the share and inside [0, 1]."""
    k = np.asarray(count, dtype=float)
    n = np.asarray(nobs, dtype=float)
    ok = (n > 0) & (k <= n) & np.isfinite(k) & np.isfinite(n)
    share = np.divide(k, n, out=np.full_like(k, np.nan), where=n > 0)
    low = np.full_like(k, np.nan)
    high = np.full_like(k, np.nan)
    if ok.any():
        low[ok], high[ok] = proportion_confint(k[ok], n[ok], alpha=1 - confidence, method="wilson")
    return share, np.fmin(np.clip(low, 0, 1), share), np.fmax(np.clip(high, 0, 1), share)


def check_logit_inputs(
    x: pd.DataFrame,
    y: pd.Series,
    refuse: Refuse,
    *,
    events: str = "events",
    non_events: str = "non-events",
    unit: str = "column",
    period: str = "",
    events_per_parameter: int = EVENTS_PER_PARAMETER,
) -> None:
    """Refuse, before fitting, a design with a constant column, too few events or non-events for
    its parameters, or a column that separates the outcome (perfectly, or a 0/1 level with only
    one outcome). `x` holds a `const` column; the messages name the outcome (`events`), what a
    column is (`unit`: "feature", "driver") and where the data comes from (`period`, e.g. " in
    the training period")."""
    predictors = x.columns.drop("const", errors="ignore")
    for col in predictors:
        if x[col].nunique() < 2:
            raise refuse(f"no variance{period} (a constant column)", column=str(col))
    n_par = x.shape[1]
    n_events, n_non = int(y.sum()), int((1 - y).sum())
    need = events_per_parameter * n_par
    if min(n_events, n_non) < need:
        raise refuse(
            f"too few events: {n_events} {events} and {n_non} {non_events} for {n_par} "
            f"parameters (rule: at least {events_per_parameter} of each per parameter = {need})"
        )
    for col in predictors:
        v = x[col]
        if v[y == 1].min() > v[y == 0].max() or v[y == 1].max() < v[y == 0].min():
            message = f"perfect separation: this {unit} alone splits the outcome"
            raise refuse(message, column=str(col))
        if set(v.unique()) <= {0.0, 1.0}:
            hits = y[v == 1]
            if hits.sum() in (0, len(hits)):
                outcome = f"no {events}" if hits.sum() == 0 else f"only {events}"
                raise refuse(
                    f"quasi-separation: {outcome} among the {len(hits)} rows with this level "
                    "(merge it into another level)",
                    column=str(col),
                )


def fit_guarded_logit(
    x: pd.DataFrame,
    y: pd.Series,
    refuse: Refuse,
    *,
    maxiter: int = MAX_ITERATIONS,
    unit: str = "column",
    period: str = "",
) -> sm.discrete.discrete_model.BinaryResultsWrapper:
    """statsmodels Logit of `y` on `x` under `guard_logit_fit`'s refusal rules."""
    return guard_logit_fit(
        lambda: sm.Logit(y, x).fit(disp=0, maxiter=maxiter), refuse, unit=unit, period=period
    )


def guard_logit_fit(
    fit: Callable[[], Any], refuse: Refuse, *, unit: str = "column", period: str = ""
) -> Any:
    """Run a statsmodels logit fit (a design-matrix or a formula fit), turning every sign of a
    meaningless fit (separation, no convergence, a singular design, infinite standard errors)
    into the stage's refusal; the messages name what a column is (`unit`) and the data
    (`period`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.simplefilter("error", ConvergenceWarning)
        try:
            result = fit()
        except (PerfectSeparationWarning, PerfectSeparationError) as err:
            raise refuse(f"perfect separation: {err}") from err
        except ConvergenceWarning as err:
            raise refuse(f"the logit did not converge: {err}") from err
        except np.linalg.LinAlgError as err:
            raise refuse(f"singular design (collinear or constant {unit}s)") from err
    if not bool(result.mle_retvals.get("converged", True)):
        raise refuse("the logit did not converge (quasi-separation or collinearity?)")
    if not np.all(np.isfinite(result.bse)):
        raise refuse(f"infinite standard errors: quasi-separation{period or ' in the data'}")
    return result


def estimates(
    result: object, terms: Sequence[str] | None = None, confidence: float = 0.95
) -> pd.DataFrame:
    """One row per term of a statsmodels result: `term`, `estimate`, `se`, `low`, `high`,
    `p_value` (all terms, or those named, in that order)."""
    params = result.params  # type: ignore[attr-defined]
    names = list(params.index) if terms is None else list(terms)
    ci = result.conf_int(alpha=1 - confidence)  # type: ignore[attr-defined]
    ci = ci if isinstance(ci, pd.DataFrame) else pd.DataFrame(ci, index=params.index)
    return pd.DataFrame(
        {
            "term": names,
            "estimate": params[names].to_numpy(dtype=float),
            "se": result.bse[names].to_numpy(dtype=float),  # type: ignore[attr-defined]
            "low": ci.loc[names].iloc[:, 0].to_numpy(dtype=float),
            "high": ci.loc[names].iloc[:, 1].to_numpy(dtype=float),
            "p_value": result.pvalues[names].to_numpy(dtype=float),  # type: ignore[attr-defined]
        }
    )


def joint_wald_p_value(result: object, values: Sequence[float]) -> float:
    """p-value of the joint hypothesis that every coefficient of a statsmodels result equals
    `values` (in the result's order): the Wald statistic against chi-square with as many degrees
    of freedom as coefficients. Judges a fit against planted truth as a whole, which a check of
    each coefficient's own 95% interval does not (one miss in twenty is expected there)."""
    params = np.asarray(result.params, dtype=float)  # type: ignore[attr-defined]
    diff = params - np.asarray(values, dtype=float)
    cov = np.asarray(result.cov_params(), dtype=float)  # type: ignore[attr-defined]
    statistic = float(diff @ np.linalg.solve(cov, diff))
    return float(chi2.sf(statistic, len(diff)))


def likelihood_ratio_p_value(result: object, values: Sequence[float]) -> float:
    """p-value of the likelihood-ratio test that every coefficient of a fitted statsmodels
    likelihood model equals `values` (in the result's order): twice the log-likelihood gap
    between the fit and the planted vector, against chi-square with as many degrees of freedom
    as coefficients. Unlike a Wald test it does not lean on the curvature at the estimate,
    which is poor for rare levels (an industry with a handful of defaults)."""
    planted = np.asarray(values, dtype=float)
    statistic = 2.0 * (result.llf - result.model.loglike(planted))  # type: ignore[attr-defined]
    return float(chi2.sf(max(float(statistic), 0.0), len(planted)))
