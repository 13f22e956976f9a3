"""Client cohorts: clients grouped by the month of their first disbursement, and the share of
each cohort that came back for new financing over the following months (lending cycles are long,
so 36 monthly periods by default).

A client's first disbursement is the completion of the `contract_disbursement` stage of their
first disbursed case (the day the money is paid out; if that event is missing, the case's entry
into `post_loan`). A client "comes back" when a later case of theirs enters the `application`
stage strictly after that moment, whatever that case's outcome. Months are calendar months:
month k of a cohort is the k-th month after the disbursement month, and the share at k counts
returns up to the end of that month (returns within the disbursement month count from k = 1).
A month is observed when it has ended by `as_of` (whose day counts as observed); later cells
are missing, not zero.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from journey_utils.errors import InputError
from journey_utils.journey.cases import require_columns
from journey_utils.journey.masking import drop_groups
from journey_utils.journey.messages import MESSAGES
from journey_utils.journey.timing import as_timestamp
from journey_utils.plotting import PALETTE, format_pct, new_figure


def _month_index(ts: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Calendar month as an integer (year * 12 + month - 1)."""
    values = pd.DatetimeIndex(ts)
    return (values.year * 12 + values.month - 1).to_numpy(np.int64)


def _first_in(log: pd.DataFrame, stage: str, status: str, rows: np.ndarray) -> pd.Series:
    """First ts per application_id of `stage` events with `status`, among `rows`."""
    mask = rows & (log["stage"] == stage).to_numpy(bool) & (log["status"] == status).to_numpy(bool)
    return log.loc[mask].groupby("application_id")["ts"].min()


def first_disbursements(log: pd.DataFrame) -> pd.DataFrame:
    """One row per client with a disbursed case: client_id, application_id and disbursed_at of
    their first disbursement (contract completion, else post_loan entry)."""
    require_columns(log, ["application_id", "client_id", "stage", "status", "ts", "outcome"])
    disbursed = (log["outcome"] == "disbursed").to_numpy(bool)
    paid = _first_in(log, "contract_disbursement", "completed", disbursed)
    started_loan = _first_in(log, "post_loan", "entered", disbursed)
    when = paid.combine_first(started_loan).rename("disbursed_at")
    clients = log.loc[disbursed, ["application_id", "client_id"]].drop_duplicates("application_id")
    cases = clients.merge(when.reset_index(), on="application_id", how="inner")
    cases = cases.sort_values(["client_id", "disbursed_at", "application_id"])
    return cases.drop_duplicates("client_id").reset_index(drop=True)


def _returns(log: pd.DataFrame, first: pd.DataFrame) -> pd.Series:
    """Per client: the first application start of another case after the first disbursement."""
    starts = _first_in(log, "application", "entered", np.ones(len(log), bool)).rename("started")
    owners = log[["application_id", "client_id"]].drop_duplicates("application_id")
    starts = owners.merge(starts.reset_index(), on="application_id", how="inner")
    later = starts.merge(first, on="client_id", how="inner", suffixes=("", "_first"))
    later = later[
        (later["application_id"] != later["application_id_first"])
        & (later["started"] > later["disbursed_at"])
    ]
    return later.groupby("client_id")["started"].min()


