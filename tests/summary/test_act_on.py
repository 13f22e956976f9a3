"""The "Act on" box: the findings that need an owner, ranked, never an effect whose pre-trend
check failed, and naming what it could not check."""

from __future__ import annotations

import pandas as pd
from bs4 import BeautifulSoup

from journey_utils.params.targets import DEFAULT_TARGETS
from journey_utils.summary.act_on import AREAS, act_on_html, act_on_items
from journey_utils.summary.kpis import Kpi


def _watchlist() -> pd.DataFrame:
    table = pd.DataFrame({
        "segment_name": ["Textiles", "Builders", "Traders", "Small"],
        "n": [336, 563, 825, float("nan")], "npl_rate": [0.19, 0.13, 0.04, float("nan")],
        "above_portfolio": [True, True, False, float("nan")],
    })  # fmt: skip
    table.attrs.update({"by": "segment_name", "portfolio_rate": 0.056})
    return table


FINDINGS = pd.DataFrame({
    "kind": ["underpriced", "underpriced", "downgrades"],
    "subject": ["Builders", "Textiles", ""], "value": [-366.0, -469.0, 4391.0],
    "volume": [839.0, 759.0, 19987.0], "detail": ["", "", "2025-12-31"],
})  # fmt: skip
VERDICTS = pd.DataFrame({
    "title": ["Form", "Form"], "outcome": ["CSAT at application", "Completion"],
    "kind": ["found", "uncertain"], "estimate": [0.34, 9.1], "ci_low": [0.25, 6.5],
    "ci_high": [0.44, 11.7], "unit": ["points", "pp"],
})  # fmt: skip


def _items(lang: str = "en") -> list:
    kpis = [Kpi("npl_share", "NPL ratio", 0.056, "5.6%"), Kpi("csat", "CSAT", 4.2, "4.20 / 5")]
    return act_on_items(kpis=kpis, targets=DEFAULT_TARGETS, watchlist=_watchlist(),
                        risk_findings=FINDINGS, dropoff=("Approval", 7394, 0.39),
                        verdicts=VERDICTS, lang=lang)  # fmt: skip


def test_every_kind_of_finding_in_the_ranked_order() -> None:
    items = _items()
    assert [a.area for a in items] == list(AREAS)
    by_area = {a.area: a.text for a in items}
    assert "NPL ratio 5.6% (target 3.0%)" in by_area["targets"] and "CSAT" not in by_area["targets"]
    assert by_area["credit"].startswith("2 segment(s)") and "Textiles 19.0% (336 loans)" in (
        by_area["credit"]) and "Traders" not in by_area["credit"]  # fmt: skip
    assert by_area["pricing"].index("Textiles -469 bp") < by_area["pricing"].index("Builders")
    assert "4,391 of 19,987 clients" in by_area["monitoring"] and "2025-12-31" in (
        by_area["monitoring"])  # fmt: skip
    assert "stop at approval: 7,394 cases (39.0%" in by_area["journey"]


def test_an_effect_whose_pre_trends_failed_is_never_to_roll_out() -> None:
    roll_outs = [a.text for a in _items() if a.area == "roll_out"]
    assert len(roll_outs) == 1 and "CSAT at application +0.34 points" in roll_outs[0]
    assert not any("Completion" in t for t in roll_outs)


def test_nothing_to_act_on_and_what_was_not_checked() -> None:
    items = act_on_items(kpis=[Kpi("npl_share", "NPL ratio", 0.01, "1.0%")],
                         targets=DEFAULT_TARGETS)  # fmt: skip
    assert items == []
    soup = BeautifulSoup(act_on_html(items, ["pricing and downgrades"]), "html.parser")
    box = soup.select_one(".journey-act-on")
    assert "Nothing needs an owner" in box.get_text()
    assert "Not checked, because its report has not run on this data: pricing and downgrades" in (
        box.get_text())  # fmt: skip


def test_box_lists_each_item_escaped_and_in_chinese() -> None:
    findings = FINDINGS.assign(subject=["<b>Builders</b>", "Textiles", ""])
    kpis = [Kpi("npl_share", "NPL ratio", 0.056, "5.6%")]
    items = act_on_items(kpis=kpis, targets=DEFAULT_TARGETS, risk_findings=findings, lang="zh")
    html = act_on_html(items, lang="zh")
    assert "<b>Builders" not in html and "&lt;b&gt;Builders" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".journey-act-on h3").get_text() == "需要行动"
    assert len(soup.select(".journey-act-on li")) == 3
    assert "定价" in soup.get_text() and "目标 3.0%" in soup.get_text()
