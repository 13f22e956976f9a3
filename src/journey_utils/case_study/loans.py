"""Disbursed loans by months on book: when each first became NPL or more than 30 days past due
and how long it has been observed, so a credit outcome can be read before loans are 12 months
old (vintage curves, an early NPL outcome, a hazard)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from journey_utils.catalog import NPL_CLASSES
from journey_utils.membership import isin

DPD_LATE = 30
"""A loan is '30+ days past due' in a month when its days past due exceed this."""
EVENTS = ("npl", "dpd30")
"""Credit events a vintage curve or hazard can follow."""
LOAN_COLUMNS = ("client_id", "branch_id", "started_at", "disbursed_at")


def month_ordinals(dates: pd.Series) -> np.ndarray:
    """Monthly period ordinals of a date column."""
    return pd.PeriodIndex(pd.DatetimeIndex(dates), freq="M").asi8


def months_on_book_end(disbursed_at: pd.Series, months: int) -> pd.Series:
    """The month-end `months` months after the disbursement month (its performance row's date)."""
    ordinals = month_ordinals(disbursed_at) + months
    ends = pd.PeriodIndex.from_ordinals(ordinals, freq="M").to_timestamp(how="start")
    return pd.Series(ends + pd.offsets.MonthEnd(0), index=disbursed_at.index)


def loan_events(applications: pd.DataFrame, performance: pd.DataFrame) -> pd.DataFrame:
    """One row per disbursed loan (index application_id): its client, branch, start and
    disbursement, the last month on book observed (-1: no row yet) and the first month on book
    at which it was NPL and 30+ days past due (NaN: not yet). Month on book 0 is the
    disbursement month."""
    a = applications
    apps = a[a["disbursed_at"].notna() & a["started_at"].notna()]
    apps = apps.set_index("application_id")[list(LOAN_COLUMNS)]
    perf = performance[isin(performance["application_id"], apps.index)]
    disbursed = perf["application_id"].map(apps["disbursed_at"])
    mob = month_ordinals(perf["month"]) - month_ordinals(disbursed)
    rows = pd.DataFrame(
        {
            "application_id": perf["application_id"].to_numpy(),
            "mob": mob,
            "npl": perf["classification"].isin(NPL_CLASSES).to_numpy(),
            "dpd30": (perf["dpd"] > DPD_LATE).to_numpy(),
        }
    )
    rows = rows[rows["mob"] >= 0]
    by_loan = rows.groupby("application_id")["mob"]
    out = apps.assign(last_mob=by_loan.max())
    out["last_mob"] = out["last_mob"].fillna(-1).astype(int)
    for event in EVENTS:
        first = rows[rows[event]].groupby("application_id")["mob"].min()
        out[f"{event}_mob"] = first.reindex(out.index).astype(float)
    return out
