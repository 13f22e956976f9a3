"""The default-risk (PD) population and its features: one row per disbursed loan old enough to
know whether it became NPL within 12 months, plus weight of evidence and information value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from journey_utils.catalog import NPL_CLASSES
from journey_utils.errors import InputError, require_columns
from journey_utils.integration.statements import firm_age_years, ratios_before

PD_FEATURES: tuple[str, ...] = (
    "leverage",
    "interest_cover_log",
    "firm_age_years",
    "industry",
    "personalised",
)
"""The core PD features, always built; bureau_score and internal_rating are added when the
credit history is given."""

EXCLUSION_REASONS: dict[str, str] = {
    "not_disbursed": "the application never led to a disbursed loan",
    "too_recent": "disbursed less than the outcome window before the as-of date: outcome not yet "
    "known",
    "no_financials": "no financial statement for the fiscal year before the application",
    "missing_features": "a core feature value is missing",
}
"""Why an application is left out of the PD population, in the order the rules are applied."""

MONOTONE = ("increasing", "decreasing")


@dataclass(frozen=True)
class PDData:
    """The PD population (one row per loan) and how many applications were left out, and why."""

    frame: pd.DataFrame
    exclusions: pd.DataFrame
    as_of: pd.Timestamp
    window_months: int


def pd_frame(
    applications: pd.DataFrame,
    financials: pd.DataFrame,
    clients: pd.DataFrame,
    loan_performance: pd.DataFrame,
    as_of: object,
    window_months: int = 12,
    credit_history: pd.DataFrame | None = None,
) -> PDData:
    """The PD model population: disbursed loans at least `window_months` old at `as_of`, with
    the outcome npl_12m and the features defined as in the generator's truth."""
    as_of_ts = pd.Timestamp(as_of)
    require_columns(
        applications, ("application_id", "client_id", "submitted_at", "disbursed_at"), "apps"
    )
    require_columns(clients, ("client_id", "industry", "founded_on"), "clients")
    require_columns(
        loan_performance, ("application_id", "month", "classification"), "loan_performance"
    )
    apps = applications.copy()
    apps["disbursed_at"] = pd.to_datetime(apps["disbursed_at"])
    apps["submitted_at"] = pd.to_datetime(apps["submitted_at"])
    cases = apps[["application_id", "client_id", "submitted_at", "disbursed_at"]].copy()
    cases["personalised"] = _as_flag(apps.get("personalised"), len(apps))
    firm = clients[["client_id", "industry", "founded_on"]].drop_duplicates("client_id")
    cases = cases.merge(firm, on="client_id", how="left")
    cases["firm_age_years"] = firm_age_years(cases["submitted_at"], cases["founded_on"])
    cases = cases.join(ratios_before(cases, financials, "submitted_at"), how="left")
    cases["npl_12m"] = _npl_within(cases, loan_performance, window_months)
    if credit_history is not None:
        cases = cases.join(_credit_snapshot(cases, credit_history))
    cutoff = as_of_ts - pd.DateOffset(months=window_months)
    reason = _exclusion_reason(cases, cutoff)
    exclusions = _exclusion_table(cases, reason)
    keep = cases.loc[reason.isna()].drop(columns=["founded_on", "has_financials"])
    keep = keep.reset_index(drop=True)
    keep["npl_12m"] = keep["npl_12m"].astype(int)
    keep["personalised"] = keep["personalised"].astype(int)
    return PDData(frame=keep, exclusions=exclusions, as_of=as_of_ts, window_months=window_months)


def _as_flag(values: pd.Series | None, n: int) -> pd.Series:
    """A yes/no column as float 1/0 with NaN for missing (object booleans from parquet)."""
    if values is None:
        return pd.Series(np.nan, index=range(n))
    out = values.map(lambda v: np.nan if pd.isna(v) else float(bool(v)))
    return out.astype(float).reset_index(drop=True)


def _npl_within(cases: pd.DataFrame, perf: pd.DataFrame, window_months: int) -> pd.Series:
    """1 if the loan has an NPL-class month-end within window_months of disbursement, else 0."""
    bad = perf.loc[perf["classification"].isin(NPL_CLASSES), ["application_id", "month"]]
    first = bad.groupby("application_id")["month"].min()
    first_bad = pd.to_datetime(cases["application_id"].map(first))
    horizon = cases["disbursed_at"] + pd.DateOffset(months=window_months)
    return (first_bad.notna() & (first_bad <= horizon)).astype(int)


