"""Composite views of the one-page management summary: the segment map (size, conversion and
NPL of each saved segment) and the case-study verdicts with links to their reports."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from journey_utils.case_study.report import load_verdicts
from journey_utils.disclosure import mask_small_groups
from journey_utils.errors import require_columns
from journey_utils.i18n import check_lang, text
from journey_utils.integration.processed import load_client_360, load_processed
from journey_utils.params.run import RunParams
from journey_utils.plotting import PALETTE, new_figure, pct_axis, place_labels, style_table
from journey_utils.risk.watchlist import watchlist_frame, watchlist_table
from journey_utils.segmentation.model import load_segments, named_segments
from journey_utils.summary.messages import MESSAGES

SEGMENT_COLUMNS = ("client_id", "n_applications", "n_disbursed", "npl", "mean_csat")


def segment_overview_table(
    client_360: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    min_cell_size: int,
    watchlist: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per saved segment: clients, conversion (disbursed / applications), NPL rate and mean
    CSAT; segments below `min_cell_size` clients masked. The NPL rate is that of the clients
    with a loan, or with `watchlist` (the watchlist by segment name) the page's one NPL ratio:
    loans on the book at the month-end classified substandard or worse (`borrowers` are then
    those loans)."""
    require_columns(client_360, SEGMENT_COLUMNS, "client_360")
    require_columns(segments, ["client_id", "segment_name"], "segments")
    data = segments[["client_id", "segment_name"]].merge(
        client_360[list(SEGMENT_COLUMNS)], on="client_id", how="left"
    )
    data["borrower"] = data["n_disbursed"].fillna(0) > 0
    data["npl_borrower"] = data["borrower"] & data["npl"].fillna(False).astype(bool)
    g = data.groupby("segment_name")
    table = pd.DataFrame(
        {
            "clients": g.size(),
            "applications": g["n_applications"].sum(),
            "conversion_rate": g["n_disbursed"].sum() / g["n_applications"].sum(),
            "borrowers": g["borrower"].sum(),
            "npl_rate": g["npl_borrower"].sum() / g["borrower"].sum().replace(0, np.nan),
            "mean_csat": g["mean_csat"].mean(),
        }
    ).reset_index()
    if watchlist is not None:
        on_book = watchlist.set_index("segment_name")
        table["borrowers"] = table["segment_name"].map(on_book["n"]).astype(float)
        table["npl_rate"] = table["segment_name"].map(on_book["npl_rate"]).astype(float)
    table = table.sort_values("clients", ascending=False, ignore_index=True)
    table = mask_small_groups(table, "clients", min_cell_size=min_cell_size)
    if watchlist is not None:
        table.attrs["portfolio_npl"] = watchlist.attrs.get("portfolio_rate", np.nan)
    return table


def plot_segment_overview(table: pd.DataFrame, ax: Axes | None = None, lang: str = "en") -> Axes:
    """The segment map: conversion (x) against NPL rate (y), bubble area = clients; the dashed
    lines are the portfolio's means, so the top-left quadrant is the one to worry about."""
    shown = table.dropna(subset=["clients", "conversion_rate", "npl_rate"])
    if ax is None:
        _, ax = new_figure(8.5, 5.2)
    sizes = 1500 * shown["clients"] / shown["clients"].max()
    ax.scatter(shown["conversion_rate"], shown["npl_rate"], s=sizes, color=PALETTE[0], alpha=0.35)
    weights = shown["applications"]
    ax.axvline(np.average(shown["conversion_rate"], weights=weights), color=PALETTE[4], ls="--")
    book = table.attrs.get("portfolio_npl")
    if book is None or pd.isna(book):
        book = np.average(shown["npl_rate"], weights=shown["borrowers"])
    ax.axhline(book, color=PALETTE[4], ls="--")
    pct_axis(ax, "x")
    pct_axis(ax, "y")
    ax.set_xlabel(MESSAGES("segment_map_x", lang))
    ax.set_ylabel(MESSAGES("segment_map_y", lang))
    ax.set_title(MESSAGES("segment_map_title", lang))
    ax.margins(0.12)
    biggest = shown.assign(_s=sizes).sort_values("_s", ascending=False)
    place_labels(ax, biggest["conversion_rate"], biggest["npl_rate"], biggest["segment_name"],
                 radii_pt=np.sqrt(biggest["_s"] / np.pi), fontsize=8)  # fmt: skip
    return ax


def verdict_links_table(
    verdicts: pd.DataFrame, notebook: str = "06_case_study", lang: str = "en"
) -> pd.DataFrame:
    """The saved case-study verdicts as a summary table: case study (an HTML link to its report,
    name and title escaped), outcome, verdict and the sentence."""
    require_columns(verdicts, ["case_study", "title", "outcome", "verdict", "text"], "verdicts")
    link = verdicts.apply(
        lambda r: '<a href="{}">{}</a>'.format(
            html.escape(f"{notebook}-{r['case_study']}.html"), html.escape(str(r["title"]))
        ),
        axis=1,
    )
    return pd.DataFrame(
        {
            "case_study": link,
            "outcome": verdicts["outcome"],
            "verdict": verdicts["verdict"],
            "finding": verdicts.apply(_finding, axis=1, lang=lang),
        }
    )


def _finding(row: pd.Series, lang: str = "en") -> str:
    """The estimate with its 95% interval, or why the outcome cannot be measured."""
    if pd.isna(row.get("estimate")):
        return str(row["text"]).split(" — ", 1)[-1]
    return MESSAGES(
        "finding_interval",
        lang,
        estimate=f"{row['estimate']:+.2f}",
        unit=row.get("unit", ""),
        low=f"{row['ci_low']:+.2f}",
        high=f"{row['ci_high']:+.2f}",
    )


def segment_overview(
    params: RunParams, lang: str = "en", watchlist: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The segment map's table for the run: saved segments (named in `lang`) joined to the
    client 360; with `watchlist` (`segment_watchlist`), NPL is the page's one NPL ratio."""

    segments = named_segments(load_segments(params), check_lang(lang))
    return segment_overview_table(
        load_client_360(params), segments, min_cell_size=params.min_cell_size,
        watchlist=watchlist,
    )  # fmt: skip


def segment_watchlist(params: RunParams, lang: str = "en") -> pd.DataFrame:
    """The risk watchlist by segment (named in `lang`) for the run: loans on the book at the
    run date."""

    loans = watchlist_frame(
        load_processed(params, "applications"),
        load_processed(params, "loan_performance"),
        load_client_360(params),
        params.as_of,
        segments=named_segments(load_segments(params), check_lang(lang)),
    )
    return watchlist_table(loans, "segment_name", min_cell_size=params.min_cell_size)


def case_study_view(params: RunParams, lang: str = "en") -> object:
    """The saved verdicts of the run's case studies as a linked table, or a note when none ran."""
    from IPython.display import Markdown

    verdicts = load_verdicts(params)
    if verdicts is None or verdicts.empty:
        return Markdown(text("no_case_study", lang))
    return style_table(
        verdict_links_table(verdicts, lang=lang), lang=lang, html_columns=["case_study"]
    )
