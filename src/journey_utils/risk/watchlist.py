"""High-risk watchlist (issue 5): the segments, industries and regions whose NPL rate (five-tier
classification) is highest, with Wilson intervals, lift over the portfolio and small groups masked;
plus the reconciliation of the workbook's NPL definitions (per loan at as_of, ever, per client).

The watchlist counts loans on book at `as_of` by their class at `as_of`: the regulator's NPL ratio
by count (NPL = substandard, doubtful, loss)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from journey_utils.catalog import CLASSIFICATIONS, NPL_CLASSES
from journey_utils.disclosure import mask_small_groups
from journey_utils.errors import InputError, require_columns, stop_at_first
from journey_utils.i18n import CODE_WORDS_ZH, check_lang
from journey_utils.membership import isin
from journey_utils.plotting import (
    PALETTE,
    format_count,
    format_pct,
    interval_err,
    label_right_of,
    md_escape,
    new_figure,
    pct_axis,
)
from journey_utils.profiling.portfolio import group_label, unmasked_rows, with_profile_columns
from journey_utils.risk.messages import MESSAGES
from journey_utils.stats import wilson_interval

WATCHLIST_DEFINITION = (
    "Loans on book at the as-of date (balance above zero), by their five-tier class at that "
    "date; NPL = substandard, doubtful or loss (the regulator's NPL ratio by count)."
)

DEFAULT_ATTRIBUTES: tuple[str, ...] = ("industry", "region", "lifecycle_stage")
"""Client attributes `watchlist_frame` joins to each loan (lifecycle derived by profiling)."""


# --------------------------------------------------------------------------- per-loan frame


def loan_status(
    applications: pd.DataFrame, loan_performance: pd.DataFrame, as_of: date
) -> pd.DataFrame:
    """One row per disbursed loan: its class at `as_of` (latest month-end up to it), whether it
    is on book then (a row at the as-of month-end with balance > 0), its balance, and whether it
    was ever NPL. Loans with no performance row yet are left out (counted in attrs)."""
    require_columns(applications, ["application_id", "client_id", "disbursed_at"], "applications")
    require_columns(
        loan_performance,
        ["application_id", "month", "balance", "classification"],
        "loan_performance",
    )
    unknown = ~loan_performance["classification"].isin(CLASSIFICATIONS)
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0])
        raise InputError(
            "loan_performance",
            f"unknown classification {loan_performance['classification'].iloc[row]!r} "
            f"(valid: {', '.join(CLASSIFICATIONS)})",
            row=row,
            column="classification",
        )
    month_end = pd.Timestamp(as_of) + pd.offsets.MonthEnd(0)
    loans = applications.loc[
        applications["disbursed_at"].notna(), ["application_id", "client_id", "disbursed_at"]
    ]
    perf = loan_performance[loan_performance["month"] <= month_end]
    perf = perf[isin(perf["application_id"], loans["application_id"])]
    perf = perf.assign(is_npl=perf["classification"].isin(NPL_CLASSES))
    ever = perf.groupby("application_id")["is_npl"].any().rename("ever_npl")
    last = perf.sort_values("month").groupby("application_id").tail(1).set_index("application_id")
    status = pd.DataFrame(
        {
            "last_month": last["month"],
            "classification": last["classification"],
            "on_book": (last["month"] == month_end) & (last["balance"] > 0),
        }
    )
    status["balance"] = last["balance"].where(status["on_book"], 0.0).astype(float)
    status["npl"] = status["classification"].isin(NPL_CLASSES).astype(int)
    status["ever_npl"] = ever.reindex(status.index).astype(int)
    out = loans.merge(status, left_on="application_id", right_index=True, how="inner")
    out.attrs["no_performance"] = int(len(loans) - len(out))
    out.attrs["as_of"] = month_end.date().isoformat()
    return out.reset_index(drop=True)


def watchlist_frame(
    applications: pd.DataFrame,
    loan_performance: pd.DataFrame,
    client_360: pd.DataFrame,
    as_of: date,
    *,
    segments: pd.DataFrame | None = None,
    attributes: Sequence[str] = DEFAULT_ATTRIBUTES,
    on_book_only: bool = True,
) -> pd.DataFrame:
    """The per-loan frame the watchlist groups: loans on book at `as_of` (all disbursed loans
    with `on_book_only=False`) with `npl` from their class then, the client's `attributes`
    (client 360 columns or profiling's derived ones) and, if given, the segment name."""
    loans = loan_status(applications, loan_performance, as_of)
    require_columns(client_360, ["client_id"], "client 360")
    profile = with_profile_columns(client_360, attributes)[["client_id", *attributes]]
    out = loans.merge(profile, on="client_id", how="left")
    if segments is not None:
        require_columns(segments, ["client_id", "segment_name"], "segments")
        out = out.merge(segments[["client_id", "segment_name"]], on="client_id", how="left")
    if on_book_only:
        out = out[out["on_book"]].reset_index(drop=True)
    out.attrs = {**loans.attrs, "definition": WATCHLIST_DEFINITION}
    return out


# --------------------------------------------------------------------------- watchlist table


def watchlist_table(
    frame: pd.DataFrame,
    by: str,
    *,
    observed: str = "npl",
    predicted: str | None = "pd",
    min_cell_size: int,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Per group of `by`: loans n, NPL count, NPL rate with its Wilson interval, mean predicted
    PD (when the `predicted` column exists; the default 'pd' may be absent), lift over the
    portfolio rate and `above_portfolio` (interval wholly above it). Riskiest credible groups
    first (above the portfolio, then by the interval's lower bound); small groups masked, last."""
    require_columns(frame, [by, observed], "watchlist frame")
    if predicted is not None and predicted not in frame.columns and predicted != "pd":
        require_columns(frame, [predicted], "watchlist frame")
    use_pd = predicted is not None and predicted in frame.columns
    outcome = _binary(frame[observed], observed)
    data = pd.DataFrame({by: frame[by].astype(object).fillna("unknown"), "y": outcome})
    if use_pd:
        data["pd"] = pd.to_numeric(frame[predicted], errors="coerce").astype(float)
    groups = data.groupby(by, sort=True)
    table = pd.DataFrame({"n": groups.size(), "npl": groups["y"].sum()}).reset_index()
    _, low, high = wilson_interval(table["npl"], table["n"], confidence)
    portfolio = float(outcome.mean()) if len(outcome) else np.nan
    table["npl_rate"] = table["npl"] / table["n"]
    table["npl_rate_low"], table["npl_rate_high"] = np.asarray(low, float), np.asarray(high, float)
    if use_pd:
        table["mean_pd"] = groups["pd"].mean().to_numpy()
    table["lift"] = table["npl_rate"] / portfolio if portfolio > 0 else np.nan
    table["above_portfolio"] = table["npl_rate_low"] > portfolio
    small = table["n"] < min_cell_size
    table = table.assign(_small=small).sort_values(
        ["_small", "above_portfolio", "npl_rate_low", "npl_rate"],
        ascending=[True, False, False, False],
    )
    table = table.drop(columns="_small").reset_index(drop=True)
    values = [c for c in table.columns if c != by]
    table = mask_small_groups(table, "n", min_cell_size=min_cell_size, value_columns=values)
    table.attrs.update(
        {
            "by": by,
            "portfolio_rate": portfolio,
            "loans": len(outcome),
            "npl": int(outcome.sum()),
            "confidence": confidence,
            "min_cell_size": min_cell_size,
            "definition": frame.attrs.get("definition", WATCHLIST_DEFINITION),
        }
    )
    return table


def _binary(values: pd.Series, column: str) -> pd.Series:
    """The observed outcome as 0/1 integers; anything else (missing, 2, 'yes') stops the table."""
    numeric = pd.to_numeric(values.astype(object), errors="coerce")
    bad = ~numeric.isin([0, 1])
    stop_at_first(
        bad,
        "watchlist frame",
        lambda row: f"outcome must be 0/1, found {values.iloc[row]!r}",
        column,
    )
    return numeric.astype(int)


def group_noun(by: str, lang: str = "en") -> str:
    """The grouping column as a word: 'lifecycle_stage' -> 'lifecycle stage' / '生命周期阶段';
    a column the catalog does not name reads as its words in either language."""
    if f"group_noun.{by}" in MESSAGES:
        return MESSAGES(f"group_noun.{by}", lang)
    check_lang(lang)
    return by.replace("_", " ")


def group_name(by: str, value: object, lang: str = "en") -> str:
    """A group as shown: bands and stages by profiling's names, industries, regions and other
    codes in Chinese for "zh", anything else as it is (segment names come named)."""
    if check_lang(lang) == "zh" and by not in ("grade_band", "lifecycle_stage"):
        return CODE_WORDS_ZH.get(str(value), group_label(by, value, lang))
    return group_label(by, value, lang)


def watchlist_reading(table: pd.DataFrame, by: str, lang: str = "en") -> str:
    """One or two sentences for a manager: which groups are credibly above the portfolio NPL
    rate (or the highest when none is), and how many groups are too small to show."""
    check_lang(lang)
    rate = format_pct(table.attrs.get("portfolio_rate", np.nan))
    shown = unmasked_rows(table)
    noun = md_escape(group_noun(by, lang))
    masked = len(table) - len(shown)
    limit = table.attrs.get("min_cell_size")
    tail = MESSAGES("watchlist_tail", lang, masked=masked, noun=noun, limit=limit) if masked else ""
    if shown.empty:
        return MESSAGES("watchlist_none_shown", lang, noun=noun) + tail
    above = shown[shown["above_portfolio"].astype(bool)]
    if above.empty:
        top = _describe(shown.iloc[0], by, lang)
        return MESSAGES("watchlist_none_above", lang, noun=noun, rate=rate, top=top) + tail
    parts = [_describe(row, by, lang) for _, row in above.head(3).iterrows()]
    more = MESSAGES("watchlist_more", lang, n=len(above) - 3) if len(above) > 3 else ""
    groups = MESSAGES("watchlist_group_sep", lang).join(parts)
    sentence = MESSAGES(
        "watchlist_above",
        lang,
        k=len(above),
        n=len(shown),
        noun=noun,
        rate=rate,
        groups=groups,
        more=more,
    )
    return sentence + tail


def _describe(row: pd.Series, by: str, lang: str = "en") -> str:
    """'real estate 9.1% (6.8–12.0%, 640 loans, 1.6× the portfolio)'."""
    return MESSAGES(
        "watchlist_describe",
        lang,
        name=md_escape(group_name(by, row[by], lang)),
        rate=format_pct(float(row["npl_rate"])),
        low=format_pct(float(row["npl_rate_low"])),
        high=format_pct(float(row["npl_rate_high"])),
        n=format_count(float(row["n"])),
        lift=float(row["lift"]),
    )


def plot_watchlist(table: pd.DataFrame, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Dots with interval bars of `watchlist_table` (riskiest on top), the portfolio NPL rate as a
    vertical line, groups credibly above it in red; masked groups are left out."""
    shown = unmasked_rows(table).reset_index(drop=True)
    by = table.attrs.get("by", table.columns[0])
    if ax is None:
        _, ax = new_figure(8, max(2.5, 0.42 * len(shown) + 1.2))
    y = np.arange(len(shown))[::-1]
    rate = shown["npl_rate"].astype(float).to_numpy()
    low, high = shown["npl_rate_low"].astype(float), shown["npl_rate_high"].astype(float)
    err = interval_err(rate, low, high)
    above = shown["above_portfolio"].astype(bool).to_numpy()
    for flag, colour in ((False, PALETTE[0]), (True, PALETTE[1])):
        sel = above == flag
        ax.errorbar(rate[sel], y[sel], xerr=err[:, sel], fmt="o", color=colour, capsize=3, lw=1.5)
    for yi, hi, (_, row) in zip(y, high, shown.iterrows(), strict=True):
        label_right_of(ax, hi, yi, f"{format_pct(row['npl_rate'])} · n={format_count(row['n'])}")
    portfolio = table.attrs.get("portfolio_rate", np.nan)
    ax.axvline(portfolio, color=PALETTE[4], ls="--", lw=1)
    ax.annotate(
        MESSAGES("watchlist_portfolio_line", lang, rate=format_pct(portfolio)),
        (portfolio, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, -12),
        textcoords="offset points",
        color=PALETTE[4],
        fontsize=9,
    )
    ax.set_yticks(y, [group_name(by, v, lang) for v in shown[by]])
    right = float(np.nanmax(shown["npl_rate_high"].astype(float))) if len(shown) else 0.1
    ax.set_xlim(0, right * 1.35)
    pct_axis(ax, "x")
    ax.set_xlabel(MESSAGES("watchlist_x", lang))
    ax.set_title(MESSAGES("watchlist_title", lang, noun=group_noun(by, lang)))
    return ax


# --------------------------------------------------------------------------- NPL definitions


def npl_definitions_table(loans: pd.DataFrame, client_360: pd.DataFrame) -> pd.DataFrame:
    """The workbook's NPL definitions side by side with their counts: per loan on book at as_of
    (the watchlist; also balance-weighted), per loan latest class over all disbursed loans (the
    summary headline), per loan ever NPL, and per client worst class ever (segment profiles).
    `loans` is `loan_status` (or `watchlist_frame(..., on_book_only=False)`)."""
    require_columns(loans, ["on_book", "npl", "ever_npl", "balance"], "loans")
    require_columns(client_360, ["npl"], "client 360")
    book = loans[loans["on_book"].astype(bool)]
    client_npl = client_360["npl"].dropna().astype(bool)
    rows = [
        ("loan, class at as-of date", "loans on book", "risk watchlist", book["npl"]),
        ("loan, latest class", "loans ever disbursed", "summary headline", loans["npl"]),
        ("loan, NPL at any month-end", "loans ever disbursed", "–", loans["ever_npl"]),
        ("client, worst class ever", "clients with loans", "segment profiles", client_npl),
    ]
    table = pd.DataFrame(
        [
            {
                "definition": name,
                "unit": unit,
                "used_by": used,
                "units": len(flag),
                "npl": int(flag.astype(int).sum()),
            }
            for name, unit, used, flag in rows
        ]
    )
    table["npl_rate"] = table["npl"] / table["units"].where(table["units"] > 0)
    total = float(book["balance"].sum())
    weighted = float(book.loc[book["npl"] == 1, "balance"].sum()) / total if total > 0 else np.nan
    table["npl_balance_share"] = [weighted, np.nan, np.nan, np.nan]
    table.attrs["as_of"] = loans.attrs.get("as_of")
    return table