def _credit_snapshot(cases: pd.DataFrame, credit: pd.DataFrame) -> pd.DataFrame:
    """Bureau score and internal rating of the latest credit snapshot on or before submission."""
    require_columns(
        credit, ("client_id", "as_of_date", "bureau_score", "internal_rating"), "credit"
    )
    snap = credit[["client_id", "as_of_date", "bureau_score", "internal_rating"]].copy()
    snap["as_of_date"] = pd.to_datetime(snap["as_of_date"]).astype("datetime64[us]")
    left = cases[["client_id", "submitted_at"]].reset_index()
    left = left.dropna(subset=["submitted_at"])
    left["submitted_at"] = left["submitted_at"].astype("datetime64[us]")
    merged = pd.merge_asof(
        left.sort_values("submitted_at"),
        snap.dropna(subset=["as_of_date"]).sort_values("as_of_date"),
        left_on="submitted_at",
        right_on="as_of_date",
        by="client_id",
        direction="backward",
    )
    out = merged.set_index("index")[["bureau_score", "internal_rating"]]
    return out.reindex(cases.index)


def _exclusion_reason(cases: pd.DataFrame, cutoff: pd.Timestamp) -> pd.Series:
    """The first rule (EXCLUSION_REASONS order) that leaves each loan out; NA if it is kept."""
    core = ["leverage", "interest_cover_log", "firm_age_years", "industry", "personalised"]
    rules = {
        "not_disbursed": cases["disbursed_at"].isna(),
        "too_recent": cases["disbursed_at"] > cutoff,
        "no_financials": ~cases["has_financials"].fillna(False).astype(bool),
        "missing_features": cases[core].isna().any(axis=1),
    }
    reason = pd.Series(pd.NA, index=cases.index, dtype="string")
    for name, hit in rules.items():
        reason = reason.mask(reason.isna() & hit.fillna(False).astype(bool), name)
    return reason


def _exclusion_table(cases: pd.DataFrame, reason: pd.Series) -> pd.DataFrame:
    """Candidates, each exclusion and the population as counted rows that add up."""
    total = len(cases)
    rows = [("candidates", total, "applications in the input")]
    rows += [(k, int((reason == k).sum()), text) for k, text in EXCLUSION_REASONS.items()]
    rows.append(("model_population", int(reason.isna().sum()), "loans in the PD model"))
    table = pd.DataFrame(rows, columns=["reason", "cases", "description"])
    table["share"] = table["cases"] / total if total else np.nan
    return table[["reason", "cases", "share", "description"]]


# ---------------------------------------------------------------------------------------------
# Weight of evidence and information value
# ---------------------------------------------------------------------------------------------


def woe_table(
    frame: pd.DataFrame,
    feature: str,
    target: str = "npl_12m",
    bins: int = 5,
    monotone: str | None = None,
) -> pd.DataFrame:
    """Weight of evidence per bin (quantile bins for numbers, levels for categories, missing as its
    own bin), WoE = ln(share of goods / share of bads): positive means safer than average.
    `monotone` ('increasing' or 'decreasing' risk with the feature) merges adjacent numeric bins
    until the event rate moves one way only."""
    if monotone is not None and monotone not in MONOTONE:
        raise InputError("woe_table", f"monotone must be one of {MONOTONE} or None")
    for col in (feature, target):
        if col not in frame.columns:
            raise InputError("woe_table", "column not in the frame", column=col)
    numeric = pd.api.types.is_numeric_dtype(frame[feature]) and frame[feature].nunique() > 2
    y = frame[target].astype(float)
    if numeric:
        counts = _numeric_bins(frame[feature], y, bins)
        if monotone is not None:
            counts = _merge_monotone(counts, monotone)
    else:
        key = frame[feature].astype("string").fillna("missing")
        counts = y.groupby(key).agg(["size", "sum"]).rename(columns={"size": "n", "sum": "events"})
        counts.index.name = "bin"
        counts = counts.reset_index()
        counts["low"] = np.nan
        counts["high"] = np.nan
    return _woe_columns(counts, feature)


