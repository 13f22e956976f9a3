"""A case's firm facts as of a date: firm age, and leverage and log interest cover from the
statement of the fiscal year before (one definition for the PD model and the case studies)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from journey_utils.errors import require_columns

COVER_CLIP: tuple[float, float] = (0.1, 50.0)
"""Interest cover is clipped to this range before the log (loss makers and debt-free firms)."""


def firm_age_years(at: pd.Series, founded_on: pd.Series) -> pd.Series:
    """Years from founding to `at` (NaN where either is missing)."""
    days = (pd.to_datetime(at) - pd.to_datetime(founded_on)).dt.total_seconds() / 86400.0
    return days / 365.25


def ratios_before(cases: pd.DataFrame, financials: pd.DataFrame, at: str) -> pd.DataFrame:
    """has_financials, leverage and interest_cover_log of each case (client_id and the date
    column `at`) from its client's statement of the fiscal year before `at`'s year."""
    need = ("client_id", "fiscal_year", "total_liabilities", "total_assets")
    require_columns(financials, (*need, "net_profit", "interest_expense"), "financials")
    fin = financials.drop_duplicates(["client_id", "fiscal_year"], keep="last").copy()
    fin["fiscal_year"] = pd.to_numeric(fin["fiscal_year"]).astype(float)
    left = pd.DataFrame(
        {"client_id": cases["client_id"], "fiscal_year": cases[at].dt.year - 1.0},
        index=cases.index,
    )
    joined = left.reset_index().merge(fin, on=["client_id", "fiscal_year"], how="left")
    joined = joined.set_index("index").reindex(cases.index)
    assets = joined["total_assets"].where(joined["total_assets"] > 0)
    interest = joined["interest_expense"].where(joined["interest_expense"] > 0)
    cover = (joined["net_profit"] + joined["interest_expense"]) / interest
    return pd.DataFrame(
        {
            "has_financials": joined["total_assets"].notna(),
            "leverage": joined["total_liabilities"] / assets,
            "interest_cover_log": np.log(cover.clip(*COVER_CLIP)),
        },
        index=cases.index,
    )
