"""Charts and plain-language readings of an integration run, for notebook 01 and the summary."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from journey_utils.i18n import check_lang, column_zh, reason_words
from journey_utils.integration.contracts import RULES
from journey_utils.integration.messages import MESSAGES
from journey_utils.integration.processed import IntegrationResult
from journey_utils.params.targets import DEFAULT_TARGETS, Target
from journey_utils.plotting import PALETTE, count_axis, format_count, format_pct, pct_axis
from journey_utils.vocabulary import humanise


def source_label(source: str, lang: str = "en") -> str:
    """A source as a chart shows it: 'digital_events' -> 'Digital events' / '数字渠道行为'."""
    key = f"source.{source}"
    if key not in MESSAGES:  # a source without a name: in words in English, its code in Chinese
        return humanise(source) if check_lang(lang) == "en" else source
    name = MESSAGES(key, lang)
    return name[:1].upper() + name[1:]  # a label starts with a capital (Chinese has none)


def _column_labels(table: pd.DataFrame, lang: str) -> pd.Series:
    """Each row's source and column as a chart labels them: 'surveys.ts' in English (as the
    data names them), '满意度调查 · 时间' in Chinese."""
    if check_lang(lang) == "zh":
        sources = table["source"].map(lambda s: source_label(s, lang))
        return sources + " · " + table["column"].map(lambda c: column_zh(c) or c)
    return table["source"] + "." + table["column"]


def _source_name(source: str, lang: str) -> str:
    """A source as a reading names it: its name in words (the catalog's, in either language)."""
    key = f"source.{source}"
    if key in MESSAGES:
        return MESSAGES(key, lang)
    check_lang(lang)
    return source


def intake_table(result: IntegrationResult) -> pd.DataFrame:
    """One row per source: rows received, accepted and quarantined, and whether they reconcile;
    what `plot_intake` draws and `intake_reading` reads."""
    return result.summary_frame()


def quarantine_reasons_table(result: IntegrationResult) -> pd.DataFrame:
    """Quarantined rows per source and reason; what `plot_quarantine_reasons` draws."""
    return result.reasons_frame()


def date_ranges_table(result: IntegrationResult) -> pd.DataFrame:
    """Per source: its main date column and its first and last value among accepted rows; what
    `plot_date_ranges` draws. A year column (fiscal years) gives years (`pd.Period`), so a
    report shows 2020, not the first of January."""
    table = result.date_ranges_frame()
    years = [
        (rule := RULES.get(source, {}).get(column)) is not None and rule.kind == "int"
        for source, column in zip(table["source"], table["column"], strict=True)
    ]
    if not any(years):
        return table
    for col in ("min", "max"):
        table[col] = [
            pd.Period(value, "Y") if year and pd.notna(value) else value
            for value, year in zip(table[col], years, strict=True)
        ]
    return table


def _moment(value: object, end: bool = False) -> pd.Timestamp:
    """A range's bound as a timestamp: a year from its first day, or to its last."""
    if isinstance(value, pd.Period):
        return value.end_time.normalize() if end else value.start_time
    return pd.Timestamp(value)  # type: ignore[arg-type]


INTAKE_COLOURS: dict[str, str] = {"green": PALETTE[0], "amber": PALETTE[3], "red": PALETTE[1]}
"""Bar fill per status of a source's quarantine share: navy (neutral) within the target, amber
above it, red only beyond the alarm, where the figures rest on a data problem."""

OK_TEXT = "#1f6e45"
"""Dark green for "nothing to show" notes: the palette's green reads at 4.3:1 on white, this at
6.2:1 (text needs 4.5:1)."""


def plot_intake(
    table: pd.DataFrame,
    lang: str = "en",
    target: Target = DEFAULT_TARGETS["quarantine_share"],
) -> Figure:
    """Share of each source's rows that went to quarantine, labelled "quarantined of received";
    draws `intake_table`. Bars are neutral within `target` (the summary tile's quarantine
    target), amber above it and red beyond its alarm; the legend says so."""
    data = table.assign(share=table["quarantined"] / table["rows_in"].clip(lower=1)).sort_values(
        "share"
    )
    fig, ax = plt.subplots(figsize=(8.0, 0.42 * len(data) + 1.6), layout="constrained")
    labels = data["source"].map(lambda s: source_label(s, lang))
    colours = [INTAKE_COLOURS.get(target.status(float(s)), PALETTE[0]) for s in data["share"]]
    ax.barh(labels, data["share"], color=colours)
    pct_axis(ax, "x", decimals=1)
    top = float(data["share"].max()) if len(data) else 0.0
    ax.set_xlim(0, max(top * 1.6, 0.001))
    for y, (_, row) in enumerate(data.iterrows()):
        note = MESSAGES(
            "rows_of", lang, q=format_count(row["quarantined"]), n=format_count(row["rows_in"])
        )
        ax.text(row["share"], y, note, va="center", fontsize=9, color=PALETTE[4])
    levels = {"target": format_pct(target.target, 1), "alarm": format_pct(target.alarm, 1)}
    handles = [Patch(color=INTAKE_COLOURS[status]) for status in ("green", "amber", "red")]
    words = [
        MESSAGES("intake_within", lang, **levels),
        MESSAGES("intake_above_target", lang, **levels),
        MESSAGES("intake_above_alarm", lang, **levels),
    ]
    fig.legend(handles, words, loc="outside lower center", ncol=3, frameon=False, fontsize=9)
    ax.set_xlabel(MESSAGES("intake_x", lang))
    ax.set_title(MESSAGES("intake_title", lang))
    return fig


def plot_quarantine_reasons(table: pd.DataFrame, top: int = 15, lang: str = "en") -> Figure:
    """The most frequent reasons rows were quarantined, labelled with their source (the reasons
    in the contract's words, in Chinese by `i18n.reason_words`); draws
    `quarantine_reasons_table`."""
    if table.empty:
        fig, ax = plt.subplots(figsize=(8.0, 1.6))
        ax.text(0.5, 0.5, MESSAGES("none_quarantined", lang), ha="center", va="center")
        ax.set_axis_off()
        return fig
    data = table.nlargest(top, "rows").iloc[::-1]
    fig, ax = plt.subplots(figsize=(8.0, 0.4 * len(data) + 1.2))
    sources = data["source"].map(lambda s: source_label(s, lang))
    reasons = data["reason"].map(lambda r: reason_words(r, lang) or r)
    ax.barh(sources + " · " + reasons.str.slice(0, 60), data["rows"], color=PALETTE[1])
    count_axis(ax, "x")
    ax.set_xlabel(MESSAGES("reasons_x", lang))
    shown = (
        MESSAGES("top_of", lang, n=len(data), total=len(table)) if len(table) > len(data) else ""
    )
    ax.set_title(MESSAGES("reasons_title", lang) + shown)
    return fig


def _bar_panel(
    ax, labels: pd.Series, shares: pd.Series, colour: str, title: str, lang: str = "en"
) -> None:
    """One horizontal bar panel of shares, labelled with their percentage."""
    ax.set_title(title, fontsize=11)
    if shares.empty:
        ax.text(0.5, 0.5, MESSAGES("none", lang), ha="center", va="center", color=OK_TEXT)
        ax.set_axis_off()
        return
    ax.barh(labels, shares, color=colour)
    pct_axis(ax, "x", decimals=2 if shares.max() < 0.01 else 1)  # tiny shares: distinct ticks
    for y, share in enumerate(shares):
        ax.text(share, y, " " + format_pct(share, 2), va="center", fontsize=9)
    ax.set_xlim(0, shares.max() * 1.35)


def plot_column_quality(table: pd.DataFrame, top: int = 12, lang: str = "en") -> Figure:
    """Where the data falls short: required columns with missing values, and columns with
    invalid values (worst first), from `column_quality_table`. Optional columns that are empty
    by design are not problems."""
    missing = table[table["required"] & (table["completeness"] < 1)].assign(
        share=lambda d: 1 - d["completeness"]
    )
    invalid = table[table["invalid"] > 0].assign(share=lambda d: 1 - d["validity"])
    missing = missing.nlargest(top, "share").iloc[::-1]
    invalid = invalid.nlargest(top, "share").iloc[::-1]
    rows = max(len(missing), len(invalid), 2)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 0.35 * rows + 1.4))
    for ax, data, colour, title in (
        (left, missing, PALETTE[3], MESSAGES("missing_title", lang)),
        (right, invalid, PALETTE[1], MESSAGES("invalid_title", lang)),
    ):
        labels = _column_labels(data, lang)
        _bar_panel(ax, labels, data["share"], colour, title, lang)
    fig.tight_layout()
    return fig