def _numeric_bins(x: pd.Series, y: pd.Series, bins: int) -> pd.DataFrame:
    """Counts of loans and events per quantile bin of x (edges from the data), missing last."""
    edges = np.unique(np.nanquantile(x.astype(float), np.linspace(0, 1, bins + 1)))
    if len(edges) < 2:
        edges = np.array([np.nanmin(x), np.nanmax(x)], dtype=float)
    code = np.clip(np.searchsorted(edges, x.to_numpy(float), side="right") - 1, 0, len(edges) - 2)
    code = pd.Series(code, index=x.index).where(x.notna(), -1)
    grouped = y.groupby(code).agg(["size", "sum"]).rename(columns={"size": "n", "sum": "events"})
    rows = []
    for c, r in grouped.iterrows():
        low, high = (np.nan, np.nan) if c < 0 else (edges[c], edges[c + 1])
        rows.append({"low": low, "high": high, "n": r["n"], "events": r["events"], "_c": c})
    out = pd.DataFrame(rows)
    out["_c"] = out["_c"].where(out["_c"] >= 0, len(edges))
    return out.sort_values("_c").drop(columns="_c").reset_index(drop=True)


def _merge_monotone(counts: pd.DataFrame, direction: str) -> pd.DataFrame:
    """Pool adjacent numeric bins that break the stated direction of the event rate (pool
    adjacent violators); the missing bin is left alone."""
    missing = counts[counts["low"].isna()]
    rows = counts[counts["low"].notna()].to_dict("records")
    sign = 1 if direction == "increasing" else -1
    merged = True
    while merged and len(rows) > 1:
        merged = False
        for i in range(len(rows) - 1):
            a, b = rows[i], rows[i + 1]
            if sign * (b["events"] / b["n"] - a["events"] / a["n"]) < 0:
                rows[i] = {
                    "low": a["low"],
                    "high": b["high"],
                    "n": a["n"] + b["n"],
                    "events": a["events"] + b["events"],
                }
                del rows[i + 1]
                merged = True
                break
    return pd.concat([pd.DataFrame(rows), missing], ignore_index=True)


def _woe_columns(counts: pd.DataFrame, feature: str) -> pd.DataFrame:
    """Shares, WoE and IV contribution per bin (0.5 added to empty good/bad cells)."""
    out = counts.copy()
    if "bin" not in out.columns:
        out["bin"] = [
            "missing" if pd.isna(lo) else f"[{lo:.4g}, {hi:.4g}]"
            for lo, hi in zip(out["low"], out["high"], strict=True)
        ]
    out["n"] = out["n"].astype(int)
    out["events"] = out["events"].astype(int)
    goods = (out["n"] - out["events"]).astype(float)
    bads = out["events"].astype(float)
    adj = 0.5 if ((goods == 0) | (bads == 0)).any() else 0.0
    g_share = (goods + adj) / (goods.sum() + adj * len(out))
    b_share = (bads + adj) / (bads.sum() + adj * len(out))
    out["event_rate"] = bads / out["n"]
    out["share_good"] = g_share
    out["share_bad"] = b_share
    out["woe"] = np.log(g_share / b_share)
    out["iv"] = (g_share - b_share) * out["woe"]
    out.insert(0, "feature", feature)
    cols = ["feature", "bin", "low", "high", "n", "events", "event_rate"]
    return out[[*cols, "share_good", "share_bad", "woe", "iv"]]


def iv_table(
    frame: pd.DataFrame,
    features: Sequence[str],
    target: str = "npl_12m",
    bins: int = 5,
    monotone: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Information value per feature, strongest first, with the usual reading
    (< 0.02 useless, 0.02-0.1 weak, 0.1-0.3 medium, > 0.3 strong)."""
    monotone = monotone or {}
    rows = []
    for f in features:
        woe = woe_table(frame, f, target, bins, monotone.get(f))
        rows.append({"feature": f, "bins": len(woe), "iv": float(woe["iv"].sum())})
    out = pd.DataFrame(rows).sort_values("iv", ascending=False, ignore_index=True)
    out["strength"] = pd.cut(
        out["iv"],
        [-np.inf, 0.02, 0.1, 0.3, np.inf],
        labels=["useless", "weak", "medium", "strong"],
        right=False,
    ).astype(str)
    return out


def screen_table(
    frame: pd.DataFrame,
    features: Sequence[str],
    monotone: dict[str, str] | None = None,
    target: str = "npl_12m",
) -> pd.DataFrame:
    """`iv_table` of the candidate features (`risk.screen_features` in params) that the frame
    has; a candidate it lacks is listed last with strength "not in the data", never dropped."""
    present = [c for c in features if c in frame.columns]
    absent = [c for c in features if c not in frame.columns]
    out = iv_table(frame, present, target, monotone=monotone)
    if not absent:
        return out
    missing = pd.DataFrame(
        {"feature": absent, "bins": 0, "iv": np.nan, "strength": "not in the data"}
    )
    return pd.concat([out, missing], ignore_index=True)
