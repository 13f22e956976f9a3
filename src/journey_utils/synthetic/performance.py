"""Monthly loan performance (balance, dpd, five-tier class) and yearly credit-history snapshots."""

from __future__ import annotations

import numpy as np

from journey_utils.catalog import CLASSIFICATIONS, INTERNAL_RATINGS, PRODUCTS
from journey_utils.synthetic.clients import Clients, Table, risk_score
from journey_utils.synthetic.context import DAY, Context, month_end_seconds, month_index, to_seconds
from journey_utils.synthetic.journeys import (
    BULLET_PRODUCTS,
    RISK_CENTER,
    Arrays,
    application_ids,
)

RATING_CUTS = np.array([-2.4, -1.6, -0.9, -0.3, 0.3, 0.9, 1.6, 2.4])
"""Thresholds of the centred risk score between AAA | AA | ... | C."""
SOUND_LATE_P = 0.03
"""Monthly chance that a sound borrower pays 1-25 days late (class stays normal)."""
SOUND_WATCH_P = 0.004
"""Monthly chance that a sound borrower is 31-60 days late once (special mention, then cured)."""


def classify(dpd: np.ndarray, sound: np.ndarray) -> np.ndarray:
    """Five-tier class from days past due: sound loans stay normal up to 30 dpd."""
    cls = np.select(
        [dpd > 360, dpd > 180, dpd > 90, dpd > 30, (dpd > 0) & ~sound],
        [4, 3, 2, 1, 1],
        default=0,
    )
    return cls


