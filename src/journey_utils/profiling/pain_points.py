"""Groups with specific pain points (DESIGN §2, notebook 02): drop-out before a decision, a slow
first response and low satisfaction, per lifecycle stage, size band or industry, each rate with a
95% Wilson interval against the portfolio rate."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from journey_utils.disclosure import mask_small_groups
from journey_utils.plotting import PALETTE, format_pct, md_escape, new_figure, pct_axis
from journey_utils.profiling.messages import MESSAGES
from journey_utils.profiling.portfolio import (
    dimension_label,
    group_label,
    require,
    unmasked_rows,
    with_profile_columns,
)
from journey_utils.stats import wilson_interval

SLOW_RESPONSE_DAYS: float = 2.0
"""A first bank response later than this many days after submission counts as slow."""
DISSATISFIED_BELOW: float = 3.0
"""A client whose mean CSAT (1–5) is below this counts as dissatisfied."""
DROPOUT_OUTCOMES: tuple[str, ...] = ("withdrawn", "abandoned")
"""Outcomes of applications the client left before the bank decided."""

PAIN_POINTS: tuple[str, ...] = ("dropout_before_decision", "slow_first_response", "dissatisfied")
"""The pain points measured; each one's definition is the catalog's `pain_definition.<code>`."""


def pain_definition(pain_point: str, lang: str = "en") -> str:
    """What a pain point counts, with this module's thresholds filled in."""
    return MESSAGES(
        f"pain_definition.{pain_point}",
        lang,
        days=f"{SLOW_RESPONSE_DAYS:g}",
        csat=f"{DISSATISFIED_BELOW:g}",
    )


def pain_name(pain_point: str, lang: str = "en") -> str:
    """Short display name of a pain point; a code the catalog does not name stays as it is."""
    key = f"pain_name.{pain_point}"
    return MESSAGES(key, lang) if key in MESSAGES else pain_point


def pain_point_groups_table(
    client_360: pd.DataFrame,
    applications: pd.DataFrame | None = None,
    by: Sequence[str] = ("lifecycle_stage", "size_band", "industry"),
    *,
    min_cell_size: int,
    lang: str = "en",
) -> pd.DataFrame:
    """For each grouping in `by`, group and pain point (PAIN_POINTS): the distinct clients, the
    base (applications or surveyed clients), the number affected, the rate with a 95% Wilson
    interval, the portfolio rate, the lift (rate / portfolio rate), whether the whole interval
    lies above the portfolio rate (`above_portfolio`) and the definition (in `lang`). Ranked:
    clearly above first, then by lift; groups of fewer than `min_cell_size` clients are masked
    and ranked last. Application pain points need
    `applications` (client_id, outcome, first_response_hours); without it only dissatisfaction."""
    data = with_profile_columns(client_360, list(by))
    units = _pain_units(data, applications)
    row = pd.Index(data["client_id"]).get_indexer(units["client_id"])  # -1: client not in 360
    units["client"] = row
    parts = []
    for dimension in by:
        values = data[dimension].astype(object).to_numpy()
        units["group"] = np.where(row >= 0, values[row], None)
        units["group"] = units["group"].fillna("unknown")
        rows = units.groupby(["pain_point", "group"]).agg(
            base=("hit", "size"), affected=("hit", "sum"), clients=("client", "nunique")
        )
        rows = rows.reset_index()
        rows.insert(1, "group_by", dimension)
        parts.append(rows)
    table = pd.concat(parts, ignore_index=True)
    portfolio = units.groupby("pain_point")["hit"].mean()
    table["affected"] = table["affected"].astype("int64")
    table["rate"] = table["affected"] / table["base"]
    _, table["rate_low"], table["rate_high"] = wilson_interval(table["affected"], table["base"])
    table["portfolio_rate"] = table["pain_point"].map(portfolio)
    table["lift"] = table["rate"] / table["portfolio_rate"]
    table["above_portfolio"] = table["rate_low"] > table["portfolio_rate"]
    table["definition"] = table["pain_point"].map(
        {p: pain_definition(p, lang) for p in PAIN_POINTS}
    )
    table = table[["pain_point", "group_by", "group", "clients", *_REST]]
    small = table["clients"] < min_cell_size
    table = pd.concat(
        [
            table[~small].sort_values(["above_portfolio", "lift"], ascending=[False, False]),
            table[small],
        ]
    )  # groups whose whole interval lies above the portfolio rate first, then by lift
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table = mask_small_groups(table.reset_index(drop=True), "clients", min_cell_size=min_cell_size)
    table["rank"] = table["rank"].astype("Int64").where(~table["masked"], pd.NA)
    return table


