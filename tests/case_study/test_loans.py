"""Loans by month on book, on hand-made loans whose first NPL and 30+ days past due are known."""

from __future__ import annotations

import numpy as np
import pandas as pd

from journey_utils.case_study.loans import loan_events, months_on_book_end


def _loans() -> tuple[pd.DataFrame, pd.DataFrame]:
    apps = pd.DataFrame(
        {
            "application_id": ["A1", "A2", "A3", "A4"],
            "client_id": ["C1", "C2", "C3", "C4"],
            "branch_id": ["B1"] * 4,
            "started_at": pd.to_datetime(["2024-01-02"] * 4),
            "disbursed_at": pd.to_datetime(["2024-02-20", "2024-02-01", "2024-03-31", None]),
        }
    )
    rows = []
    # A1: 40 dpd at month on book 2, NPL from 4; A2: always sound; A3: disbursed, no row yet.
    for k in range(7):
        dpd = {2: 40, 3: 20, 4: 95, 5: 125, 6: 155}.get(k, 0)
        cls = "substandard" if dpd > 90 else ("special_mention" if dpd > 30 else "normal")
        rows.append(("A1", pd.Timestamp("2024-02-29") + pd.offsets.MonthEnd(k), dpd, cls))
        rows.append(("A2", pd.Timestamp("2024-02-29") + pd.offsets.MonthEnd(k), 0, "normal"))
    perf = pd.DataFrame(rows, columns=["application_id", "month", "dpd", "classification"])
    return apps, perf


def test_first_events_and_follow_up_by_month_on_book() -> None:
    apps, perf = _loans()
    loans = loan_events(apps, perf)
    assert list(loans.index) == ["A1", "A2", "A3"]  # A4 was never disbursed
    assert loans.loc["A1", "npl_mob"] == 4 and loans.loc["A1", "dpd30_mob"] == 2
    assert np.isnan(loans.loc["A2", "npl_mob"]) and loans.loc["A2", "last_mob"] == 6
    assert loans.loc["A3", "last_mob"] == -1  # disbursed at as_of: not observed yet


def test_month_on_book_end_is_the_performance_rows_date() -> None:
    ends = months_on_book_end(pd.Series(pd.to_datetime(["2024-01-31", "2024-02-01"])), 6)
    assert list(ends) == [pd.Timestamp("2024-07-31"), pd.Timestamp("2024-08-31")]