def loans(ctx: Context, cs: Arrays, vis: Arrays) -> Arrays:
    """The disbursed loans (visible at as_of) with their month grid and performance rows."""
    li = np.flatnonzero(vis["disbursed"])
    amount = np.maximum(
        1e4, np.round(cs["requested_amount"][li] * cs["approve_frac"][li] / 1e4) * 1e4
    )
    m0 = month_index(cs["t_disb"][li])
    term = cs["term_months"][li]
    npl_month = cs["npl_month"][li]
    defaulted = (npl_month >= 0) & (npl_month <= term)
    h_month = month_index(np.array([ctx.horizon_s]))[0]
    if month_end_seconds(np.array([h_month]))[0] > ctx.horizon_s:
        h_month -= 1  # as_of is not a month-end: its month has no row yet
    last = np.where(defaulted, h_month - m0, np.minimum(term, h_month - m0))
    n_rows = np.maximum(last + 1, 0)
    loan = np.repeat(np.arange(len(li)), n_rows)
    j = np.arange(len(loan)) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
    month_s = month_end_seconds(m0[loan] + j)
    knpl = npl_month[loan]
    bad = defaulted[loan]
    npl_dpd = cs["npl_dpd"][li][loan]
    knpl_s = month_end_seconds(m0[loan] + np.maximum(knpl, 0))
    dpd_bad = np.maximum(0, npl_dpd + (month_s - knpl_s) // DAY)
    return {
        "li": li,
        "amount": amount,
        "m0": m0,
        "term": term,
        "defaulted": defaulted,
        "loan": loan,
        "j": j,
        "month_s": month_s,
        "bad": bad,
        "dpd_bad": dpd_bad,
    }


def loan_performance_table(
    ctx: Context, rng: np.random.Generator, c: Clients, cs: Arrays, ln: Arrays
) -> Table:
    """Rows of loan_performance: one per loan and month-end from disbursement to maturity or
    as_of; loans that became NPL stay on the book (balance frozen) until as_of."""
    loan, j, bad = ln["loan"], ln["j"], ln["bad"]
    li = ln["li"]
    n = len(loan)
    u = rng.random(n)
    sound_dpd = np.where(
        u < SOUND_WATCH_P,
        rng.integers(31, 61, size=n),
        np.where(u < SOUND_WATCH_P + SOUND_LATE_P, rng.integers(1, 26, size=n), 0),
    )
    first_j = np.zeros(n, dtype=np.int64)
    sound_dpd[j == 0] = 0  # nothing is due at the end of the disbursement month
    dpd = np.where(bad, ln["dpd_bad"], sound_dpd)
    # The first month a defaulting borrower misses a payment freezes the balance.
    missed = bad & (dpd > 0)
    if missed.any():
        first_missed = np.full(len(li), np.iinfo(np.int64).max)
        np.minimum.at(first_missed, loan[missed], j[missed])
        first_j = first_missed[loan]
    eff_j = np.where(bad, np.minimum(j, first_j), j)
    term = ln["term"][loan]
    amount = ln["amount"][loan]
    bullet = np.isin(cs["product"][li][loan], [PRODUCTS.index(p) for p in BULLET_PRODUCTS])
    frac_left = np.where(bullet, (eff_j < term).astype(float), 1.0 - eff_j / term)
    balance = np.round(amount * np.clip(frac_left, 0.0, 1.0), 2)
    cls = classify(dpd, ~bad)
    app = application_ids(c.number[cs["client"][li]], cs["k"][li])
    return {
        "application_id": app[loan],
        "month": ln["month_s"].astype("datetime64[s]").astype("datetime64[D]"),
        "balance": balance,
        "dpd": dpd.astype(np.int64),
        "classification": np.asarray(CLASSIFICATIONS, dtype=object)[cls],
    }


def credit_history_table(
    ctx: Context,
    rng: np.random.Generator,
    c: Clients,
    cs: Arrays,
    vis: Arrays,
    perf: Table,
    ln: Arrays,
) -> Table:
    """Rows of credit_history: one per client and snapshot (31 Dec each year and as_of) after
    founding. Ratings and bureau scores come from the same risk as defaults plus the client's
    persistent credit noise and a snapshot noise; counts come from the simulated loans."""
    snaps = np.array([to_seconds(d) for d in ctx.snapshot_dates], dtype=np.int64)
    ci, si = np.nonzero(c.founded_s[:, None] <= snaps[None, :])
    at = snaps[si]
    risk = risk_score(ctx, c, ci, at + DAY)
    z = risk - RISK_CENTER + c.credit_noise[ci] + rng.normal(0, 0.3, len(ci))
    rating = np.searchsorted(RATING_CUTS, z)
    bureau = np.clip(np.round(720 - 55 * z + rng.normal(0, 20, len(ci))), 350, 950)

    # Our loans disbursed by the snapshot, NPL by the snapshot, worst dpd in the 24 months before.
    n_snap = len(snaps)
    key = ci * n_snap + si
    loan_client = cs["client"][ln["li"]]
    disb = cs["t_disb"][ln["li"]]
    past = np.zeros(c.n * n_snap, dtype=np.int64)
    for s in range(n_snap):
        np.add.at(past, loan_client[disb <= snaps[s]] * n_snap + s, 1)
    row_client = loan_client[ln["loan"]]
    month_s = ln["month_s"]
    dpd = perf["dpd"]
    npl = np.isin(perf["classification"], ["substandard", "doubtful", "loss"])
    max_dpd = np.zeros(c.n * n_snap, dtype=np.int64)
    npl_by = np.zeros(c.n * n_snap, dtype=bool)
    for s in range(n_snap):
        win = (month_s <= snaps[s]) & (month_s > snaps[s] - 730 * DAY)
        np.maximum.at(max_dpd, row_client[win] * n_snap + s, dpd[win])
        hit = (month_s <= snaps[s]) & npl
        npl_by[row_client[hit] * n_snap + s] = True
    sub_client = cs["client"][vis["submitted"]]
    sub_t = cs["t_sub"][vis["submitted"]]
    inquiries = np.zeros(c.n * n_snap, dtype=np.int64)
    for s in range(n_snap):
        w = (sub_t <= snaps[s]) & (sub_t > snaps[s] - 183 * DAY)
        np.add.at(inquiries, sub_client[w] * n_snap + s, 1)
    return {
        "client_id": c.client_id[ci],
        "as_of_date": at.astype("datetime64[s]").astype("datetime64[D]"),
        "internal_rating": np.asarray(INTERNAL_RATINGS, dtype=object)[rating],
        "bureau_score": bureau.astype(np.int64),
        "past_loans": c.prior_loans[ci] + past[key],
        "max_dpd_24m": max_dpd[key],
        "defaulted_before": c.prior_default[ci] | npl_by[key],
        "inquiries_6m": inquiries[key] + rng.poisson(0.4, len(ci)),
    }