def cohorts_table(
    log: pd.DataFrame, as_of: date | datetime | str, months: int = 36, *, min_cell_size: int
) -> pd.DataFrame:
    """Monthly cohorts of first disbursement × months since (1..months): cohort, cohort_size,
    months_since_disbursement, returned (cumulative clients back for new financing) and share;
    cells whose month has not ended by `as_of` are missing. Cohorts of fewer than
    `min_cell_size` clients are left out (`drop_groups`; 1: every cohort)."""
    if not isinstance(months, int | np.integer) or isinstance(months, bool) or months < 1:
        raise InputError("cohort_months", f"must be a whole number of months >= 1, got {months!r}")
    cutoff = as_timestamp(as_of)
    first = first_disbursements(log)
    if len(first) == 0:
        return _empty_table()
    back = _returns(log, first)
    cohort_m = _month_index(first["disbursed_at"])
    returned_at = first["client_id"].map(back)
    k_back = np.where(returned_at.notna(), _month_index(returned_at.fillna(cutoff)) - cohort_m, -1)
    months_since = np.arange(1, months + 1)
    cohorts = np.arange(cohort_m.min(), cohort_m.max() + 1)
    row = cohort_m - cohorts[0]
    size = np.bincount(row, minlength=len(cohorts))
    counts = np.zeros((len(cohorts), months + 1), np.int64)
    inside = (k_back >= 0) & (k_back <= months)
    np.add.at(counts, (row[inside], k_back[inside]), 1)
    cumulative = counts.cumsum(axis=1)[:, 1:]
    last_ended = _month_index(pd.DatetimeIndex([cutoff.normalize() + pd.Timedelta(days=1)]))[0] - 1
    observed = (cohorts[:, None] + months_since[None, :]) <= last_ended
    keep = size > 0
    n_rows = int(keep.sum())
    cohort_start = pd.to_datetime(
        {"year": cohorts[keep] // 12, "month": cohorts[keep] % 12 + 1, "day": 1}
    )
    returned = pd.array(np.where(observed, cumulative, 0)[keep].ravel(), dtype="Int64")
    returned[~observed[keep].ravel()] = pd.NA
    table = pd.DataFrame(
        {
            "cohort": np.repeat(cohort_start.to_numpy(), months),
            "cohort_size": np.repeat(size[keep], months),
            "months_since_disbursement": np.tile(months_since, n_rows),
            "returned": returned,
        }
    )
    table["share"] = table["returned"].astype("Float64").to_numpy(float, na_value=np.nan) / table[
        "cohort_size"
    ].to_numpy(float)
    table.attrs.update({"as_of": cutoff, "months": months, "clients": len(first)})
    return drop_groups(table, "cohort_size", min_cell_size=min_cell_size)


def _empty_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cohort": pd.Series(dtype="datetime64[ns]"),
            "cohort_size": pd.Series(dtype="int64"),
            "months_since_disbursement": pd.Series(dtype="int64"),
            "returned": pd.Series(dtype="Int64"),
            "share": pd.Series(dtype=float),
        }
    )


def plot_cohorts(
    table: pd.DataFrame, ax: Axes | None = None, lang: str = "en", kind: str = "heatmap"
) -> Axes:
    """Draw `cohorts_table`: a heat map of share by cohort × months since first disbursement
    (blank = not yet observed), or `kind="curves"`: one faint line per cohort and the
    size-weighted mean of the observed cohorts in bold."""
    require_columns(
        table, ["cohort", "cohort_size", "months_since_disbursement", "share"], "cohort table"
    )
    if kind not in ("heatmap", "curves"):
        raise InputError("kind", f"unknown chart kind '{kind}' (valid: heatmap, curves)")
    if ax is None:
        _, ax = new_figure(8.0, 6.0 if kind == "heatmap" else 4.2)
    if kind == "heatmap":
        _heatmap(table, ax, lang)
    else:
        _curves(table, ax, lang)
    ax.set_xlabel(MESSAGES("cohort_axis_months", lang))
    return ax


def _heatmap(table: pd.DataFrame, ax: Axes, lang: str) -> None:
    wide = table.pivot(index="cohort", columns="months_since_disbursement", values="share")
    wide.index = pd.DatetimeIndex(wide.index).strftime("%Y-%m")
    cmap = sns.light_palette(PALETTE[0], as_cmap=True)
    sns.heatmap(
        wide,
        ax=ax,
        cmap=cmap,
        vmin=0,
        mask=wide.isna(),
        cbar_kws={
            "label": MESSAGES("cohort_share", lang),
            "format": FuncFormatter(lambda v, _p: format_pct(v)),
        },
        yticklabels=max(1, -(-len(wide) // 16)),
        xticklabels=max(1, -(-wide.shape[1] // 18)),
    )
    ax.grid(False)
    ax.set_ylabel(MESSAGES("cohort_axis_cohort", lang))


def _curves(table: pd.DataFrame, ax: Axes, lang: str) -> None:
    for _, part in table.groupby("cohort"):
        ax.plot(part["months_since_disbursement"], part["share"], color=PALETTE[4], alpha=0.25)
    seen = table.dropna(subset=["share"])
    weights = seen.groupby("months_since_disbursement").apply(
        lambda g: (g["share"] * g["cohort_size"]).sum() / g["cohort_size"].sum()
    )
    ax.plot(weights.index, weights.to_numpy(), color=PALETTE[0], lw=2.5)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_pct(v, 0)))
    ax.set_ylim(bottom=0)
    ax.set_ylabel(MESSAGES("cohort_share", lang))
