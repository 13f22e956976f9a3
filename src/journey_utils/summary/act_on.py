"""The summary's "Act on" box: the findings of the run that need an owner, one line each with
its figure, volume and who acts, ranked by a fixed rule (headline figures off target, then credit
losses, revenue, the book's monitoring, the journey, and proven interventions to roll out)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from journey_utils.case_study.report import load_verdicts
from journey_utils.params.run import RunParams
from journey_utils.params.targets import Target
from journey_utils.plotting import format_count, format_pct
from journey_utils.risk.findings import load_risk_findings
from journey_utils.summary.kpis import Kpi, kpi_name
from journey_utils.summary.messages import MESSAGES
from journey_utils.summary.tiles import format_level, kpi_status

AREAS: tuple[str, ...] = ("targets", "credit", "pricing", "monitoring", "journey", "roll_out")
"""The ranking: an item's area decides its place, the order a head of lending would take them
(figures off target first, then credit losses, revenue at risk, the book's monitoring, the
journey's largest leak, and interventions proven to work)."""
SHOWN_NAMES = 2
"""Groups named in one line before "and N more"."""


@dataclass(frozen=True)
class Action:
    """One finding that needs an owner: its area (ranks it), the owner and the sentence."""

    area: str
    owner: str
    text: str


def _names(names: Sequence[str], lang: str) -> str:
    """The first groups by name and how many more."""
    shown = MESSAGES("list_sep", lang).join(names[:SHOWN_NAMES])
    rest = len(names) - SHOWN_NAMES
    return shown + (MESSAGES("and_more", lang, n=rest) if rest > 0 else "")


def _action(area: str, lang: str, **fields: str) -> Action:
    return Action(
        area, MESSAGES(f"act_owner.{area}", lang), MESSAGES(f"act.{area}", lang, **fields)
    )


def off_target(kpis: Sequence[Kpi], targets: Mapping[str, Target], lang: str) -> list[Action]:
    """The headline figures beyond their alarm level (red), with their targets."""
    red = [k for k in kpis if kpi_status(k, targets) == "red"]
    if not red:
        return []
    items = [
        MESSAGES("act_figure", lang, figure=kpi_name(k.key, k.label, lang), value=k.text,
                 target=format_level(k.key, targets[k.key].target, lang))
        for k in red
    ]  # fmt: skip
    return [_action("targets", lang, items=MESSAGES("list_sep", lang).join(items))]


def credit_watch(watchlist: pd.DataFrame | None, lang: str) -> list[Action]:
    """Segments whose NPL ratio is credibly above the book's (interval wholly above it)."""
    if watchlist is None or watchlist.empty or "above_portfolio" not in watchlist.columns:
        return []
    above = watchlist[watchlist["above_portfolio"].fillna(False).astype(bool)]
    if above.empty:
        return []
    by = watchlist.attrs.get("by", watchlist.columns[0])
    names = [
        MESSAGES("act_group_rate", lang, group=str(r[by]), rate=format_pct(r["npl_rate"]),
                 n=format_count(r["n"]))
        for _, r in above.iterrows()
    ]  # fmt: skip
    return [
        _action("credit", lang, n=str(len(above)), book=format_pct(watchlist.attrs.get(
            "portfolio_rate", float("nan"))), groups=_names(names, lang))
    ]  # fmt: skip


def pricing_gaps(findings: pd.DataFrame | None, lang: str) -> list[Action]:
    """Segments priced below their risk (the risk report's saved findings), worst first."""
    if findings is None:
        return []
    under = findings[findings["kind"] == "underpriced"].sort_values("value")
    if under.empty:
        return []
    names = [
        MESSAGES("act_group_gap", lang, group=r["subject"], gap=f"{r['value']:+.0f}",
                 n=format_count(r["volume"]))
        for _, r in under.iterrows()
    ]  # fmt: skip
    return [_action("pricing", lang, n=str(len(under)), groups=_names(names, lang))]


def downgrades(findings: pd.DataFrame | None, lang: str) -> list[Action]:
    """Clients downgraded at the latest rating review (the risk report's saved count)."""
    if findings is None:
        return []
    rows = findings[(findings["kind"] == "downgrades") & (findings["value"] > 0)]
    if rows.empty:
        return []
    row = rows.iloc[0]
    return [
        _action("monitoring", lang, n=format_count(row["value"]),
                compared=format_count(row["volume"]), date=str(row["detail"]))
    ]  # fmt: skip


def journey_leak(dropoff: tuple[str, int, float] | None, lang: str) -> list[Action]:
    """The stage where most cases that end without a loan stop: (stage name, cases, share)."""
    if dropoff is None:
        return []
    stage, cases, share = dropoff
    return [
        _action("journey", lang, stage=stage.lower(), n=format_count(cases),
                share=format_pct(share))
    ]  # fmt: skip


def proven(verdicts: pd.DataFrame | None, lang: str) -> list[Action]:
    """Case-study outcomes whose effect is established (never one whose pre-trend check
    failed: those are `uncertain`)."""
    if verdicts is None or verdicts.empty or "kind" not in verdicts.columns:
        return []
    found = verdicts[verdicts["kind"] == "found"]
    return [
        _action("roll_out", lang, study=str(r["title"]), outcome=str(r["outcome"]),
                estimate=f"{r['estimate']:+.2f}", unit=str(r["unit"]),
                low=f"{r['ci_low']:+.2f}", high=f"{r['ci_high']:+.2f}")
        for _, r in found.iterrows()
    ]  # fmt: skip


def act_on_items(
    *,
    kpis: Sequence[Kpi],
    targets: Mapping[str, Target],
    watchlist: pd.DataFrame | None = None,
    risk_findings: pd.DataFrame | None = None,
    dropoff: tuple[str, int, float] | None = None,
    verdicts: pd.DataFrame | None = None,
    lang: str = "en",
) -> list[Action]:
    """Every finding that needs an owner, ranked by area (`AREAS`); a source that did not run
    (None) adds nothing."""
    items = [
        *off_target(kpis, targets, lang),
        *credit_watch(watchlist, lang),
        *pricing_gaps(risk_findings, lang),
        *downgrades(risk_findings, lang),
        *journey_leak(dropoff, lang),
        *proven(verdicts, lang),
    ]
    return sorted(items, key=lambda a: AREAS.index(a.area))


def act_on_missing(
    params: RunParams, watchlist: pd.DataFrame | None, lang: str = "en"
) -> list[str]:
    """What the box could not check because its report has not run on this data set (named in
    `lang`): never silent about a finding it could not look for."""
    missing = []
    if watchlist is None:
        missing.append("watchlist")
    if load_risk_findings(params) is None:
        missing.append("risk")
    if params.case_studies and load_verdicts(params) is None:
        missing.append("case_study")
    return [MESSAGES(f"act_on_source.{m}", lang) for m in missing]


def act_on_html(items: Sequence[Action], missing: Sequence[str] = (), lang: str = "en") -> str:
    """The box: a numbered list "owner: finding" (escaped), and which sources did not run."""
    title = html.escape(MESSAGES("act_on_title", lang))
    if items:
        lines = "".join(
            f'<li style="margin:4px 0"><strong>{html.escape(a.owner)}</strong> · '
            f"{html.escape(a.text)}</li>"
            for a in items
        )
        body = f'<ol style="margin:6px 0 0 1.2rem;padding:0">{lines}</ol>'
    else:
        body = f"<p>{html.escape(MESSAGES('act_on_none', lang))}</p>"
    note = (
        f'<p style="font-size:12px;color:#4a4f55;margin:6px 0 0">'
        f"{html.escape(MESSAGES('act_on_missing', lang, sources=', '.join(missing)))}</p>"
        if missing
        else ""
    )
    return (
        '<section class="journey-act-on" style="border:2px solid #1f4e79;border-radius:8px;'
        'padding:10px 16px;margin:8px 0 18px;background:#fff">'
        f'<h3 style="margin:0 0 4px;color:#1f4e79">{title}</h3>{body}{note}</section>'
    )
