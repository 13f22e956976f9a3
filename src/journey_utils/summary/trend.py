"""The summary's trend: four headline figures month by month over the last 12 complete months
of the data's own dates (not run history), with the change against the previous month and the
same month a year earlier, drawn as small inline SVG lines (offline, with a text description)."""

from __future__ import annotations

import html
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from journey_utils.catalog import NPL_CLASSES
from journey_utils.duckdb_sql import path_literal
from journey_utils.params.run import RunParams
from journey_utils.plotting import format_count, format_pct
from journey_utils.summary.messages import MESSAGES

MONTHS = 12
"""Months shown; one more month is read for the change against the same month last year."""
TREND_FIGURES: tuple[str, ...] = ("applications", "disbursed", "npl_share", "csat")
"""The figures with a monthly trend; NPL ratio uses the page's one definition (loans on the
book at the month-end, balance above zero, classified substandard or worse, by count)."""
SPARK_SIZE = (132, 30)


def last_complete_month(as_of: date) -> pd.Timestamp:
    """The month-end of the last month the data covers fully: the as-of month when as-of is its
    last day, else the month before."""
    moment = pd.Timestamp(as_of)
    end = moment + pd.offsets.MonthEnd(0)
    return end if moment.normalize() == end.normalize() else moment - pd.offsets.MonthEnd(1)


def monthly_figures(params: RunParams, months: int = MONTHS) -> pd.DataFrame:
    """figure, month (month-end), value for the last `months` + 1 complete months (the first is
    the latest month's year-earlier value): applications opened, loans disbursed, NPL ratio at
    the month-end and mean CSAT of the month's surveys, read by DuckDB from the processed
    Parquet. Months before a figure's data begins are missing, never zero."""
    p = params.processed_dir
    end = last_complete_month(params.as_of)
    start = (end - pd.offsets.MonthEnd(months + 1)) + pd.Timedelta(days=1)
    window = f"between timestamp '{start:%Y-%m-%d}' and timestamp '{end:%Y-%m-%d} 23:59:59'"
    month = "last_day(cast({} as date))"
    apps = f"read_parquet({path_literal(p / 'applications.parquet')})"
    perf = f"read_parquet({path_literal(p / 'loan_performance.parquet')})"
    surveys = f"read_parquet({path_literal(p / 'surveys.parquet')})"
    npl = ", ".join(f"'{c}'" for c in NPL_CLASSES)
    sql = f"""
        select 'applications' as figure, {month.format("started_at")} as month,
               count(*)::double as value
        from {apps} where started_at {window} group by all
        union all
        select 'disbursed', {month.format("disbursed_at")}, count(*)::double
        from {apps} where outcome = 'disbursed' and disbursed_at {window} group by all
        union all
        select 'npl_share', {month.format("month")},
               avg(case when classification in ({npl}) then 1.0 else 0.0 end)
        from {perf} where balance > 0 and month {window} group by all
        union all
        select 'csat', {month.format("ts")}, avg(csat)
        from {surveys} where csat is not null and ts {window} group by all
    """
    con = duckdb.connect()
    try:
        found = con.execute(sql).df()
    finally:
        con.close()
    found["month"] = pd.to_datetime(found["month"])
    grid = pd.MultiIndex.from_product(
        [list(TREND_FIGURES), pd.date_range(start, end, freq="ME")], names=["figure", "month"]
    )
    table = found.set_index(["figure", "month"])["value"].reindex(grid).reset_index()
    begins = found.groupby("figure")["month"].min()
    began = table["month"] >= table["figure"].map(begins)
    count = table["figure"].isin(["applications", "disbursed"]) & began
    table.loc[count, "value"] = table.loc[count, "value"].fillna(0.0)
    return table


def _shown(figure: str, value: float, lang: str) -> str:
    if pd.isna(value):
        return "–"
    if figure == "npl_share":
        return format_pct(value)
    if figure == "csat":
        return f"{value:.2f}"
    return format_count(value)


def _change(figure: str, now: float, then: float, lang: str) -> str:
    """The change in the figure's own terms: pp for a ratio, points for CSAT, % for a count."""
    if pd.isna(now) or pd.isna(then):
        return "–"
    if figure == "npl_share":
        return MESSAGES("change_pp", lang, pp=f"{(now - then) * 100:+.1f}")
    if figure == "csat":
        return MESSAGES("trend_points", lang, points=f"{now - then:+.2f}")
    if then == 0:
        return "–"
    return f"{(now / then - 1) * 100:+.1f}%"


def sparkline_svg(values: np.ndarray, description: str) -> str:
    """A small line of the values (missing months leave a gap), the last point marked; an
    inline SVG with role img and the description as its accessible name."""
    width, height = SPARK_SIZE
    finite = values[np.isfinite(values)]
    label = html.escape(description)
    if finite.size == 0:
        return f'<svg role="img" aria-label="{label}" width="{width}" height="{height}"></svg>'
    low, high = float(finite.min()), float(finite.max())
    span = high - low or 1.0
    xs = np.linspace(3, width - 3, len(values))
    ys = height - 3 - (values - low) / span * (height - 6)
    parts, run = [], []
    for x, y in zip(xs, ys, strict=True):
        if np.isfinite(y):
            run.append(f"{x:.1f},{y:.1f}")
        elif run:
            parts.append(run)
            run = []
    if run:
        parts.append(run)
    lines = "".join(
        f'<polyline fill="none" stroke="#1f4e79" stroke-width="1.6" points="{" ".join(r)}"/>'
        for r in parts
    )
    last = np.flatnonzero(np.isfinite(ys))[-1]
    dot = f'<circle cx="{xs[last]:.1f}" cy="{ys[last]:.1f}" r="2.6" fill="#1f4e79"/>'
    return (
        f'<svg role="img" aria-label="{label}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{label}</title>{lines}{dot}</svg>'
    )


def trend_table(figures: pd.DataFrame, lang: str = "en", months: int = MONTHS) -> pd.DataFrame:
    """Per figure: its name, the last month's value, the change against the month before and
    against the same month a year earlier, and the 12-month line (HTML, for `html_columns`)."""
    rows = []
    for figure in TREND_FIGURES:
        series = figures[figures["figure"] == figure].sort_values("month")
        values = series["value"].to_numpy(float)
        if len(values) < months + 1:
            continue
        shown = values[-months:]
        now, before, year_ago = values[-1], values[-2], values[-months - 1]
        first, last = series["month"].iloc[-months], series["month"].iloc[-1]
        name = MESSAGES(f"kpi_label.{figure}", lang)
        description = MESSAGES(
            "trend_description", lang, figure=name, start=f"{first:%Y-%m}", end=f"{last:%Y-%m}",
            values=", ".join(_shown(figure, v, lang) for v in shown),
        )  # fmt: skip
        rows.append({
            "figure": name, "last_12_months": sparkline_svg(shown, description),
            "latest_month": f"{last:%Y-%m}", "value": _shown(figure, now, lang),
            "vs_previous_month": _change(figure, now, before, lang),
            "vs_year_earlier": _change(figure, now, year_ago, lang),
        })  # fmt: skip
    return pd.DataFrame(rows)


def trend_reading(figures: pd.DataFrame, lang: str = "en", months: int = MONTHS) -> str:
    """One sentence naming the months the trend covers and that they come from the data's own
    dates, so a reader does not take it for run-to-run change."""
    shown = figures["month"].drop_duplicates().sort_values().iloc[-months:]
    return MESSAGES(
        "trend_reading", lang, start=f"{shown.iloc[0]:%Y-%m}", end=f"{shown.iloc[-1]:%Y-%m}"
    )
