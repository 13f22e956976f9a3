"""Flow table: conservation of cases at every stage and a tiny log with known flows."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from journey_utils.catalog import OUTCOMES, STAGES
from journey_utils.journey.flow import OUTCOME_TEXT_COLOURS, flow_table, plot_flow
from journey_utils.journey.funnel import funnel_table
from journey_utils.vocabulary import stage_label


def test_flows_conserve_cases(small_scale) -> None:
    log = small_scale.log
    flows = flow_table(log)
    inflow = flows.groupby("to")["cases"].sum()
    outflow = flows.groupby("from")["cases"].sum()
    reached = funnel_table(log, min_cell_size=1).set_index("stage")["cases"]
    for stage in outflow.index.drop("start"):
        assert inflow[stage] == outflow[stage] == reached[stage]
    exits = flows[flows["kind"] == "exit"].groupby("to")["cases"].sum()
    direct = log.astype({"outcome": "str"}).groupby("outcome")["application_id"].nunique()
    pd.testing.assert_series_equal(exits.sort_index(), direct.sort_index(), check_names=False)


def test_tiny_flow() -> None:
    rows = [
        ("c1", "information", "disbursed"),
        ("c1", "application", "disbursed"),
        ("c1", "contract_disbursement", "disbursed"),
        ("c2", "information", "withdrawn"),
        ("c2", "application", "withdrawn"),
        ("c3", "application", "in_progress"),
    ]
    log = pd.DataFrame(rows, columns=["application_id", "stage", "outcome"])
    log["ts"] = pd.Timestamp("2024-01-01")
    flows = flow_table(log)
    got = {(r.source, r.to): r.cases for r in flows.rename(columns={"from": "source"}).itertuples()}
    assert got == {
        ("start", "information"): 2,
        ("start", "application"): 1,
        ("information", "application"): 2,
        ("application", "contract_disbursement"): 1,  # skips due diligence and approval
        ("application", "withdrawn"): 1,
        ("application", "in_progress"): 1,
        ("contract_disbursement", "disbursed"): 1,
    }
    ax = plot_flow(flows, lang="zh")
    bars = [patch for patch in ax.patches if isinstance(patch, Rectangle)]
    stages = [s for s in STAGES if s in set(flows["from"]) | set(flows["to"])]
    exits = flows[flows["kind"] == "exit"]
    assert len(bars) == len(stages) + len(exits)  # a node per stage, a bar per exit
    reached = flows[flows["to"].isin(stages)].groupby("to")["cases"].sum()
    total = flows.loc[flows["kind"] == "start", "cases"].sum()
    nodes = [bar.get_height() for bar in bars[: len(stages)]]
    assert nodes == pytest.approx((reached[stages] / total).tolist())
    ends = sorted(bar.get_height() for bar in bars[len(stages) :])
    assert ends == pytest.approx(sorted(exits["cases"] / total))
    names = [t.get_text().split("\n")[0] for t in ax.texts[: len(stages)]]
    assert names == [stage_label(s, "zh") for s in stages]


def test_plot_flow_labels_counts(small_scale) -> None:
    flows = flow_table(small_scale.log)
    ax = plot_flow(flows)
    texts = " ".join(t.get_text() for t in ax.texts)
    disbursed = flows.loc[flows["to"] == "disbursed", "cases"].sum()
    assert f"Disbursed {disbursed:,}" in texts


def _contrast_on_white(colour: object) -> float:
    """WCAG contrast ratio of a colour against white."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_outcome_labels_read_at_4_5_to_1_on_white(small_scale) -> None:
    """Every outcome's label (amber "still open" too) is dark enough to read; the fills keep
    their palette colours."""
    assert set(OUTCOME_TEXT_COLOURS) == set(OUTCOMES)
    for outcome, colour in OUTCOME_TEXT_COLOURS.items():
        assert _contrast_on_white(colour) >= 4.5, outcome
    ax = plot_flow(flow_table(small_scale.log))
    shown = [t for t in ax.figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert any("Still open" in t.get_text() for t in shown)
    for text in shown:
        ratio = _contrast_on_white(text.get_color())
        assert ratio >= 4.5, (text.get_text(), text.get_color(), round(ratio, 2))
    plt.close(ax.figure)
