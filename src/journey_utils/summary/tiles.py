"""The summary's KPI tiles as a decision board: each figure with a target carries its
red/amber/green status against the params' `targets` (in words and colour, never colour alone),
the figures with a target first; the change since the previous run is a secondary line."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd

from journey_utils.params.targets import Target
from journey_utils.plotting import format_count, format_pct
from journey_utils.summary.history import change_badge, kpi_unit
from journey_utils.summary.kpis import Kpi, kpi_name
from journey_utils.summary.messages import MESSAGES

RAG_COLOURS: dict[str, tuple[str, str]] = {
    "green": ("#1e6b3f", "#2e8b57"),
    "amber": ("#7a4f00", "#e0a526"),
    "red": ("#a30d25", "#c8102e"),
}
"""Per status: text colour (at least 4.5:1 on the tile's background) and the bar colour."""
RAG_ORDER: dict[str, int] = {"red": 0, "amber": 1, "green": 2, "": 3}


def format_level(key: str, level: float, lang: str = "en") -> str:
    """A target or alarm level in the figure's own unit: 3.0%, 30 days, 4.0 / 5, 1,000."""
    unit = kpi_unit(key)
    if unit == "share":
        return format_pct(level)
    if unit == "days":
        return MESSAGES("kpi_value.median_days_to_decision", lang, days=f"{level:.0f}")
    if key == "csat":
        return f"{level:.1f} / 5"
    return format_count(level)


def kpi_status(kpi: Kpi, targets: Mapping[str, Target]) -> str:
    """green, amber or red against the figure's target; "" without a target or a value."""
    target = targets.get(kpi.key)
    return target.status(kpi.value) if target is not None else ""


def status_table(
    kpis: Sequence[Kpi], targets: Mapping[str, Target], lang: str = "en"
) -> pd.DataFrame:
    """The figures with a target: name, value, status (in words), target and alarm (as shown),
    worst first (the numbers behind the coloured tiles)."""
    rows = []
    for kpi in kpis:
        target = targets.get(kpi.key)
        if target is None:
            continue
        status = target.status(kpi.value)
        rows.append({
            "figure": kpi_name(kpi.key, kpi.label, lang), "value": kpi.text,
            "status": MESSAGES(f"rag.{status or 'none'}", lang),
            "target": format_level(kpi.key, target.target, lang),
            "alarm": format_level(kpi.key, target.alarm, lang), "_order": RAG_ORDER[status],
        })  # fmt: skip
    table = pd.DataFrame(rows, columns=["figure", "value", "status", "target", "alarm", "_order"])
    return table.sort_values("_order", kind="stable").drop(columns="_order")


def _status_line(kpi: Kpi, target: Target, status: str, lang: str) -> str:
    """The tile's status in words with its target: "● Off target · target ≤ 3.0%, alarm 5.0%"."""
    text_colour, _ = RAG_COLOURS.get(status, ("#4a4f55", "#6c757d"))
    words = MESSAGES(f"rag.{status or 'none'}", lang)
    level = MESSAGES(
        f"target_{target.better}",
        lang,
        target=format_level(kpi.key, target.target, lang),
        alarm=format_level(kpi.key, target.alarm, lang),
    )
    return (
        f'<div class="journey-rag journey-rag-{status or "none"}" style="font-size:12px;'
        f'font-weight:700;color:{text_colour};margin:2px 0 4px">● {html.escape(words)} '
        f'<span style="font-weight:400;color:#4a4f55">· {html.escape(level)}</span></div>'
    )


def decision_tiles_html(
    kpis: Sequence[Kpi],
    changes: pd.DataFrame,
    targets: Mapping[str, Target],
    lang: str = "en",
) -> str:
    """The KPI tiles: figures with a target first (worst status first), each with a coloured bar,
    its status in words and its target; every tile keeps its note and, last, the change since
    the previous run. Self-contained HTML (inline styles), every value escaped."""
    by_key = {row["key"]: row for _, row in changes.iterrows()}
    ordered = sorted(kpis, key=lambda k: (k.key not in targets, RAG_ORDER[kpi_status(k, targets)]))
    tiles = []
    for kpi in ordered:
        kpi = replace(kpi, label=kpi_name(kpi.key, kpi.label, lang))
        target = targets.get(kpi.key)
        status = kpi_status(kpi, targets)
        bar = RAG_COLOURS[status][1] if status else "#d9dee5"
        rag = f' data-rag="{status}"' if status else ""
        line = _status_line(kpi, target, status, lang) if target is not None else ""
        tiles.append(
            f'<div class="journey-tile"{rag} style="flex:1 1 170px;border:1px solid #d9dee5;'
            f"border-left:6px solid {bar};border-radius:8px;padding:12px 14px;"
            'background:#f7f9fc"><div style="font-size:12px;color:#4a4f55;'
            f'text-transform:uppercase;letter-spacing:.04em">{html.escape(kpi.label)}</div>'
            '<div style="font-size:24px;font-weight:700;color:#1f4e79;margin:4px 0">'
            f"{html.escape(kpi.text)}</div>{line}"
            f'<div style="font-size:12px;color:#4a4f55">{html.escape(kpi.note)}</div>'
            f"{change_badge(by_key.get(kpi.key), lang)}</div>"
        )
    return (
        '<div class="journey-tiles" style="display:flex;flex-wrap:wrap;gap:10px;'
        f'margin:8px 0 16px">{"".join(tiles)}</div>'
    )


def npl_definition(lang: str = "en") -> str:
    """The page's one NPL definition in words (every NPL figure on the summary uses it)."""
    return MESSAGES("npl_definition", lang)
