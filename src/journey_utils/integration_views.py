"""Charts and plain-language readings of an integration run, for notebook 01 and the summary."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from journey_utils.integration import IntegrationResult
from journey_utils.plotting import PALETTE, count_axis, format_count, format_pct, humanise, pct_axis


def plot_intake(summary: pd.DataFrame) -> Figure:
    """Share of each source's rows that went to quarantine, labelled "quarantined of received"."""
    data = summary.assign(
        share=summary["quarantined"] / summary["rows_in"].clip(lower=1)
    ).sort_values("share")
    fig, ax = plt.subplots(figsize=(8.0, 0.42 * len(data) + 1.3))
    labels = data["source"].map(humanise)
    ax.barh(labels, data["share"], color=PALETTE[1])
    pct_axis(ax, "x", decimals=1)
    top = float(data["share"].max()) if len(data) else 0.0
    ax.set_xlim(0, max(top * 1.6, 0.001))
    for y, (_, row) in enumerate(data.iterrows()):
        ax.text(
            row["share"],
            y,
            f"  {format_count(row['quarantined'])} of {format_count(row['rows_in'])} rows",
            va="center",
            fontsize=9,
            color=PALETTE[4],
        )
    ax.set_xlabel("share of received rows quarantined")
    ax.set_title("Rows quarantined per source")
    return fig


def plot_quarantine_reasons(reasons: pd.DataFrame, top: int = 15) -> Figure:
    """The most frequent reasons rows were quarantined, labelled with their source."""
    if reasons.empty:
        fig, ax = plt.subplots(figsize=(8.0, 1.6))
        ax.text(0.5, 0.5, "No row was quarantined", ha="center", va="center")
        ax.set_axis_off()
        return fig
    data = reasons.nlargest(top, "rows").iloc[::-1]
    fig, ax = plt.subplots(figsize=(8.0, 0.4 * len(data) + 1.2))
    labels = data["source"].map(humanise) + " · " + data["reason"].str.slice(0, 60)
    ax.barh(labels, data["rows"], color=PALETTE[1])
    count_axis(ax, "x")
    ax.set_xlabel("rows quarantined")
    shown = f" (top {len(data)} of {len(reasons)})" if len(reasons) > len(data) else ""
    ax.set_title("Why rows were quarantined" + shown)
    return fig


def _bar_panel(ax, labels: pd.Series, shares: pd.Series, colour: str, title: str) -> None:
    """One horizontal bar panel of shares, labelled with their percentage."""
    ax.set_title(title, fontsize=11)
    if shares.empty:
        ax.text(0.5, 0.5, "none", ha="center", va="center", color=PALETTE[2])
        ax.set_axis_off()
        return
    ax.barh(labels, shares, color=colour)
    pct_axis(ax, "x", decimals=1)
    for y, share in enumerate(shares):
        ax.text(share, y, " " + format_pct(share, 2), va="center", fontsize=9)
    ax.set_xlim(0, shares.max() * 1.35)


def plot_column_quality(quality: pd.DataFrame, top: int = 12) -> Figure:
    """Where the data falls short: required columns with missing values, and columns with
    invalid values (worst first). Optional columns that are empty by design are not problems."""
    missing = quality[quality["required"] & (quality["completeness"] < 1)].assign(
        share=lambda d: 1 - d["completeness"]
    )
    invalid = quality[quality["invalid"] > 0].assign(share=lambda d: 1 - d["validity"])
    missing = missing.nlargest(top, "share").iloc[::-1]
    invalid = invalid.nlargest(top, "share").iloc[::-1]
    rows = max(len(missing), len(invalid), 2)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 0.35 * rows + 1.4))
    _bar_panel(
        left,
        missing["source"] + "." + missing["column"],
        missing["share"],
        PALETTE[3],
        "Required columns: share missing",
    )
    _bar_panel(
        right,
        invalid["source"] + "." + invalid["column"],
        invalid["share"],
        PALETTE[1],
        "Share of values breaking the contract",
    )
    fig.tight_layout()
    return fig