def plot_date_ranges(table: pd.DataFrame, as_of: object | None = None, lang: str = "en") -> Figure:
    """When each source's records start and end (`date_ranges_table`): gaps and late extracts
    show at a glance.

    Attributes that are not record dates (a firm's founding date) are left out of the chart.
    """
    data = table.dropna(subset=["min", "max"])
    data = data[data["column"] != "founded_on"].iloc[::-1]
    fig, ax = plt.subplots(figsize=(8.0, 0.4 * max(len(data), 1) + 1.2))
    start = pd.to_datetime(data["min"].map(_moment))
    end = pd.to_datetime(data["max"].map(lambda v: _moment(v, end=True)))
    ax.barh(_column_labels(data, lang), end - start, left=start, color=PALETTE[5])
    if as_of is not None:
        ax.axvline(pd.Timestamp(as_of), color=PALETTE[1], linestyle="--", linewidth=1)
        ax.text(
            pd.Timestamp(as_of),
            len(data) - 0.4,
            MESSAGES("as_of", lang),
            color=PALETTE[1],
            fontsize=9,
        )
    ax.set_title(MESSAGES("ranges_title", lang))
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


def intake_reading(summary: pd.DataFrame, lang: str = "en") -> str:
    """One paragraph for a manager: how much arrived, how much was usable, where it broke."""
    rows_in = int(summary["rows_in"].sum())
    quarantined = int(summary["quarantined"].sum())
    rates = summary["quarantined"] / summary["rows_in"].clip(lower=1)
    text = MESSAGES(
        "intake",
        lang,
        rows=format_count(rows_in),
        sources=len(summary),
        accepted=format_pct(1 - quarantined / max(rows_in, 1), 2),
        quarantined=format_count(quarantined),
    )
    if quarantined:
        worst = rates.idxmax()
        if rates[worst] > 1.5 * rates.median():
            source = _source_name(summary.at[worst, "source"], lang)
            text += MESSAGES("worst", lang, source=source, rate=format_pct(rates[worst], 2))
        else:
            low, high = format_pct(rates.min(), 2), format_pct(rates.max(), 2)
            text += MESSAGES("similar", lang, low=low, high=high)
    reconciles = bool(summary["reconciles"].all())
    return text + MESSAGES("reconciles" if reconciles else "unreconciled", lang)


