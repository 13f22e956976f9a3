"""Drop-off: where cases end without disbursement (the furthest stage reached, by outcome) and
when (days from the case's start and from entering that stage to its last activity)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from journey_utils.catalog import STAGES
from journey_utils.errors import InputError
from journey_utils.journey.cases import DROPOUT_OUTCOMES, case_table, require_columns
from journey_utils.journey.masking import mask_groups
from journey_utils.journey.messages import MESSAGES
from journey_utils.journey.timing import group_columns
from journey_utils.plotting import OUTCOME_COLOURS, new_figure, pct_axis
from journey_utils.stats import wilson_interval
from journey_utils.vocabulary import outcome_label, stage_label

ENDED_OUTCOMES: tuple[str, ...] = (*DROPOUT_OUTCOMES, "ended", "in_progress")
"""Outcomes of cases without disbursement, in the order tables and bars show them."""

DAY = pd.Timedelta(days=1)
_OUTCOME_ORDER = {o: i for i, o in enumerate(ENDED_OUTCOMES)}


def dropoff_table(log: pd.DataFrame, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Cases that ended at each furthest stage without disbursement, by outcome (declined,
    withdrawn, abandoned, still in_progress): cases, reached (cases that reached the stage),
    share = cases / reached with a 95% Wilson interval. Every case appears once: these rows plus
    the disbursed cases (attrs["disbursed"]) make attrs["cases"]."""
    keys = group_columns(by)
    cases = case_table(log, attributes=keys)
    columns = {f"reached_{s}": s for s in STAGES if cases[f"reached_{s}"].any()}
    if keys:
        reached = cases.groupby(keys, dropna=False)[list(columns)].sum().reset_index()
    else:
        reached = cases[list(columns)].sum().to_frame().T
    reached = reached.melt(id_vars=keys, var_name="stage", value_name="reached")
    reached["stage"] = reached["stage"].map(columns)
    ended = (
        cases[cases["outcome"].isin(ENDED_OUTCOMES)]
        .groupby([*keys, "furthest_stage", "outcome"], dropna=False)
        .size()
        .rename("cases")
        .reset_index()
        .rename(columns={"furthest_stage": "stage"})
    )
    shown = [o for o in ENDED_OUTCOMES if o != "ended" or cases["outcome"].eq(o).any()]
    grid = reached.merge(pd.DataFrame({"outcome": shown}), how="cross")
    table = grid.merge(ended, on=[*keys, "stage", "outcome"], how="left")
    table["cases"] = table["cases"].fillna(0).astype("int64")
    table["reached"] = table["reached"].astype("int64")
    table = table[table["reached"] > 0]
    order = {s: i for i, s in enumerate(STAGES)}
    table = table.sort_values(
        [*keys, "stage", "outcome"],
        key=lambda c: (
            c.map(order)
            if c.name == "stage"
            else c.map(_OUTCOME_ORDER)
            if c.name == "outcome"
            else c
        ),
    ).reset_index(drop=True)
    table["share"], table["share_low"], table["share_high"] = wilson_interval(
        table["cases"], table["reached"], 0.95
    )
    table = table[
        ["stage", "outcome", *keys, "cases", "reached", "share", "share_low", "share_high"]
    ]
    table.attrs.update(
        {"cases": len(cases), "disbursed": int(cases["outcome"].eq("disbursed").sum())}
    )
    return table


