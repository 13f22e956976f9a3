"""The flow of cases through the journey: how many continue from each stage to the next and how
many leave there, by outcome, drawn as a static Sankey-style (alluvial) diagram."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from journey_utils.catalog import OUTCOMES, STAGES
from journey_utils.journey.funnel import reached_stages
from journey_utils.journey.messages import MESSAGES
from journey_utils.plotting import OUTCOME_COLOURS, PALETTE, format_count, new_figure
from journey_utils.vocabulary import outcome_label, stage_label

START = "start"
"""Source of the flows into the stage where each case begins."""

OUTCOME_TEXT_COLOURS: dict[str, str] = {
    "disbursed": "#1f6e45",
    "declined": PALETTE[1],
    "withdrawn": "#8a4b22",
    "abandoned": "#734f70",
    "in_progress": "#7a4f00",
    "ended": "#4a6b2f",
}
"""Each outcome's label colour: a darker shade of its band's fill, so the text reads at 4.5:1 or
more on white (the fills themselves, amber at 2.2:1, are too light for text)."""

_EXIT_ORDER = ("declined", "withdrawn", "abandoned", "ended", "in_progress", "disbursed")
"""Order in which the cases leaving a stage are stacked, top to bottom."""


def flow_table(log: pd.DataFrame) -> pd.DataFrame:
    """Cases flowing between stages and out to their outcome: one row per (from, to) with cases.

    Each case moves forward through the stages it reached, in journey order (going back for
    rework is not a flow here: see `transition_matrix`), enters from `start` at its first stage
    and leaves from its furthest stage to its outcome. Columns: from, to, kind (`start`, `stage`,
    `exit`), cases. Inflow into a stage equals the cases reaching it; outflow equals inflow."""
    _, reached, outcome = reached_stages(log)
    rows, stage = np.nonzero(reached)  # row-major: by case, then stage order
    k, m = len(STAGES), len(OUTCOMES)
    first = np.concatenate(([True], rows[1:] != rows[:-1]))
    last = np.concatenate((rows[1:] != rows[:-1], [True]))
    target = np.empty(len(stage), dtype=np.int64)
    target[:-1] = stage[1:]
    target[last] = k + outcome[rows[last]]
    width = k + m
    moves = np.bincount(stage * width + target, minlength=k * width).reshape(k, width)
    starts = np.bincount(stage[first], minlength=k)
    names = [*STAGES, *OUTCOMES]
    records = [(START, STAGES[j], "start", int(starts[j])) for j in range(k) if starts[j]]
    for i, j in zip(*np.nonzero(moves), strict=True):
        kind = "stage" if j < k else "exit"
        records.append((STAGES[i], names[j], kind, int(moves[i, j])))
    table = pd.DataFrame(records, columns=["from", "to", "kind", "cases"])
    return table


def _smooth_band(
    ax: Axes,
    x0: float,
    x1: float,
    top: tuple[float, float],
    bottom: tuple[float, float],
    colour: str,
    alpha: float,
) -> None:
    """A band from x0 to x1 whose top and bottom edges move smoothly (S-curve) between levels."""
    t = np.linspace(0.0, 1.0, 60)
    ease = 3 * t**2 - 2 * t**3
    x = x0 + (x1 - x0) * t
    upper = top[0] + (top[1] - top[0]) * ease
    lower = bottom[0] + (bottom[1] - bottom[0]) * ease
    ax.fill_between(x, lower, upper, color=colour, alpha=alpha, linewidth=0)


def _spread_labels(centres: list[float], min_gap: float) -> list[float]:
    """Label positions near their band centres (top to bottom) but at least min_gap apart."""
    placed: list[float] = []
    for y in centres:
        placed.append(min(y, placed[-1] - min_gap) if placed else y)
    return placed


def plot_flow(
    table: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "en",
    min_label_share: float = 0.0,
) -> Axes:
    """Sankey-style diagram of a `flow_table`: stage columns left to right, a band of the cases
    continuing to the next stage, and at each stage the cases leaving, peeling off to their
    outcome; `min_label_share` hides the labels of exits smaller than that share of all cases."""
    seen = set(table["to"].unique()) | set(table["from"].unique())
    stages = [s for s in STAGES if s in seen]
    position = {s: i for i, s in enumerate(stages)}
    inflow = table[table["to"].isin(stages)].groupby("to")["cases"].sum()
    total = float(table.loc[table["kind"] == "start", "cases"].sum())
    if ax is None:
        _, ax = new_figure(max(9.0, 1.9 * len(stages)), 5.4)
    node_w, gap = 0.10, 0.035
    # Stage nodes hang from the top line: height = cases reaching the stage / all cases.
    height = {s: inflow.get(s, 0) / total for s in stages}
    in_fill = {s: 1.0 for s in stages}  # next free level on each node's left side (from the top)
    lowest = 0.0
    for s in stages:
        x = position[s]
        ax.add_patch(
            Rectangle((x - node_w / 2, 1 - height[s]), node_w, height[s], color=PALETTE[0])
        )
        ax.text(
            x,
            1.03,
            f"{stage_label(s, lang)}\n{format_count(inflow.get(s, 0))}",
            ha="center",
            va="bottom",
            fontsize=9,
            fontweight="bold",
        )
    for s in stages:
        x = position[s]
        out = table[table["from"] == s]
        forward = out[out["kind"] == "stage"].sort_values("to", key=lambda c: c.map(position))
        level = 1.0
        for row in forward.itertuples():
            h = row.cases / total
            to = row.to
            start_in = in_fill[to]
            _smooth_band(
                ax,
                x + node_w / 2,
                position[to] - node_w / 2,
                (level, start_in),
                (level - h, start_in - h),
                PALETTE[0],
                0.22,
            )
            in_fill[to] = start_in - h
            if position[to] == x + 1:
                share = row.cases / max(inflow.get(s, 0), 1)
                ax.text(
                    x + 0.5,
                    level - h / 2,
                    f"{100 * share:.0f}%",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color=PALETTE[0],
                    fontweight="bold",
                )
            level -= h
        exits = out[out["kind"] == "exit"].copy()
        exits["rank"] = exits["to"].map({o: i for i, o in enumerate(_EXIT_ORDER)})
        exits = exits.sort_values("rank")
        exit_total = exits["cases"].sum() / total
        if exit_total <= 0:
            continue
        is_last = x == len(stages) - 1
        x_end = x + (0.55 if not is_last else 0.45)
        y_top = level - (gap if not is_last else 0)
        centres, texts, colours = [], [], []
        for row in exits.itertuples():
            h = row.cases / total
            colour = OUTCOME_COLOURS.get(row.to, PALETTE[4])
            _smooth_band(
                ax, x + node_w / 2, x_end, (level, y_top), (level - h, y_top - h), colour, 0.45
            )
            ax.add_patch(Rectangle((x_end, y_top - h), node_w * 0.6, h, color=colour))
            if row.cases / total >= min_label_share:
                centres.append(y_top - h / 2)
                texts.append(f"{outcome_label(row.to, lang)} {format_count(row.cases)}")
                colours.append(OUTCOME_TEXT_COLOURS.get(row.to, PALETTE[4]))
            level -= h
            y_top -= h + gap / 3
            lowest = min(lowest, y_top)
        for y, text, colour in zip(_spread_labels(centres, 0.045), texts, colours, strict=True):
            ax.text(
                x_end + node_w * 0.8,
                y,
                text,
                va="center",
                ha="left",
                fontsize=8.5,
                color=colour,
                fontweight="bold",
            )
    ax.set_xlim(-0.4, len(stages) - 0.2)
    ax.set_ylim(min(lowest, 0.0) - 0.05, 1.15)
    ax.axis("off")
    ax.set_title(MESSAGES("flow_title", lang), loc="left")
    return ax