def reading_notes_table(notes: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """What reading decided or cleaned, one row per source and column, in words: nothing here
    changed a value's meaning, and every such step is named rather than done silently."""
    lang = check_lang(lang)
    rows = []
    for _, n in notes.iterrows():
        note, detail = str(n["note"]), n["detail"]
        if note == "epoch_unit" and f"epoch_unit.{detail}" in MESSAGES:
            detail = MESSAGES(f"epoch_unit.{detail}", lang)
        elif note == "invisible_removed":
            detail = format_count(int(detail))
        key = f"note.{note}"
        rows.append(
            {
                "source": source_label(str(n["source"]), lang),
                "column": n["column"],
                "what_was_done": MESSAGES(key, lang, detail=detail) if key in MESSAGES else note,
            }
        )
    return pd.DataFrame(rows, columns=["source", "column", "what_was_done"])


def notes_reading(notes: pd.DataFrame, lang: str = "en") -> str:
    """One sentence before the notes table: how many such steps, or that there were none."""
    if notes.empty:
        return MESSAGES("no_notes", lang)
    return MESSAGES("notes", lang, n=len(notes))


def integrity_reading(integrity: pd.DataFrame, lang: str = "en") -> str:
    """One sentence on orphans: records that point to a client or application we do not have."""
    orphans = int(integrity["orphans"].sum()) if "orphans" in integrity else 0
    if orphans == 0:
        return MESSAGES("no_orphans", lang)
    worst = integrity.sort_values("orphans", ascending=False).iloc[0]
    return MESSAGES(
        "orphans",
        lang,
        orphans=format_count(orphans),
        source=_source_name(worst["source"], lang),
        worst=format_count(worst["orphans"]),
    )


def privacy_statement(result: IntegrationResult, lang: str = "en") -> str:
    """How identifiers were protected in this run, stated plainly (the demo key is flagged)."""
    key = "demo_key" if result.uses_demo_key else "secret_key"
    return MESSAGES("privacy", lang) + MESSAGES(key, lang)