def plot_date_ranges(ranges: pd.DataFrame, as_of: object | None = None) -> Figure:
    """When each source's records start and end: gaps and late extracts show at a glance.

    Attributes that are not record dates (a firm's founding date) are left out of the chart.
    """
    data = ranges.dropna(subset=["min", "max"])
    data = data[data["column"] != "founded_on"].iloc[::-1]
    fig, ax = plt.subplots(figsize=(8.0, 0.4 * max(len(data), 1) + 1.2))
    start = pd.to_datetime(data["min"])
    end = pd.to_datetime(data["max"])
    ax.barh(data["source"] + "." + data["column"], end - start, left=start, color=PALETTE[5])
    if as_of is not None:
        ax.axvline(pd.Timestamp(as_of), color=PALETTE[1], linestyle="--", linewidth=1)
        ax.text(pd.Timestamp(as_of), len(data) - 0.4, " as of", color=PALETTE[1], fontsize=9)
    ax.set_title("Date range of each source")
    fig.autofmt_xdate()
    return fig


def quality_by_source(quality: pd.DataFrame) -> pd.DataFrame:
    """Per source: columns, required columns with gaps, columns with invalid values, worst
    validity — the compact table under the chart."""
    grouped = quality.groupby("source", sort=False)
    return pd.DataFrame(
        {
            "columns": grouped.size(),
            "required_with_gaps": grouped.apply(
                lambda g: int((g["required"] & (g["completeness"] < 1)).sum())
            ),
            "columns_with_invalid_values": grouped.apply(lambda g: int((g["invalid"] > 0).sum())),
            "worst_validity": grouped["validity"].min(),
        }
    ).reset_index()


def intake_reading(summary: pd.DataFrame) -> str:
    """One paragraph for a manager: how much arrived, how much was usable, where it broke."""
    rows_in = int(summary["rows_in"].sum())
    quarantined = int(summary["quarantined"].sum())
    reconciles = bool(summary["reconciles"].all())
    worst = summary.assign(rate=summary["quarantined"] / summary["rows_in"].clip(lower=1))
    worst = worst.sort_values("rate", ascending=False).iloc[0]
    text = (
        f"We received **{format_count(rows_in)} rows** across {len(summary)} sources and accepted "
        f"**{format_pct(1 - quarantined / max(rows_in, 1), 2)}** of them; "
        f"{format_count(quarantined)} rows were set aside in quarantine with a reason. "
    )
    if quarantined:
        rates = summary["quarantined"] / summary["rows_in"].clip(lower=1)
        if worst["rate"] > 1.5 * rates.median():
            text += (
                f"The source with the most problems is **{worst['source']}** "
                f"({format_pct(worst['rate'], 2)} of its rows quarantined). "
            )
        else:
            text += (
                f"Quarantine rates are similar across sources "
                f"({format_pct(rates.min(), 2)} to {format_pct(rates.max(), 2)}). "
            )
    text += (
        "Every row is accounted for: rows in = accepted + quarantined for every source."
        if reconciles
        else "**Warning: the counts do not reconcile for at least one source.**"
    )
    return text


def integrity_reading(integrity: pd.DataFrame) -> str:
    """One sentence on orphans: records that point to a client or application we do not have."""
    orphans = int(integrity["orphans"].sum()) if "orphans" in integrity else 0
    if orphans == 0:
        return "Every record links to a known client or application: no orphans."
    worst = integrity.sort_values("orphans", ascending=False).iloc[0]
    return (
        f"{format_count(orphans)} records pointed to a client or application we do not hold and "
        f"were quarantined as orphans; most came from **{worst['source']}** "
        f"({format_count(worst['orphans'])})."
    )


def privacy_statement(result: IntegrationResult) -> str:
    """How identifiers were protected in this run, stated plainly (the demo key is flagged)."""
    text = (
        "**Privacy.** Company names, contact names, phone numbers, staff ids, unified social "
        "credit codes and client ids were replaced by keyed-hash pseudonyms at integration; "
        "free-text notes were removed. No report shows a raw identifier."
    )
    if result.uses_demo_key:
        return (
            text + " **This run used the fixed demo key** (synthetic data, `JOURNEY_PSEUDO_KEY` "
            "not set): its pseudonyms are not secret. Real data requires a secret key."
        )
    return text + " The key came from the environment (`JOURNEY_PSEUDO_KEY`) and is not stored."