def dropoff_timing_table(
    log: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    abandon_after_days: int | None = None,
    *,
    min_cell_size: int,
) -> pd.DataFrame:
    """When dropped cases (declined, withdrawn, abandoned) end, per furthest stage and outcome:
    median / P75 / P90 days from case start and from the last entry of that stage to the last
    activity. `abandoned` was inferred upstream after `abandon_after_days` of inactivity (pass
    the params value to record the rule: column and attrs). Rows with fewer than
    `min_cell_size` cases are masked (`mask_groups`; 1: every row)."""
    keys = group_columns(by)
    require_columns(log, ["status"])
    cases = case_table(log, attributes=keys)
    dropped = cases[cases["outcome"].isin(DROPOUT_OUTCOMES)].copy()
    rows = (log["status"] == "entered") & log["outcome"].isin(DROPOUT_OUTCOMES)
    entries = log.loc[rows].groupby(["application_id", "stage"])["ts"].max()
    pairs = pd.MultiIndex.from_arrays([dropped["application_id"], dropped["furthest_stage"]])
    last_entry = entries.reindex(pairs).to_numpy()
    dropped["days_from_start"] = (dropped["last_activity"] - dropped["first_ts"]) / DAY
    dropped["days_in_stage"] = (dropped["last_activity"] - last_entry) / DAY
    rows = dropped.groupby(["furthest_stage", "outcome", *keys], dropna=False)
    parts = {"cases": rows.size()}
    for col in ("days_from_start", "days_in_stage"):
        for q, name in ((0.5, "median"), (0.75, "p75"), (0.9, "p90")):
            parts[f"{col}_{name}"] = rows[col].quantile(q)
    table = pd.DataFrame(parts).reset_index().rename(columns={"furthest_stage": "stage"})
    table["stage"] = pd.Categorical(table["stage"], categories=list(STAGES), ordered=True)
    table["outcome"] = pd.Categorical(table["outcome"], categories=list(DROPOUT_OUTCOMES))
    table = table.sort_values(["stage", "outcome", *keys]).reset_index(drop=True)
    table["stage"] = table["stage"].astype(str)
    table["outcome"] = table["outcome"].astype(str)
    table["abandon_after_days"] = pd.array([abandon_after_days] * len(table), dtype="Int64")
    table.attrs["abandon_after_days"] = abandon_after_days
    return mask_groups(table, "cases", min_cell_size=min_cell_size)


def plot_dropoff(
    table: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "en",
    group: object | None = None,
) -> Axes:
    """Stacked bars of `dropoff_table`: per furthest stage, the share of cases that reached it
    and ended there, by outcome. A grouped table needs `group` (one group's value or tuple)."""
    require_columns(table, ["stage", "outcome", "share"], "drop-off table")
    keys = [c for c in table.columns if c not in _DROPOFF_COLUMNS]
    part = _one_group(table, keys, group)
    if ax is None:
        _, ax = new_figure()
    seen = set(part["stage"].unique())
    stages = [s for s in STAGES if s in seen]
    wide = part.pivot(index="stage", columns="outcome", values="share").reindex(stages).fillna(0)
    x = np.arange(len(stages))
    bottom = np.zeros(len(stages))
    for outcome in ENDED_OUTCOMES:
        if outcome not in wide.columns or not wide[outcome].gt(0).any():
            continue  # no legend entry for an outcome no case had
        values = wide[outcome].to_numpy(float)
        ax.bar(
            x,
            values,
            bottom=bottom,
            color=OUTCOME_COLOURS[outcome],
            label=outcome_label(outcome, lang),
            width=0.7,
        )
        bottom += values
    ax.set_xticks(x, [stage_label(s, lang) for s in stages], rotation=20, ha="right")
    ax.set_ylabel(MESSAGES("dropoff_axis_share", lang))
    ax.set_xlabel(MESSAGES("dropoff_axis_stage", lang))
    pct_axis(ax)
    ax.legend()
    return ax


_DROPOFF_COLUMNS = frozenset(
    ["stage", "outcome", "cases", "reached", "share", "share_low", "share_high"]
)


def _one_group(table: pd.DataFrame, keys: list[str], group: object | None) -> pd.DataFrame:
    """The rows of one group of a grouped table (the whole table when it is not grouped)."""
    if not keys:
        return table
    labels = table[keys].apply(tuple, axis=1)
    valid = list(dict.fromkeys(labels))
    if group is None and len(valid) == 1:
        return table
    wanted = group if isinstance(group, tuple) else (group,)
    if wanted not in valid:
        shown = ", ".join(str(v[0] if len(v) == 1 else v) for v in valid[:10])
        raise InputError("group", f"pick one group of {', '.join(keys)} (valid: {shown})")
    return table[labels == wanted]