_REST = [
    "base", "affected", "rate", "rate_low", "rate_high", "portfolio_rate", "lift",
    "above_portfolio", "definition",
]  # fmt: skip


def _pain_units(data: pd.DataFrame, applications: pd.DataFrame | None) -> pd.DataFrame:
    """One row per unit at risk of a pain point: client_id, pain_point, hit (True / False)."""
    require(data, ["client_id", "mean_csat"])
    surveyed = data.loc[data["mean_csat"].notna(), ["client_id", "mean_csat"]]
    parts = [
        pd.DataFrame(
            {
                "client_id": surveyed["client_id"],
                "pain_point": "dissatisfied",
                "hit": surveyed["mean_csat"] < DISSATISFIED_BELOW,
            }
        )
    ]
    if applications is not None:
        require(applications, ["client_id", "outcome", "first_response_hours"], "applications")
        ended = applications[applications["outcome"] != "in_progress"]
        parts.append(
            pd.DataFrame(
                {
                    "client_id": ended["client_id"],
                    "pain_point": "dropout_before_decision",
                    "hit": ended["outcome"].isin(DROPOUT_OUTCOMES),
                }
            )
        )
        answered = applications[applications["first_response_hours"].notna()]
        parts.append(
            pd.DataFrame(
                {
                    "client_id": answered["client_id"],
                    "pain_point": "slow_first_response",
                    "hit": answered["first_response_hours"] > 24 * SLOW_RESPONSE_DAYS,
                }
            )
        )
    units = pd.concat(parts, ignore_index=True)
    units["hit"] = units["hit"].astype(bool)
    return units


def plot_pain_point_groups(
    table: pd.DataFrame, top: int = 10, ax: Axes | None = None, lang: str = "en"
) -> Axes:
    """The `top` groups of `pain_point_groups_table` with the highest lift: each group's rate
    (point, 95% Wilson interval) beside the portfolio rate (grey tick)."""
    shown = table[~table["masked"].astype(bool)].head(top).iloc[::-1]
    if ax is None:
        _, ax = new_figure(9, 0.9 + 0.42 * len(shown))
    y = np.arange(len(shown))
    rate = shown["rate"].to_numpy(float)
    err = np.clip(
        np.vstack([rate - shown["rate_low"].to_numpy(float), shown["rate_high"] - rate]), 0, None
    )
    ax.errorbar(
        rate, y, xerr=err, fmt="o", color=PALETTE[1], capsize=3,
        label=MESSAGES("pain_plot_group", lang),
    )  # fmt: skip
    ax.scatter(
        shown["portfolio_rate"], y, marker="|", s=200, color=PALETTE[4],
        label=MESSAGES("pain_plot_portfolio", lang),
    )  # fmt: skip
    labels = [
        f"{group_label(g, v, lang)} · {pain_name(p, lang)}"
        for g, v, p in zip(shown["group_by"], shown["group"], shown["pain_point"], strict=True)
    ]
    ax.set_yticks(y, labels)
    pct_axis(ax, "x")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2)
    ax.set_title(MESSAGES("pain_plot_title", lang))
    return ax


def pain_point_reading(table: pd.DataFrame, top: int = 3, lang: str = "en") -> str:
    """The `top` groups with the highest lift over the portfolio rate, and how many groups lie
    clearly above it (whole interval; English or Chinese, same numbers), from
    `pain_point_groups_table`."""
    shown = unmasked_rows(table)
    if shown.empty:
        return MESSAGES("pain_none", lang)
    parts = [
        MESSAGES(
            "pain_part",
            lang,
            group=md_escape(group_label(r.group_by, r.group, lang)),
            by=md_escape(dimension_label(r.group_by, lang)),
            pain=md_escape(pain_name(r.pain_point, lang)),
            rate=format_pct(r.rate),
            overall=format_pct(r.portfolio_rate),
            lift=f"{r.lift:.2f}",
            low=format_pct(r.rate_low),
            high=format_pct(r.rate_high),
        )
        for r in shown.head(top).itertuples()
    ]
    clear = int(shown["above_portfolio"].sum())
    parts_text = MESSAGES("clause_sep", lang).join(parts)
    return MESSAGES("pain_reading", lang, parts=parts_text, clear=clear, n=len(shown))
