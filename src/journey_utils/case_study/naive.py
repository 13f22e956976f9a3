"""The naive before/after difference on the treated units, and the table that puts it beside
the DiD (and ITS) estimates with one line on why they differ."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from statsmodels.regression.linear_model import OLS

from journey_utils.case_study.did import DidResult
from journey_utils.case_study.its import ItsResult
from journey_utils.case_study.messages import MESSAGES
from journey_utils.params.intervention import CaseStudyError
from journey_utils.stats import estimates


@dataclass(frozen=True)
class NaiveResult:
    """Treated units' mean after the start minus their mean before, with a 95% interval."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    mean_pre: float
    mean_post: float
    n_cases: int
    method: str = "naive"


def naive_before_after(
    cases: pd.DataFrame, alpha: float = 0.05, what: str = "case study"
) -> NaiveResult:
    """Post mean minus pre mean of the treated cases (OLS on a post dummy, HC1 errors: the
    Welch-type interval a before/after chart implies). Ignores everything else that changed."""
    treated = cases[cases["treated"]]
    if treated["post"].all() or not treated["post"].any():
        raise CaseStudyError(what, "before/after needs treated cases both before and after")
    design = pd.DataFrame({"const": 1.0, "post": treated["post"].astype(float).to_numpy()})
    res = OLS(treated["value"].to_numpy(float), design).fit(cov_type="HC1", use_t=True)
    post = estimates(res, ["post"], confidence=1 - alpha).iloc[0]
    return NaiveResult(
        estimate=float(post["estimate"]),
        se=float(post["se"]),
        ci_low=float(post["low"]),
        ci_high=float(post["high"]),
        p_value=float(post["p_value"]),
        mean_pre=float(treated.loc[~treated["post"], "value"].mean()),
        mean_post=float(treated.loc[treated["post"], "value"].mean()),
        n_cases=len(treated),
    )


def comparison_table(
    naive: NaiveResult,
    did: DidResult | None = None,
    its: ItsResult | None = None,
    lang: str = "en",
    twfe: DidResult | None = None,
) -> pd.DataFrame:
    """Naive, DiD (and, for a roll-out in waves, TWFE before the imputation estimate) and ITS
    side by side: method, estimate, ci_low, ci_high, p_value, n_cases."""

    def row(r: NaiveResult | DidResult | ItsResult, method: str) -> dict[str, object]:
        return {"method": MESSAGES(f"method.{method}", lang), "estimate": r.estimate,
                "ci_low": r.ci_low, "ci_high": r.ci_high, "p_value": r.p_value,
                "n_cases": r.n_cases}  # fmt: skip

    rows = [row(naive, naive.method)]
    if twfe is not None:
        rows.append(row(twfe, "twfe"))
    if did is not None and did.few_clusters is not None:  # the bootstrap's row, then the analytic
        rows.append(row(did, "did_wild"))
        rows.append({**row(did, "did_analytic"), "ci_low": did.analytic_ci_low,
                     "ci_high": did.analytic_ci_high, "p_value": did.analytic_p_value})  # fmt: skip
    elif did is not None:
        rows.append(row(did, did.method))
    if its is not None:
        rows.append(row(its, its.method))
    return pd.DataFrame(rows)


def few_clusters_reading(did: DidResult, lang: str = "en") -> str:
    """Why the interval comes from a bootstrap when units are few, and the randomization test's
    p-value; empty when the units are enough for clustered errors."""
    few = did.few_clusters
    if few is None:
        return ""
    return MESSAGES(
        "few_clusters_note",
        lang,
        clusters=few.clusters,
        draws=f"{few.draws:,}",
        assignments=f"{few.assignments:,}",
        ri_p=f"{few.ri_p_value:.3f}",
    )


def comparison_reading(naive: NaiveResult, did: DidResult, unit: str = "", lang: str = "en") -> str:
    """One line: the naive difference contains the change every unit saw over the same time
    (naive − DiD); DiD removes it using the control units."""
    common = naive.estimate - did.estimate
    u = f" {unit}" if unit else ""
    return MESSAGES(
        "naive_vs_did",
        lang,
        naive=f"{naive.estimate:+.2f}",
        common=f"{common:+.2f}",
        did=f"{did.estimate:+.2f}",
        u=u,
    )
